#!/bin/sh
# Re-runs the tiny cucumber-js project in cucumber-js/ (from npm; cucumber-js 12 is the
# last release for Node 20) once, with both formatters, and copies the reports into
# golden cases, with the project's absolute path (in stack traces) replaced by /ci/app:
#   --format json:...     -> tests/golden/cucumber/runner-json/input.json
#                            (+ features/: the outline rows' names and Examples headers)
#   --format message:...  -> tests/golden/cucumber/runner-messages/input.ndjson
# tests/cucumber-identity.lua checks that both give every scenario the same identity.
# A maintenance tool: the test suite never runs it. Afterwards:
#   UPDATE_GOLDEN=1 ctest --test-dir build -R 'golden/cucumber/runner-'
# and review the diff (times change from run to run). The scenarios fail on purpose, so
# the exit status is ignored; a missing report is an error. The summary formatter's
# lines go to cucumber-js/out/summary.txt (the README records them).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$(dirname "$(dirname "$HERE")")

. "$GOLDEN/runners.sh"

cd "$HERE/cucumber-js"
rm -rf out
mkdir out
npm_deps
npx cucumber-js --retry 2 --retry-tag-filter @flaky --format summary \
  --format json:out/cucumber.json --format message:out/cucumber.ndjson >out/stdout.txt 2>&1 || true
grep -E '^[0-9]+ (scenarios|steps)' out/stdout.txt | tee out/summary.txt
put out/cucumber.json cucumber/runner-json input.json
rm -rf "$GOLDEN/cucumber/runner-json/features"
for f in features/*.feature features/*/*.feature; do
  mkdir -p "$GOLDEN/cucumber/runner-json/$(dirname "$f")"
  cp "$f" "$GOLDEN/cucumber/runner-json/$f"
done
put out/cucumber.ndjson cucumber/runner-messages input.ndjson
