#!/bin/sh
# Re-runs the tiny jest project next to this script (jest from npm, Node 20+) and
# rewrites ../input.json, the input of the golden case tests/golden/jest/real; then
# re-run that case with UPDATE_GOLDEN=1 and review the diff. --testLocationInResults
# adds each test's line; this directory's absolute path becomes /ci/app, so the input
# does not depend on where the repository is checked out (the case passes
# --opt root=/ci/app).
set -eu
cd "$(dirname "$0")"
npm install --no-audit --no-fund --silent
npx jest --json --testLocationInResults --outputFile=report.json >/dev/null 2>&1 || true
sed "s#$(pwd)#/ci/app#g" report.json > ../input.json
rm -f report.json
