// Package calc is the code under test of the golden gotest/real case.
package calc

func Add(a, b int) int { return a + b }
func Sub(a, b int) int { return a - b }
