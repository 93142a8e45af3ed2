#!/usr/bin/env bats

@test "adds" {
  [ 1 -eq 1 ]
}
