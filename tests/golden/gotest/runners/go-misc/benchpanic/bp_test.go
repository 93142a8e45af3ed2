package benchpanic

import "testing"

func TestBefore(t *testing.T) {}

func BenchmarkPanics(b *testing.B) {
	b.Log("about to panic")
	panic("benchmark blew up")
}
