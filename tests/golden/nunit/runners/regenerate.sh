#!/bin/sh
# Re-runs the tiny NUnit suites here with the real runner and copies each report, byte for
# byte (the working directory's path made /ci/app), into its golden case as input.xml.
# A maintenance tool: the test suite never runs it. Then regenerate the expected results:
#   UPDATE_GOLDEN=1 ctest --test-dir build -R golden/nunit/runner- and review the diff.
#
#   tests/golden/nunit/runners/regenerate.sh [RUNNER...]     (default: all)
#
# Runners: nunit2 (nunit-console 2.6.4 on Mono).
# Needs (Debian 12): apt-get install nunit-console mono-mcs libnunit-cil-dev
# (Debian has no NUnit 3 console.) The tests fail on purpose: the exit status is ignored.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$(dirname "$HERE")
. "$GOLDEN/../runners.sh"

run_nunit2() {
  cd "$HERE/nunit2"
  rm -rf out
  mkdir out
  mcs -target:library -r:/usr/lib/cli/nunit.framework-2.6.3/nunit.framework.dll \
    -out:out/Shop.Tests.dll ShopTests.cs
  # The default run: [Explicit] tests are not in the report; -exclude=CATEGORY drops tests too.
  nunit-console out/Shop.Tests.dll -nologo -xml=out/TestResult.xml >out/console.txt 2>&1 || true
  put out/TestResult.xml runner-nunit2 input.xml
  grep '^Tests run:' out/console.txt
}

[ $# -gt 0 ] || set -- nunit2
for runner in "$@"; do
  echo "$runner:"
  case $runner in
    nunit2) run_nunit2 ;;
    *) echo "regenerate: unknown runner $runner" >&2; exit 2 ;;
  esac
done
