#!/bin/sh
# Re-runs the tiny RSpec project in rspec/ with the real runner and copies each report, byte
# for byte but for the project's absolute path (made /ci/app), into its golden case:
#   rspec-defined      spec/ in defined order (rspec --format json)
#   rspec-random       spec/ again with --order random --seed 4242: other order, same results
#   rspec-load-error   broken/: a file with a missing require and a file that does not parse;
#                      RSpec then runs no example of any file
#   ../junit/rspec-junit-formatter  spec/ with rspec_junit_formatter (JUnit XML, junit.lua)
# A maintenance tool: the test suite never runs it. Afterwards regenerate the expected results
#   UPDATE_GOLDEN=1 ctest --test-dir build -R 'golden/(rspec|junit/rspec)'
# and review the diff (run times change from run to run).
#
# Needs (Debian 12): ruby-rspec (3.12), ruby-rspec-junit-formatter (0.4.1).
# The specs fail, skip and error on purpose: rspec's exit status is ignored, a missing report
# is an error.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$(dirname "$(dirname "$HERE")")
. "$GOLDEN/runners.sh"
GOLDEN=$GOLDEN/rspec

cd "$HERE/rspec"
rm -rf out && mkdir out
rspec --format json --out out/defined.json --format progress --order defined spec >out/defined.txt 2>&1 || true
rspec --format json --out out/random.json --order random --seed 4242 spec >/dev/null 2>&1 || true
rspec --format json --out out/load-error.json --order defined broken >/dev/null 2>&1 || true
rspec --require rspec_junit_formatter --format RspecJunitFormatter --out out/junit.xml \
  --order defined spec >/dev/null 2>&1 || true
# more/: shaped otherwise (around hooks that raise and skip, include_examples beside
# it_behaves_like, one group name in two files); exit/: `exit 3` inside an example.
rspec --format json --out out/more.json --format progress --order defined more >out/more.txt 2>&1 || true
rspec --format json --out out/exit.json --format progress --order defined exit >out/exit.txt 2>&1 || true
grep 'examples, ' out/defined.txt out/more.txt out/exit.txt | sed 's/^/  rspec: /'
put out/defined.json rspec-defined
put out/random.json rspec-random
put out/load-error.json rspec-load-error
put out/more.json rspec-more
put out/exit.json rspec-exit
# The JUnit report names the host, the time it ran at and a seed even in defined order: fixed.
GOLDEN=$(dirname "$GOLDEN")/junit
sed -e 's/hostname="[^"]*"/hostname="ci-host"/' -e 's/timestamp="[^"]*"/timestamp="2026-01-01T00:00:00+00:00"/' \
  -e 's/name="seed" value="[0-9]*"/name="seed" value="1"/' \
  out/junit.xml >out/junit-fixed.xml
put out/junit-fixed.xml rspec-junit-formatter input.xml
