#!/bin/sh
# Builds the googletest programs next to this script with Debian's libgtest-dev and
# rewrites the inputs of the golden cases made from them (then re-run their goldens
# with UPDATE_GOLDEN=1 and review the diff):
#   ../input.json              sample_test.cc: passes, failures, an exception, GTEST_SKIP,
#                              a disabled test, TEST_P, TYPED_TEST, RecordProperty
#   ../../environment/input.json  environment_test.cc: a failing global Environment and
#                              SetUpTestSuite (googletest 1.12 writes this one without
#                              the comma before "NonTestSuiteFailure")
#   ../../environment-setup/input.json  fatal_environment_test.cc: the Environment's SetUp
#                              fails fatally, so no test runs
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
g++ -std=c++17 -o "$tmp/sample_test" sample_test.cc -lgtest -lgtest_main -pthread
g++ -std=c++17 -o "$tmp/environment_test" environment_test.cc -lgtest -pthread
g++ -std=c++17 -o "$tmp/fatal_environment_test" fatal_environment_test.cc -lgtest -pthread
(cd "$tmp" && ./sample_test --gtest_output=json:sample.json >/dev/null || true)
(cd "$tmp" && ./environment_test --gtest_output=json:environment.json >/dev/null || true)
(cd "$tmp" && ./fatal_environment_test --gtest_output=json:fatal.json >/dev/null || true)
cp "$tmp/sample.json" ../input.json
cp "$tmp/environment.json" ../../environment/input.json
cp "$tmp/fatal.json" ../../environment-setup/input.json
