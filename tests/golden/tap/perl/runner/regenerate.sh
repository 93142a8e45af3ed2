#!/bin/sh
# Re-runs the Test::More files next to this script with prove (verbose, the tests'
# standard error merged into the TAP) and rewrites ../input.txt. Then re-run the golden
# with UPDATE_GOLDEN=1 and review.
set -eu
cd "$(dirname "$0")"
prove -v --merge t/noplan.t t/basic.t t/bail.t > ../input.txt 2>/dev/null || true
# The same basic.t run without prove: the raw TAP with its diagnostics (standard error).
perl t/basic.t > ../../perl-raw/input.tap 2>&1 || true
