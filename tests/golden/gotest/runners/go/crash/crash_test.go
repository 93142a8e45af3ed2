// Package crash: a test panics, the test binary dies; the tests after it never run.
package crash

import (
	"fmt"
	"testing"
)

func div(a, b int) int { return a / b }

func TestBefore(t *testing.T) {}

func TestPanic(t *testing.T) {
	fmt.Println("about to divide")
	div(1, 0)
}

func TestNeverRuns(t *testing.T) {}
