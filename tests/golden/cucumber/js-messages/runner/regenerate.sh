#!/bin/sh
# Re-runs the tiny cucumber-js project next to this script (@cucumber/cucumber from npm,
# Node 20+) and rewrites the inputs of two golden cases from the same run:
#   ../input.ndjson          tests/golden/cucumber/js-messages (--format message)
#   ../../js-json/input.json tests/golden/cucumber/js-json     (--format json)
# then re-run both cases with UPDATE_GOLDEN=1 and review the diff. The scenario tagged
# @flaky fails once and passes when retried (--retry 1); this directory's absolute path
# becomes /ci/app in stack traces, so the inputs do not depend on the checkout.
set -eu
cd "$(dirname "$0")"
npm install --no-audit --no-fund --silent
npx cucumber-js --format json:report.json --format message:report.ndjson \
  --retry 1 --retry-tag-filter @flaky >/dev/null || true
sed "s#$(pwd)#/ci/app#g" report.ndjson > ../input.ndjson
sed "s#$(pwd)#/ci/app#g" report.json > ../../js-json/input.json
rm -f report.json report.ndjson
