package exit0

import (
	"os"
	"testing"
)

func TestFirst(t *testing.T) {}

func TestExits(t *testing.T) {
	os.Exit(0)
}

func TestNever(t *testing.T) {}
