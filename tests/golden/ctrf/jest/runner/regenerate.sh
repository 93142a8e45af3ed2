#!/bin/sh
# Re-runs the tiny jest project next to this script with jest-ctrf-json-reporter (both from
# npm, Node 20+) and rewrites ../input.json, the input of the golden case
# tests/golden/ctrf/jest; then re-run that case with UPDATE_GOLDEN=1 and review the diff.
# The test "passes on the second attempt" fails once and passes on a retry
# (jest.retryTimes); this directory's absolute path becomes /ci/app, so the input does not
# depend on where the repository is checked out.
set -eu
cd "$(dirname "$0")"
npm install --no-audit --no-fund --silent
npx jest >/dev/null 2>&1 || true
sed "s#$(pwd)#/ci/app#g" report.json > ../input.json
rm -f report.json
