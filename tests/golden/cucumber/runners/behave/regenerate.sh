#!/bin/sh
# Re-runs the tiny behave project next to this script (Debian 12's python3-behave, 1.2.6) and
# copies its JSON report, with the project's path made /ci/app, into
# tests/golden/cucumber/runner-behave/input.json. A maintenance tool: the test suite never
# runs it. Afterwards:
#   UPDATE_GOLDEN=1 ctest --test-dir build -R golden/cucumber/runner-behave
# and review the diff. The scenarios fail on purpose: the exit status is ignored.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$(dirname "$(dirname "$(dirname "$HERE")")")
. "$GOLDEN/runners.sh"
cd "$HERE"
rm -rf out && mkdir out
PYTHONDONTWRITEBYTECODE=1 behave -f json -o out/behave.json -f progress --no-capture >out/stdout.txt 2>&1 || true
grep -E '^[0-9]+ (features?|scenarios|steps) ' out/stdout.txt | sed 's/^/  behave: /'
put out/behave.json cucumber/runner-behave input.json
# The feature files, for the names and parameters of the outline rows.
rm -rf "$GOLDEN/cucumber/runner-behave/features" && mkdir -p "$GOLDEN/cucumber/runner-behave/features"
cp features/*.feature "$GOLDEN/cucumber/runner-behave/features/"
