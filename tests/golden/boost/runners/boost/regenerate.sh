#!/bin/sh
# Builds the Boost.Test modules here (Makefile; Debian 12 libboost-test-dev 1.74) and copies
# their reports, byte for byte, into the golden cases next to runners/:
#   runner-log-report/input-log.xml, input-report.xml   --log_sink + --report_sink: two files
#   runner-one-stream/input.xml    --output_format=XML, stdout and stderr merged (the test's
#                                  52 KB of stdout sits inside the log)
#   runner-crash/input-log.xml, input-report.xml        crash_test: std::abort in a test
#   runner-aborted/input-log.xml, input-report.xml      aborted_test: a SIGSEGV aborts the module
#   runner-aborted-log/input.xml   the same log alone (a warning: the tests not run are unnamed)
#   ../../../junit/runner-boost/input.xml  --log_format=JUNIT  (read by `allure-lua junit`)
# Then: UPDATE_GOLDEN=1 ctest --test-dir build -R 'golden/(boost/runner-|junit/runner-boost)'
# and review the diff.
# The tests fail on purpose (exit status 201 is expected); times_out sleeps 1 s.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
CASES=$(cd "$HERE/../.." && pwd)
cd "$HERE"
rm -rf out
make -s all
cd out
./suite_test --log_format=XML --log_level=all --log_sink=log.xml \
  --report_format=XML --report_level=detailed --report_sink=report.xml >/dev/null 2>&1 || true
./suite_test --output_format=XML --log_level=all --report_level=detailed >one-stream.xml 2>&1 || true
./suite_test --log_format=JUNIT --log_level=all --log_sink=junit.xml >/dev/null 2>&1 || true
./crash_test --log_format=XML --log_level=all --log_sink=crash-log.xml \
  --report_format=XML --report_level=detailed --report_sink=crash-report.xml >/dev/null 2>&1 || true
./aborted_test --log_format=XML --log_level=all --log_sink=aborted-log.xml \
  --report_format=XML --report_level=detailed --report_sink=aborted-report.xml >/dev/null 2>&1 || true
./aborted_test --report_level=short >aborted-summary.txt 2>&1 || true
./suite_test --report_level=short >summary.txt 2>&1 || true
put() { [ -s "$1" ] || { echo "regenerate: $1 was not written" >&2; exit 1; }
        mkdir -p "$CASES/$2"; cp "$1" "$CASES/$2/$3"; echo "  $2/$3 ($(wc -c <"$1") bytes)"; }
put log.xml runner-log-report input-log.xml
put report.xml runner-log-report input-report.xml
put one-stream.xml runner-one-stream input.xml
put crash-log.xml runner-crash input-log.xml
put crash-report.xml runner-crash input-report.xml
put aborted-log.xml runner-aborted input-log.xml
put aborted-report.xml runner-aborted input-report.xml
put aborted-log.xml runner-aborted-log input.xml
put junit.xml ../junit/runner-boost input.xml
tail -n 3 summary.txt
grep -E 'test cases? out of|assertions? out of|expected failures' aborted-summary.txt
