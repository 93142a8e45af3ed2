#!/bin/sh
# Re-runs the tiny browser-free Playwright project in playwright/ (@playwright/test and
# playwright-ctrf-json-reporter from npm, Node 20+; PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1:
# no test takes the `page` fixture) and copies its reports into golden cases, with the
# project's absolute path replaced by /ci/app, so the inputs do not depend on the checkout:
#   npx playwright test --retries=2   (one run, three reporters, about 70 s)
#     json                          -> tests/golden/playwright/runner-playwright/input.json
#     junit                         -> tests/golden/junit/runner-playwright/input.xml
#     playwright-ctrf-json-reporter -> tests/golden/ctrf/runner-playwright/input.json
#   npx playwright test -c load/playwright.config.js   (spec files that do not load)
#     json                          -> tests/golden/playwright/runner-load/input.json
#   npx playwright test tests/nested --shard=N/2 --reporter=json,blob, then merge-reports
#     json of each shard            -> tests/golden/playwright/shards/input-N.json
#     the two blobs merged, json    -> tests/golden/playwright/merged/input.json
# The files attached by path of the test "attaches bodies and files" are copied into
# runner-playwright/test-results/ and the report names them relative to itself, so the
# case attaches them; the other attachment paths (error-context.md) point under /ci/app,
# where no file is (the case sees them missing). A maintenance tool: the test suite never
# runs it. Afterwards:
#   UPDATE_GOLDEN=1 ctest --test-dir build -R 'golden/(playwright|junit|ctrf)/runner-'
# and review the diff (times change from run to run). The tests fail on purpose, so
# Playwright's exit status is ignored; a missing report is an error. Playwright's summary
# goes to playwright/out/summary.txt (the README records it).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$(dirname "$(dirname "$HERE")")

. "$GOLDEN/runners.sh"

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
cd "$HERE/playwright"
rm -rf out test-results
mkdir out
npm_deps
npx playwright test --retries=2 >out/list.txt 2>&1 || true
grep -E '^ +[0-9]+ (passed|failed|flaky|skipped|did not run)' out/list.txt | tee out/summary.txt
npx playwright test -c load/playwright.config.js >out/load.txt 2>&1 || true
# tests/nested as two shards (json and blob reports each), and the blobs merged.
mkdir -p out/blobs
for n in 1 2; do
  rm -rf blob-report
  PLAYWRIGHT_JSON_OUTPUT_NAME=out/shard-$n.json npx playwright test tests/nested --shard=$n/2 --output=out/shard-results \
    --reporter=json,blob >/dev/null 2>&1 || true
  cp blob-report/*.zip out/blobs/
done
rm -rf blob-report
PLAYWRIGHT_JSON_OUTPUT_NAME=out/merged.json npx playwright merge-reports --reporter=json out/blobs \
  >/dev/null 2>&1 || true

case=$GOLDEN/playwright/runner-playwright
rm -rf "$case/test-results"
mkdir -p "$case/test-results"
keep=""
for dir in test-results/attach-attaches-bodies-and-files-*; do
  cp -r "$dir" "$case/test-results/"
  keep="$keep -e s#$(pwd)/$dir/#$dir/#g"
done
# shellcheck disable=SC2086 # $keep is a list of sed arguments
sed $keep out/report.json > out/report-kept.json
put out/report-kept.json playwright/runner-playwright
put out/junit.xml junit/runner-playwright input.xml
put out/ctrf.json ctrf/runner-playwright
put out/load.json playwright/runner-load
put out/shard-1.json playwright/shards input-1.json
put out/shard-2.json playwright/shards input-2.json
put out/merged.json playwright/merged
