#!/bin/sh
# Re-runs the tiny RSpec project next to this script (Debian's ruby-rspec, RSpec 3.12) and
# rewrites the inputs of two golden cases:
#   ../input.json             tests/golden/rspec/real        (spec/: passes, failures, errors,
#                                                              pending, a failing after(:context))
#   ../../load-error/input.json tests/golden/rspec/load-error (broken/: a file that does not load;
#                                                              RSpec then runs no example at all)
# then re-run both cases with UPDATE_GOLDEN=1 and review the diff. This directory's absolute
# path becomes /ci/app in backtraces, so the inputs do not depend on the checkout.
set -eu
cd "$(dirname "$0")"
rspec --format json --out report.json --order defined spec >/dev/null 2>&1 || true
sed "s#$(pwd)#/ci/app#g" report.json > ../input.json
rspec --format json --out report.json --order defined broken >/dev/null 2>&1 || true
mkdir -p ../../load-error
sed "s#$(pwd)#/ci/app#g" report.json > ../../load-error/input.json
rm -f report.json
