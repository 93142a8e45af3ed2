// Package mainfail: TestMain fails before any test runs.
package mainfail

import (
	"fmt"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	fmt.Println("setup failed: no database")
	os.Exit(1)
}

func TestNeverRuns(t *testing.T) {}
