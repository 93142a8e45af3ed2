// Package slow: run with -timeout 1s, TestSlow never ends.
package slow

import (
	"testing"
	"time"
)

func TestQuick(t *testing.T) {}

func TestSlow(t *testing.T) {
	t.Log("waiting for the server")
	time.Sleep(10 * time.Second)
}
