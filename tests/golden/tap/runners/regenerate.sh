#!/bin/sh
# Re-runs the tiny test suites in this directory with the real runners and copies each TAP
# stream, byte for byte except for this directory's path (made /src), into its golden case
# as input.tap / input.txt. A maintenance tool: the test suite never runs it. Then:
#   cmake --build build && UPDATE_GOLDEN=1 ctest --test-dir build -R golden/tap/
# and review the diff: the streams carry durations that change from run to run.
#
#   tests/golden/tap/runners/regenerate.sh [RUNNER...]     (default: all)
#
# Runners: node-test node-tap tape perl perl-more cmocka bats
# Needs (Debian 12): nodejs npm perl libtest2-suite-perl libcmocka-dev bats, and the npm
# registry for `npm ci` in node-tap/ and tape/. Build products go to <runner>/out/
# (git-ignored). The suites fail on purpose, so exit statuses are ignored.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
CASES=$(dirname "$HERE")

# put FILE CASE [NAME]: FILE into CASES/CASE/NAME (default input.tap), paths made /src.
put() {
  [ -s "$1" ] || { echo "regenerate: $1 was not written" >&2; exit 1; }
  mkdir -p "$CASES/$2"
  sed "s#$HERE#/src#g" "$1" > "$CASES/$2/${3:-input.tap}"
  echo "  $2/${3:-input.tap} ($(wc -c <"$CASES/$2/${3:-input.tap}") bytes)"
}

fresh() {
  cd "$HERE/$1"
  rm -rf out
  mkdir out
}

npm_deps() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    npm ci --no-audit --no-fund >/dev/null
  fi
}

run_node_test() {
  fresh node-test
  node --test --test-reporter=tap cart.test.mjs crash.test.mjs > out/node-test.tap 2>/dev/null || true
  put out/node-test.tap node-test-runner
  # A failing before hook: its error is on the describe's point, its tests cancelled.
  node --test --test-reporter=tap hook.test.mjs > out/hook.tap 2>/dev/null || true
  put out/hook.tap node-test-hook
  # Every hook shape, from three files in one run (the tap reporter's one stream).
  node --test --test-reporter=tap hooks.test.mjs hooks-test.test.mjs hooks-before.test.mjs > out/hooks.tap 2>/dev/null || true
  put out/hooks.tap node-test-hooks
  # fidelity/: the tap and junit reporters of one run (the junit report is a junit case).
  (cd fidelity && node --test --test-reporter=tap --test-reporter-destination=../out/fidelity.tap \
    --test-reporter=junit --test-reporter-destination=../out/fidelity.xml \
    a.test.mjs b.test.mjs c.test.mjs >/dev/null 2>&1) || true
  put out/fidelity.tap node-test-fidelity
  put out/fidelity.xml ../junit/node-test-fidelity input.xml
}

run_node_tap() {
  fresh node-tap
  npm_deps
  # Through tap's runner (each file one subtest of the stream), and the file's own stream.
  npx tap --reporter=tap --disable-coverage test/sample.js > out/runner.tap 2>/dev/null || true
  node test/sample.js > out/raw.tap 2>/dev/null || true
  # fidelity/: output inside a subtest, a throw at load, a file that exits 2.
  npx tap --reporter=tap --disable-coverage fidelity/*.test.js > out/fidelity.tap 2>/dev/null || true
  put out/runner.tap node-tap-runner
  put out/raw.tap node-tap-raw
  put out/fidelity.tap node-tap-fidelity
}

run_tape() {
  fresh tape
  npm_deps
  node sample.js > out/tape.tap 2>/dev/null || true
  put out/tape.tap tape
}

run_perl() {
  fresh perl
  # Plain: the tests' diagnostics (standard error) are not in the stream; --merge: they are.
  prove -v t/ > out/prove.txt 2>/dev/null || true
  prove -v --merge t/ > out/prove-merge.txt 2>/dev/null || true
  put out/prove.txt prove input.txt
  put out/prove-merge.txt prove-merge input.txt
}

run_perl_more() {
  fresh perl-more
  # Shaped otherwise: one file name in two directories (-r), a die inside a subtest, a TODO
  # and a SKIP two subtests deep, 50 KB of diag, exit 3 after all passed, Test2::V0 (todo
  # that passes, a buffered subtest that skip_alls, a deep comparison), a module that fails
  # to load.
  prove -v -r t/ t2/ > out/prove.txt 2>/dev/null || true
  prove -v --merge -r t/ t2/ > out/prove-merge.txt 2>/dev/null || true
  put out/prove.txt prove-more input.txt
  put out/prove-merge.txt prove-more-merge input.txt
}

run_cmocka() {
  fresh cmocka
  cc -o out/groups groups.c $(pkg-config --cflags --libs cmocka)
  CMOCKA_MESSAGE_OUTPUT=TAP ./out/groups > out/groups.tap 2>&1 || true
  put out/groups.tap cmocka-groups
  cc -o out/sweep sweep.c $(pkg-config --cflags --libs cmocka)
  CMOCKA_MESSAGE_OUTPUT=TAP ./out/sweep > out/sweep.tap 2>&1 || true
  put out/sweep.tap cmocka-sweep
}

run_bats() {
  fresh bats
  bats --tap sample.bats > out/bats.tap 2>/dev/null || true
  put out/bats.tap bats
}

for r in ${@:-node-test node-tap tape perl perl-more cmocka bats}; do
  echo "$r:"
  case $r in
    node-test) run_node_test ;;
    node-tap) run_node_tap ;;
    tape) run_tape ;;
    perl) run_perl ;;
    perl-more) run_perl_more ;;
    cmocka) run_cmocka ;;
    bats) run_bats ;;
    *) echo "regenerate: unknown runner $r" >&2; exit 2 ;;
  esac
done
