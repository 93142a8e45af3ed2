#!/bin/sh
# Re-runs the two tiny projects whose runners Debian 12 packages, cucumber-ruby/ (`cucumber`,
# cucumber-ruby 2.4.0) and behave/ (`python3-behave`, behave 1.2.6), and copies each JSON report,
# with the project's path made /ci/app, and the feature files into its golden case:
#   cucumber-ruby/  cucumber --format json  -> tests/golden/cucumber/runner-cucumber-ruby/
#   behave/         behave -f json          -> tests/golden/cucumber/runner-behave/
# A maintenance tool: the test suite never runs it. Afterwards:
#   UPDATE_GOLDEN=1 ctest --test-dir build -R 'golden/cucumber/runner-(cucumber-ruby|behave)'
# and review the diff. The scenarios fail on purpose: the exit status is ignored, a missing
# report is an error. The runners' summary lines are printed (the READMEs record them).
#
#   tests/golden/cucumber/runners/regenerate-debian.sh [cucumber-ruby] [behave]   (default: both)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$(dirname "$(dirname "$HERE")")
. "$GOLDEN/runners.sh"

# project CASE COMMAND...: runs COMMAND in the fresh project, its report is out/report.json.
project() {
  name=$1 case=$2
  shift 2
  cd "$HERE/$name"
  rm -rf out && mkdir out
  PYTHONDONTWRITEBYTECODE=1 "$@" >out/stdout.txt 2>&1 || true
  grep -E '^[0-9]+ (features?|scenarios|steps) ' out/stdout.txt | sed "s/^/  $name: /"
  put out/report.json "cucumber/$case" input.json
  # The feature files, for the names and parameters of the outline rows.
  rm -rf "$GOLDEN/cucumber/$case/features" && mkdir -p "$GOLDEN/cucumber/$case/features"
  cp features/*.feature "$GOLDEN/cucumber/$case/features/"
}

for runner in ${*:-cucumber-ruby behave}; do
  case $runner in
    cucumber-ruby) project cucumber-ruby runner-cucumber-ruby \
                     cucumber --format json --out out/report.json --format progress ;;
    behave)        project behave runner-behave \
                     behave -f json -o out/report.json -f progress --no-capture ;;
    *) echo "regenerate-debian: unknown runner $runner" >&2; exit 2 ;;
  esac
done
