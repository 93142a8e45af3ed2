#!/bin/sh
# Rebuilds the doctest suite here, runs it with the JUnit reporter and copies the report,
# byte for byte, into ../../doctest/input.xml (the case golden/junit/doctest), and the
# XML reporter's into ../../../catch2/runner-doctest/input.xml (allure-lua catch2);
# sweep_test.cpp's XML report into ../../../catch2/runner-doctest-sweep/input.xml.
# A maintenance tool: the test suite never runs it. Then
#   UPDATE_GOLDEN=1 ctest --test-dir build -R 'golden/(junit/doctest|catch2/runner-doctest)'
# and review the diff. Needs (Debian 12): g++ doctest-dev (2.4.9). The tests fail on purpose.
# --out=FILE: the reporter writes to stdout by default, where the tests' own prints land
# inside the XML (before the root element: not well-formed).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE"
rm -rf out
mkdir out
g++ -std=c++17 -O0 -o out/suite_test suite_test.cpp
out/suite_test -r=junit --out=out/junit.xml >/dev/null 2>&1 || true
out/suite_test -r=xml --out=out/doctest.xml >/dev/null 2>&1 || true
out/suite_test >out/console.txt 2>&1 || true
g++ -std=c++17 -O0 -o out/sweep_test sweep_test.cpp
out/sweep_test -r=xml -d --out=out/sweep.xml >/dev/null 2>&1 || true
out/sweep_test >out/sweep-console.txt 2>&1 || true
GOLDEN=$(cd "$HERE/../../.." && pwd)
. "$GOLDEN/runners.sh"
put out/junit.xml junit/doctest input.xml
put out/doctest.xml catch2/runner-doctest input.xml
put out/sweep.xml catch2/runner-doctest-sweep input.xml
grep -E '^\[doctest\] (test cases|assertions):' out/console.txt out/sweep-console.txt
