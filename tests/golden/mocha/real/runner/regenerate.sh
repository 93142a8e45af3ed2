#!/bin/sh
# Re-runs the tiny mocha project next to this script (mocha from npm, Node 20+) and
# rewrites the inputs of the golden cases that come from it; then re-run those cases
# with UPDATE_GOLDEN=1 and review the diff:
#   ../input.json                    every spec; the JSON goes to a file
#                                    (--reporter-option output=), so console.log of the
#                                    tests stays out of it
#   ../../console-output/input.json  test/nested/hooks.spec.js with the JSON on standard
#                                    output, where a test's console.log comes first
# In both, this directory's absolute path becomes /ci/app, so the inputs do not depend
# on where the repository is checked out (the real case passes --opt root=/ci/app).
set -eu
cd "$(dirname "$0")"
npm install --no-audit --no-fund --silent
npx mocha --reporter json --reporter-option output=report.json 'test/**/*.spec.js' >/dev/null || true
sed "s#$(pwd)#/ci/app#g" report.json > ../input.json
rm -f report.json
npx mocha --reporter json test/nested/hooks.spec.js > report.json || true
sed "s#$(pwd)#/ci/app#g" report.json > ../../console-output/input.json
rm -f report.json
