// Package shop is the code under test of the gotest runner fixtures.
package shop

func Add(a, b int) int { return a + b }

func Discount(price, percent int) int { return price - price*percent/100 }
