#!/bin/sh
# Re-runs the tiny cucumber-ruby project next to this script (Debian 12's `cucumber`, 2.4.0)
# and copies its JSON report, with the project's path made /ci/app, into
# tests/golden/cucumber/runner-cucumber-ruby/input.json. A maintenance tool: the test suite
# never runs it. Afterwards:
#   UPDATE_GOLDEN=1 ctest --test-dir build -R golden/cucumber/runner-cucumber-ruby
# and review the diff. The scenarios fail on purpose: the exit status is ignored.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$(dirname "$(dirname "$(dirname "$HERE")")")
. "$GOLDEN/runners.sh"
cd "$HERE"
rm -rf out && mkdir out
cucumber --format json --out out/cucumber.json --format progress >out/stdout.txt 2>&1 || true
grep -E '^[0-9]+ (scenarios|steps)' out/stdout.txt | sed 's/^/  cucumber: /'
put out/cucumber.json cucumber/runner-cucumber-ruby input.json
# The feature files, for the names and parameters of the outline rows.
rm -rf "$GOLDEN/cucumber/runner-cucumber-ruby/features" && mkdir -p "$GOLDEN/cucumber/runner-cucumber-ruby/features"
cp features/*.feature "$GOLDEN/cucumber/runner-cucumber-ruby/features/"
