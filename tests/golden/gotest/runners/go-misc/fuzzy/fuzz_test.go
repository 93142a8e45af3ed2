package fuzzy

import (
	"strings"
	"testing"
)

func FuzzUpper(f *testing.F) {
	f.Add("abc")
	f.Add("bad")
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Contains(s, "bad") {
			t.Errorf("input %q is bad", s)
		}
	})
}

func FuzzSkip(f *testing.F) {
	f.Skip("no corpus on CI")
}
