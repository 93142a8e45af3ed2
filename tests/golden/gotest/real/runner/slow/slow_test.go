package slow

import (
	"testing"
	"time"
)

func TestQuick(t *testing.T) {}

func TestSlow(t *testing.T) {
	t.Log("waiting for the server")
	time.Sleep(5 * time.Second)
}
