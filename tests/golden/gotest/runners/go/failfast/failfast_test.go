// Package failfast: run with -failfast, the tests after the failing one do not run.
package failfast

import "testing"

func TestFirst(t *testing.T) {}

func TestFails(t *testing.T) { t.Error("stop here") }

func TestNotRun(t *testing.T) {}
