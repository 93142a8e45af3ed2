#!/bin/sh
# Re-runs the tiny vitest project next to this script (vitest from npm, Node 20+) and
# rewrites ../input.json, the input of the golden case tests/golden/jest/vitest; then
# re-run that case with UPDATE_GOLDEN=1 and review the diff. This directory's absolute
# path becomes /ci/app, so the input does not depend on where the repository is
# checked out (the case passes --opt root=/ci/app).
set -eu
cd "$(dirname "$0")"
npm install --no-audit --no-fund --silent
npx vitest run --reporter=json --outputFile=report.json >/dev/null 2>&1 || true
sed "s#$(pwd)#/ci/app#g" report.json > ../input.json
rm -f report.json
