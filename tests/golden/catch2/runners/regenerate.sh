#!/bin/sh
# Re-runs the Catch2 v2 suites here and copies their reports, byte for byte, into the
# golden cases:
#   ../runner-xml/input.xml         suite_test -r xml -d yes      (allure-lua catch2)
#   ../runner-successes/input.xml   suite_test -r xml -s -d yes   (passed assertions too)
#   ../runner-crash/input.xml       crash_test -r xml -d yes      (SIGSEGV in a test)
#   ../runner-killed/input.xml      killed_test -r xml -s, SIGKILLed after 2 s while a test hangs
#   ../../junit/runner-catch2/input.xml  suite_test -r junit      (allure-lua junit)
#   ../runner-sweep/input.xml, ../../junit/runner-catch2-sweep/input.xml  sweep_test -r xml -s -d yes,
#                                   -r junit (std::abort ends the run)
#   ../../tap/runner-catch2/input.tap   tap_test (suite_test with the TAP reporter) -r tap
#                                   (allure-lua tap)
# A maintenance tool: the test suite never runs it. Then:
#   UPDATE_GOLDEN=1 ctest --test-dir build -R 'golden/(catch2/runner-|junit/runner-catch2|tap/runner-catch2)'
# and review the diff. Needs (Debian 12): g++ catch2 (2.13, header-only). The tests fail
# and crash on purpose: exit statuses are ignored.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE/catch2"
rm -rf out
mkdir out
g++ -std=c++17 -O0 -o out/suite_test suite_test.cpp
g++ -std=c++17 -O0 -o out/crash_test crash_test.cpp
g++ -std=c++17 -O0 -o out/killed_test killed_test.cpp
g++ -std=c++17 -O0 -o out/sweep_test sweep_test.cpp
g++ -std=c++17 -O0 -o out/tap_test tap_test.cpp
out/suite_test -r xml -d yes -o out/suite.xml >/dev/null 2>&1 || true
out/suite_test -r xml -s -d yes -o out/suite-s.xml >/dev/null 2>&1 || true
out/suite_test -r junit -o out/suite-junit.xml >/dev/null 2>&1 || true
out/crash_test -r xml -d yes -o out/crash.xml >/dev/null 2>&1 || true
timeout -s KILL 2 out/killed_test -r xml -s -o out/killed.xml >/dev/null 2>&1 || true
out/suite_test >out/console.txt 2>&1 || true
out/crash_test >out/crash-console.txt 2>&1 || true
out/sweep_test -r xml -s -d yes -o out/sweep.xml >/dev/null 2>&1 || true
out/sweep_test -r junit -o out/sweep-junit.xml >/dev/null 2>&1 || true
out/sweep_test >out/sweep-console.txt 2>&1 || true
out/tap_test -r tap -o out/suite.tap >/dev/null 2>&1 || true
GOLDEN=$(dirname "$HERE")
. "$GOLDEN/../runners.sh"
put out/suite.xml runner-xml input.xml
put out/suite-s.xml runner-successes input.xml
put out/crash.xml runner-crash input.xml
put out/killed.xml runner-killed input.xml
put out/sweep.xml runner-sweep input.xml
GOLDEN=$GOLDEN/../junit
put out/suite-junit.xml runner-catch2 input.xml
put out/sweep-junit.xml runner-catch2-sweep input.xml
GOLDEN=$GOLDEN/../tap
put out/suite.tap runner-catch2 input.tap
grep -E '^(test cases|assertions):' out/console.txt out/crash-console.txt out/sweep-console.txt || true
