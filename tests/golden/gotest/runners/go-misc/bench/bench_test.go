package bench

import "testing"

func BenchmarkSum(b *testing.B) {
	s := 0
	for i := 0; i < b.N; i++ {
		s += i
	}
}

func BenchmarkFails(b *testing.B) {
	b.Fatal("benchmark cannot run")
}

func BenchmarkSkips(b *testing.B) {
	b.Skip("no hardware")
}

func TestInBench(t *testing.T) {}
