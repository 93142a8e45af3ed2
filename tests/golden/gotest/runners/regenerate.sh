#!/bin/sh
# Re-runs the tiny Go module in go/ with Debian's golang-go (1.19) and copies each stream,
# byte for byte except for the suite's path (made /ci/app), into its golden case. A
# maintenance tool: the test suite never runs it. Then:
#   cmake --build build && UPDATE_GOLDEN=1 ctest --test-dir build -R golden/gotest/runner-
# and review the diff: the streams carry times that change from run to run.
#
#   tests/golden/gotest/runners/regenerate.sh
#
# Cases (see README.md for what each shows and the counts go prints):
#   runner-go-json      go test -json -count=2 -timeout 3s ./... 2>&1   (every package)
#   runner-go-failfast  go test -json -failfast ./failfast ./shop 2>&1
#   runner-go-text      go test -v -timeout 3s ./... 2>&1               (go test -v text)
#   runner-go-stdout    go test -json ./broken ./cart                   (standard error not merged)
#   runner-misc-json    in go-misc/: go test -json -count=1 -bench . -benchtime 100x ./... 2>&1
#                       (benchmarks, fuzz seeds, cleanups, os.Exit(0), a vet failure)
# Needs (Debian 12): golang-go. No network: std library only, GOPROXY=off. The suites fail,
# panic and time out on purpose, so exit statuses are ignored.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
CASES=$(dirname "$HERE")

# put, from the runners' shared helpers: the working directory's path made /ci/app.
GOLDEN=$CASES
. "$CASES/../runners.sh"

cd "$HERE/go"
rm -rf out
mkdir out
# -trimpath: no paths of this machine in panics; one cache per run, so that no "(cached)"
# result hides a package's output.
export GOFLAGS="-trimpath -mod=mod" GOCACHE="$HERE/go/out/gocache" GO111MODULE=on GOPROXY=off
{ go test -json -count=2 -timeout 3s ./... 2>&1 || true; } > out/json.json
{ go test -json -failfast ./failfast ./shop 2>&1 || true; } > out/failfast.json
{ go test -v -timeout 3s ./... 2>&1 || true; } > out/text.txt
{ go test -json ./broken ./cart 2>/dev/null || true; } > out/stdout.json
put out/json.json runner-go-json
put out/failfast.json runner-go-failfast
put out/text.txt runner-go-text input.txt
put out/stdout.json runner-go-stdout

# go-misc/: a second module (example.com/misc), shaped otherwise: benchmarks that pass, fail,
# skip and panic (Go 1.19 writes them inside the last test's events, a result line often in
# two events), fuzz seeds, failing cleanups, os.Exit(0) in a test, a vet failure.
cd "$HERE/go-misc"
rm -rf out
mkdir out
export GOCACHE="$HERE/go-misc/out/gocache"
{ go test -json -count=1 -bench . -benchtime 100x ./... 2>&1 || true; } > out/json.json
put out/json.json runner-misc-json
