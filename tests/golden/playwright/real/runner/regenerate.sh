#!/bin/sh
# Re-runs the tiny browser-free Playwright project next to this script (@playwright/test
# from npm, Node 20+; no browser is installed or used) and rewrites the inputs of the
# golden cases that come from it; then re-run those cases with UPDATE_GOLDEN=1 and
# review the diff:
#   ../input.json            every spec in both projects, JSON reporter (about 80 s:
#                            Playwright starts a new worker after each failure)
#   ../test-results/         the attachment files of two tests (an attached file, the error
#                            context of a failed first attempt), so the case copies them
#   ../../shards/input-N.json  tests/nested run as two shards (--shard=N/2), one report each
#   ../../merged/input.json  the same two shards' blob reports joined by merge-reports
#   ../../load-error/input.json  load-error/: a spec file that throws while loading
# This directory's absolute path becomes /ci/app, except that the paths of the kept
# attachment files point into ../test-results/ (relative to the report); the other
# attachment paths stay under /ci/app, where no file exists (the case sees them missing).
set -eu
cd "$(dirname "$0")"
here=$(pwd)
npm install --no-audit --no-fund --silent
rm -rf test-results blob-report all-blobs
PW_JSON_OUTPUT=report.json npx playwright test >/dev/null 2>&1 || true
rm -rf ../test-results && mkdir ../test-results
keep=""
for dir in calc-Calculator-attaches-files-api nested-retry-Network-passes-on-the-second-attempt-api; do
  cp -r test-results/$dir ../test-results/
  keep="$keep -e s#$here/test-results/$dir/#test-results/$dir/#g"
done
sed $keep -e "s#$here#/ci/app#g" report.json > ../input.json
mkdir -p ../../shards ../../merged all-blobs
for n in 1 2; do
  PLAYWRIGHT_JSON_OUTPUT_NAME=report.json npx playwright test tests/nested --shard=$n/2 --reporter=json,blob \
    >/dev/null 2>&1 || true
  sed "s#$here#/ci/app#g" report.json > ../../shards/input-$n.json
  cp blob-report/*.zip all-blobs/
done
PLAYWRIGHT_JSON_OUTPUT_NAME=report.json npx playwright merge-reports --reporter=json all-blobs >/dev/null 2>&1 || true
sed "s#$here#/ci/app#g" report.json > ../../merged/input.json
mkdir -p ../../load-error
PW_JSON_OUTPUT=$here/report.json npx playwright test -c load-error/playwright.config.js >/dev/null 2>&1 || true
sed "s#$here#/ci/app#g" report.json > ../../load-error/input.json
rm -rf report.json test-results blob-report all-blobs
