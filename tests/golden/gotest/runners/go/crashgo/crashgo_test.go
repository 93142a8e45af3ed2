// Package crashgo: a goroutine a test started panics; the test never gets its end.
package crashgo

import (
	"testing"
	"time"
)

func TestFirst(t *testing.T) {}

func TestGoroutinePanics(t *testing.T) {
	t.Log("starting the worker")
	go func() { panic("worker: nil basket") }()
	time.Sleep(time.Second)
}

func TestNeverRuns(t *testing.T) {}
