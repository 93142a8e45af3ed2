#!/bin/sh
# Re-runs the tiny Robot Framework project in robot/ (the suite directory shop/) with the real
# runner and copies each output, byte for byte but for the project's absolute path (made
# /ci/app), into its golden case:
#   rf7-run                 robot 7 (schema 5: start/elapsed), --skiponfailure flaky-env
#                           (with the screenshot the output's HTML message shows)
#   rf7-rerun-merged        robot --rerunfailed output.xml, then rebot --merge of both runs
#   rf6-run                 the same run with robot 6 (schema 4: starttime/endtime)
#   ../junit/robot-xunit    the --xunit file of the rf7-run run (junit.lua)
# A maintenance tool: the test suite never runs it. Afterwards regenerate the expected results
#   UPDATE_GOLDEN=1 ctest --test-dir build -R 'golden/(robot|junit/robot)'
# and review the diff (times change from run to run).
#
# Robot Framework is not packaged in Debian 12 and PyPI is out of reach here: the sources of
# the two versions are taken from a clone of github.com/robotframework/robotframework (pure
# Python, run from src/ with python3 3.11):
#   git clone https://github.com/robotframework/robotframework rf
#   git -C rf archive v7.4.2 src | tar -x -C /tmp/rf-v7.4.2
#   git -C rf archive v6.1.1 src | tar -x -C /tmp/rf-v6.1.1
#   RF7=/tmp/rf-v7.4.2/src RF6=/tmp/rf-v6.1.1/src tests/golden/robot/runners/regenerate.sh
# (`pip install robotframework==7.4.2` works as well: RF7= the site-packages directory.)
# The tests fail and skip on purpose: robot's exit status is ignored, a missing output is an
# error.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$(dirname "$(dirname "$HERE")")
. "$GOLDEN/runners.sh"
GOLDEN=$GOLDEN/robot
: "${RF7:?set RF7 to the src/ directory of Robot Framework 7.4.2}"
: "${RF6:?set RF6 to the src/ directory of Robot Framework 6.1.1}"
export PYTHONDONTWRITEBYTECODE=1

# run RF OUTDIR ARGS...: robot of the given version, summary line on standard output.
run() {
  rf=$1 dir=$2
  shift 2
  PYTHONPATH=$rf python3 -m robot --outputdir "$dir" --log NONE --report NONE \
    --skiponfailure flaky-env --consolecolors off "$@" >"$dir.console" 2>&1 || true
  grep -E '^[0-9]+ tests?, ' "$dir.console" | tail -n 1 | sed "s/^/  $(basename "$dir"): /"
}

cd "$HERE/robot"
rm -rf out && mkdir out
run "$RF7" out/rf7 --output output.xml --xunit xunit.xml shop
run "$RF7" out/rf7-rerun --output rerun.xml --rerunfailed out/rf7/output.xml shop
PYTHONPATH=$RF7 python3 -m robot.rebot --outputdir out/rf7 --log NONE --report NONE \
  --output merged.xml --merge out/rf7/output.xml out/rf7-rerun/rerun.xml >/dev/null 2>&1 || true
rm -f out/flaky-marker out/skip-marker
run "$RF6" out/rf6 --output output.xml shop

put out/rf7/output.xml rf7-run input.xml
cp out/rf7/screenshot-1.png "$GOLDEN/rf7-run/"
put out/rf7/merged.xml rf7-rerun-merged input.xml
cp out/rf7/screenshot-1.png "$GOLDEN/rf7-rerun-merged/"
put out/rf6/output.xml rf6-run input.xml
cp out/rf6/screenshot-1.png "$GOLDEN/rf6-run/"
GOLDEN=$(dirname "$GOLDEN")/junit
put out/rf7/xunit.xml robot-xunit input.xml
