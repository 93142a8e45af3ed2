package calc

import (
	"fmt"
	"testing"
	"time"
)

func TestAdd(t *testing.T) {
	if Add(1, 2) != 3 {
		t.Fatal("1 + 2 is not 3")
	}
	t.Log("added")
}

// Parallel subtests: their events interleave.
func TestTable(t *testing.T) {
	cases := []struct {
		name       string
		a, b, want int
	}{{"one plus one", 1, 1, 2}, {"two plus two", 2, 2, 5}, {"nested/zero", 0, 0, 0}}
	for _, c := range cases {
		c := c
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			time.Sleep(10 * time.Millisecond)
			if got := Add(c.a, c.b); got != c.want {
				t.Errorf("Add(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
			}
		})
	}
}

func TestSkip(t *testing.T) { t.Skip("needs a database") }

// Fails on its first run in the process and passes after: flaky under -count=2.
var flakyRuns int

func TestFlaky(t *testing.T) {
	flakyRuns++
	if flakyRuns == 1 {
		t.Error("first attempt fails")
	}
}

func ExampleAdd() {
	fmt.Println(Add(2, 2))
	// Output: 5
}

func ExampleSub() {
	fmt.Println(Sub(3, 1))
	// Output: 2
}

func BenchmarkAdd(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Add(1, 2)
	}
}
