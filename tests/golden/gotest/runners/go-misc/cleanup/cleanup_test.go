package cleanup

import "testing"

func TestCleanupFails(t *testing.T) {
	t.Cleanup(func() { t.Error("cleanup found a leak") })
	t.Log("body passes")
}

func TestCleanupPanics(t *testing.T) {
	t.Cleanup(func() { panic("cleanup panicked") })
}

func TestAfter(t *testing.T) {}
