#!/usr/bin/env bats
# bats suite for the TAP golden: pass, a failing command, skip with reason, output.
@test "adds" {
  [ $((1 + 1)) -eq 2 ]
}
@test "fails on purpose" {
  echo "some output"
  [ 1 -eq 2 ]
}
@test "skipped <&> café" {
  skip "no network"
}
