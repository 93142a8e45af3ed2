#!/bin/sh
# Re-runs the node:test file next to this script (node --test, TAP reporter) and rewrites
# ../input.tap, with this directory's path replaced by /src so the input does not depend
# on where the repository is. Durations vary from run to run. Then re-run the golden
# with UPDATE_GOLDEN=1 and review.
set -eu
cd "$(dirname "$0")"
node --test --test-reporter=tap cart.test.mjs | sed "s#$(pwd)#/src#g" > ../input.tap || true
