#!/bin/sh
# Re-runs the tiny Go module next to this script with Debian's golang and rewrites the
# inputs of the golden cases that come from it (then re-run their goldens with
# UPDATE_GOLDEN=1 and review the diff):
#   ../input.json      go test -json, standard error merged (Go 1.19 prints build failures
#                      there as plain text), -count=2 for retries; then ./bench with
#                      benchmarks (alone: with -bench, Go 1.19 calls every package of a run
#                      that has a build failure "[build failed]"); then ./slow with
#                      -timeout 1s (a test that never ends)
#   ../../text/input.txt   the same with go test -v (plain text), without -count
set -eu
cd "$(dirname "$0")"
export GOFLAGS=-trimpath GOCACHE="${GOCACHE:-/tmp/allure-lua-gocache}" GO111MODULE=on GOPROXY=off
pkgs="./calc ./crash ./broken ./mainfail"
{ go test -json -count=2 $pkgs 2>&1 || true
  go test -json -bench . -benchtime 100x ./bench 2>&1 || true
  go test -json -timeout 1s ./slow 2>&1 || true; } > ../input.json
{ go test -v $pkgs 2>&1 || true
  go test -v -bench . -benchtime 100x ./bench 2>&1 || true
  go test -v -timeout 1s ./slow 2>&1 || true; } > ../../text/input.txt
