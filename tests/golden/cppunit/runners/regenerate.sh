#!/bin/sh
# Rebuilds the CppUnit suite here, runs it and copies its XmlOutputter report, byte for
# byte, into ../runner-xml/input.xml. A maintenance tool: the test suite never runs it.
# Then: UPDATE_GOLDEN=1 ctest --test-dir build -R golden/cppunit/runner- and review the diff.
# Needs (Debian 12): g++ libcppunit-dev (1.15). The tests fail on purpose.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE/cppunit"
rm -rf out
mkdir out
g++ -std=c++17 -O0 -o out/suite_test suite_test.cpp -lcppunit
out/suite_test out/cppunit.xml >out/console.txt 2>&1 || true
GOLDEN=$(dirname "$HERE")
. "$GOLDEN/../runners.sh"
put out/cppunit.xml runner-xml input.xml
grep -E '^(OK|Run:)' out/console.txt
