#!/bin/sh
# Re-runs the tiny jest projects in this directory (jest from npm, Node 20+) and copies
# their reports into golden cases, with the project's absolute path replaced by /ci/app
# (the cases pass --opt root=/ci/app), so the inputs do not depend on the checkout:
#   jest/   jest 30: --json        -> tests/golden/jest/runner-jest30/input.json
#           jest-ctrf-json-reporter -> tests/golden/ctrf/runner-jest/input.json
#   jest29/ jest 29: --json        -> tests/golden/jest/runner-jest29/input.json
#   fidelity/ jest 30: --json      -> tests/golden/jest/runner-fidelity/input.json
#           jest-junit, its defaults -> tests/golden/junit/jest-default/input.xml
# A maintenance tool: the test suite never runs it. Afterwards:
#   UPDATE_GOLDEN=1 ctest --test-dir build -R 'golden/(jest|ctrf)/runner-'
# and review the diff (times change from run to run). The tests fail on purpose, so
# jest's exit status is ignored; a missing report is an error.
#
#   tests/golden/jest/runners/regenerate.sh [jest|jest29 ...]   (default: both)
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$(dirname "$(dirname "$HERE")")

. "$GOLDEN/runners.sh"

# run DIR: a fresh out/ in DIR, the pinned packages, then jest --json (the summary
# line goes to out/summary.txt: the README records it).
run() {
  cd "$HERE/$1"
  rm -rf out
  mkdir out
  npm_deps
  npx jest --json --outputFile=out/jest.json >/dev/null 2>out/stderr.txt || true
  grep -E '^(Test Suites|Tests):' out/stderr.txt | tee out/summary.txt
}

# fidelity: jest --json and jest-junit as a new user runs it (no options: no file
# attribute, suites named after the first describe).
run_fidelity() {
  cd "$HERE/fidelity"
  rm -rf out
  mkdir out
  npm_deps
  JEST_JUNIT_OUTPUT_DIR=out JEST_JUNIT_OUTPUT_NAME=jest-junit.xml npx jest --ci --json \
    --outputFile=out/jest.json --reporters=default --reporters=jest-junit >/dev/null 2>out/stderr.txt || true
  grep -E '^(Test Suites|Tests):' out/stderr.txt | tee out/summary.txt
}

[ $# -gt 0 ] || set -- jest jest29 fidelity
for runner in "$@"; do
  echo "$runner:"
  case $runner in
    jest) run jest; put out/jest.json jest/runner-jest30; put out/jest-ctrf.json ctrf/runner-jest ;;
    jest29) run jest29; put out/jest.json jest/runner-jest29 ;;
    fidelity) run_fidelity; put out/jest.json jest/runner-fidelity; put out/jest-junit.xml junit/jest-default input.xml ;;
    *) echo "regenerate: unknown runner $runner" >&2; exit 2 ;;
  esac
done
