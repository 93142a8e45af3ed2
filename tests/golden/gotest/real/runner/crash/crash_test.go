package crash

import (
	"fmt"
	"testing"
)

func div(a, b int) int { return a / b }

func TestPanic(t *testing.T) {
	fmt.Println("about to divide")
	div(1, 0)
}

func TestNeverRuns(t *testing.T) {}
