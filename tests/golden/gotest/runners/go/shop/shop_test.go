package shop

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestPass(t *testing.T) {
	t.Log("a log line of a passing test")
	fmt.Println("stdout of a passing test")
}

func TestError(t *testing.T) {
	t.Errorf("Add(2, 2) = %d, want %d", Add(2, 2), 5)
	t.Log("goes on after t.Error")
}

func TestFatal(t *testing.T) {
	t.Fatal("cannot open the basket:\n  line two of the message")
	t.Log("never printed")
}

func TestSkip(t *testing.T) {
	t.Skip("needs a database")
}

// Names with unicode, spaces (go writes them as _) and <&>"'{}.
func TestNames(t *testing.T) {
	t.Run("Grüße an die Welt", func(t *testing.T) {
		t.Run(`quotes "double" and 'single'`, func(t *testing.T) {})
		t.Run("<&> {braces}", func(t *testing.T) { t.Error("markup <&> in a message") })
	})
	t.Run("日本語", func(t *testing.T) {})
}

// Table-driven subtests, one failing.
func TestDiscount(t *testing.T) {
	cases := []struct {
		name                 string
		price, percent, want int
	}{{"no discount", 100, 0, 100}, {"half", 100, 50, 50}, {"rounding", 99, 10, 90}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Discount(c.price, c.percent); got != c.want {
				t.Errorf("Discount(%d, %d) = %d, want %d", c.price, c.percent, got, c.want)
			}
		})
	}
}

// Parallel tests whose output interleaves.
func TestParallel(t *testing.T) {
	for _, name := range []string{"alpha", "beta", "gamma"} {
		name := name
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for i := 0; i < 3; i++ {
				t.Logf("%s step %d", name, i)
				time.Sleep(5 * time.Millisecond)
			}
			if name == "beta" {
				t.Errorf("%s failed", name)
			}
		})
	}
}

// About 50 KB of output.
func TestBigOutput(t *testing.T) {
	line := strings.Repeat("x", 99)
	for i := 0; i < 512; i++ {
		fmt.Printf("%04d %s\n", i, line)
	}
}

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

func ExampleDiscount() {
	fmt.Println(Discount(200, 25))
	// Output: 150
}
