#!/bin/sh
# Re-runs the googletest suite here and copies its reports, byte for byte (the working
# directory's path made /ci/app), into the golden cases:
#   ../runner-googletest/input.json        --gtest_output=json   (allure-lua gtest)
#   ../../junit/runner-googletest/input.xml --gtest_output=xml   (allure-lua junit)
#   ../runner-googletest-sweep/input.json, ../../junit/runner-googletest-sweep/input.xml: the
#   same two for sweep_test.cc
# A maintenance tool: the test suite never runs it. Then:
#   UPDATE_GOLDEN=1 ctest --test-dir build -R 'golden/(gtest|junit)/runner-googletest' and review the diff.
# Needs (Debian 12): g++ libgtest-dev (googletest 1.12). The tests fail on purpose.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE/googletest"
rm -rf out
mkdir out
g++ -std=c++17 -O0 -o out/suite_test suite_test.cc -lgtest -lgtest_main -pthread
# Run from here: file="suite_test.cc" stays relative. --gtest_repeat=2 would leave the
# last iteration only in the file (googletest rewrites it), so it is run once.
out/suite_test --gtest_output=json:out/suite.json >out/console.txt 2>&1 || true
out/suite_test --gtest_output=xml:out/suite.xml >/dev/null 2>&1 || true
g++ -std=c++17 -O0 -o out/sweep_test sweep_test.cc -lgtest -lgtest_main -pthread
out/sweep_test --gtest_output=json:out/sweep.json >out/sweep-console.txt 2>&1 || true
out/sweep_test --gtest_output=xml:out/sweep.xml >/dev/null 2>&1 || true
GOLDEN=$(dirname "$HERE")
. "$GOLDEN/../runners.sh"
put out/suite.json runner-googletest input.json
put out/sweep.json runner-googletest-sweep input.json
GOLDEN=$GOLDEN/../junit
put out/suite.xml runner-googletest input.xml
put out/sweep.xml runner-googletest-sweep input.xml
grep -E '^\[ +(PASSED|SKIPPED|FAILED) +\] [0-9]+ tests?[,.]|DISABLED|FAILED TEST' out/console.txt out/sweep-console.txt
