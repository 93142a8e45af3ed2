#!/usr/bin/env bats
# A tiny bats suite: pass, failure, skip, output, the same name in two files (other.bats).

@test "adds" {
  [ "$((2 + 2))" -eq 4 ]
}

@test "fails with output" {
  echo "about to fail"
  [ "$((2 + 2))" -eq 5 ]
}

@test "skips" {
  skip "no network here"
}

@test "name with <&>\"'{} and Zoë" {
  true
}
