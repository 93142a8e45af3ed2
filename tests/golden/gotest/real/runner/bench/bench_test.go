package bench

import (
	"fmt"
	"strings"
	"testing"
)

func TestUpper(t *testing.T) {
	if strings.ToUpper("go") != "GO" {
		t.Fatal("upper")
	}
}

func ExampleHello() {
	fmt.Println("hello")
	// Output: hello
}

func BenchmarkUpper(b *testing.B) {
	for i := 0; i < b.N; i++ {
		strings.ToUpper("benchmark")
	}
}
