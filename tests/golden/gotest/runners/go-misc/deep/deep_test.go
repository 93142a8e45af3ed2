package deep

import (
	"fmt"
	"os"
	"testing"
)

func TestLevels(t *testing.T) {
	t.Run("a", func(t *testing.T) {
		t.Run("a", func(t *testing.T) {
			t.Run("leaf ünï <&>\"'{}", func(t *testing.T) {})
			t.Run("leaf ünï <&>\"'{}", func(t *testing.T) { t.Error("the duplicate fails") })
		})
		t.Run("skips", func(t *testing.T) { t.Skipf("skipped with %d reason", 1) })
	})
	t.Run("with/slash", func(t *testing.T) { t.Log("slash in a name") })
}

func TestParentFailsAfterChildren(t *testing.T) {
	t.Run("ok", func(t *testing.T) {})
	t.Fatal("parent fatal after its child")
}

func TestStderr(t *testing.T) {
	fmt.Fprintln(os.Stderr, "to stderr")
	fmt.Println("to stdout")
}

func TestParallelFails(t *testing.T) {
	for _, n := range []string{"p1", "p2"} {
		n := n
		t.Run(n, func(t *testing.T) {
			t.Parallel()
			if n == "p2" {
				t.Errorf("%s fails in parallel", n)
			}
		})
	}
}
