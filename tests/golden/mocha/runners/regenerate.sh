#!/bin/sh
# Re-runs the tiny mocha project in mocha/ (mocha from npm, Node 20+) and copies its
# reports into golden cases, with the project's absolute path replaced by /ci/app (the
# cases pass --opt root=/ci/app), so the inputs do not depend on the checkout:
#   --reporter json                      -> tests/golden/mocha/runner-mocha/input.json
#   --reporter mocha-ctrf-json-reporter  -> tests/golden/ctrf/runner-mocha/input.json
# A maintenance tool: the test suite never runs it. Afterwards:
#   UPDATE_GOLDEN=1 ctest --test-dir build -R 'golden/(mocha|ctrf)/runner-mocha'
# and review the diff (times change from run to run). The tests fail on purpose, so
# mocha's exit status is ignored; a missing report is an error. The summary of the
# spec reporter goes to mocha/out/summary.txt (the README records it).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$(dirname "$(dirname "$HERE")")

. "$GOLDEN/runners.sh"

cd "$HERE/mocha"
rm -rf out
mkdir out
npm_deps
npx mocha --reporter spec >out/spec.txt 2>&1 || true
grep -E '^ +[0-9]+ (passing|pending|failing)' out/spec.txt | tee out/summary.txt
npx mocha --reporter json --reporter-option output=out/mocha.json >/dev/null 2>&1 || true
# It takes its options from .mocharc.json when there is one: its default ctrf/ctrf-report.json.
rm -rf ctrf
npx mocha --reporter mocha-ctrf-json-reporter >/dev/null 2>&1 || true
put out/mocha.json mocha/runner-mocha
# fidelity/: a suite shaped otherwise (--no-config: not the .mocharc.json spec)
npx mocha --no-config --reporter spec fidelity/*.spec.js 2>&1 | grep -E '^ +[0-9]+ (passing|pending|failing)' || true
npx mocha --no-config --reporter json --reporter-option output=out/fidelity.json fidelity/*.spec.js >/dev/null 2>&1 || true
put out/fidelity.json mocha/runner-fidelity
put ctrf/ctrf-report.json ctrf/runner-mocha
