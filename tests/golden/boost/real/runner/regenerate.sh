#!/bin/sh
# Builds the Boost.Test programs next to this script with Debian's libboost-test-dev
# and rewrites the inputs of the golden cases made from them (then re-run their
# goldens with UPDATE_GOLDEN=1 and review the diff):
#   ../input.xml             sample_test: the XML log, --log_level=all
#   ../../report/input.xml   sample_test: the XML report, --report_level=detailed
#   ../../combined/input.xml sample_test: --output_format=XML, log and report on one
#                            stream (stdout and stderr merged)
#   ../../crash/input.xml    crash_test: a signal aborts the run
#   ../../default-level/input.xml  sample_test: the XML log at the default log level,
#                            which names no test case
#   ../../two-documents/input.xml  the log, then the report as a second XML document
#                            in one file (the order a merged stream can give)
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
g++ -std=c++17 -o "$tmp/sample_test" sample_test.cpp
g++ -std=c++17 -o "$tmp/crash_test" crash_test.cpp
cd "$tmp"
./sample_test --log_format=XML --log_level=all --log_sink=log.xml \
  --report_format=XML --report_level=detailed --report_sink=report.xml >/dev/null 2>&1 || true
./sample_test --output_format=XML --log_level=all --report_level=detailed >combined.xml 2>&1 || true
./crash_test --log_format=XML --log_level=all --log_sink=crash.xml >/dev/null 2>&1 || true
./sample_test --log_format=XML --log_sink=default.xml >/dev/null 2>&1 || true
cd - >/dev/null
cp "$tmp/log.xml" ../input.xml
cp "$tmp/report.xml" ../../report/input.xml
cp "$tmp/combined.xml" ../../combined/input.xml
cp "$tmp/crash.xml" ../../crash/input.xml
cp "$tmp/default.xml" ../../default-level/input.xml
cat "$tmp/log.xml" "$tmp/report.xml" >../../two-documents/input.xml
