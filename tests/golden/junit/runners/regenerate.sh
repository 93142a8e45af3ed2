#!/bin/sh
# Re-runs the tiny test projects in this directory with the real runners and copies each
# report, byte for byte, into its golden case as input*.xml (with the files the report's
# [[ATTACHMENT|...]] lines and attachment properties name). A maintenance tool: the test
# suite never runs it. After running it, regenerate the expected results:
#   cmake build && UPDATE_GOLDEN=1 ctest --test-dir build -R golden/junit/
# and review the diff: reports carry times, timestamps, host names and paths that change
# from run to run.
#
#   tests/golden/junit/runners/regenerate.sh [RUNNER...]     (default: all)
#
# Runners: pytest pytest-packages pytest-workers ctest ctest-sweep googletest cmocka catch2 node-test mocha jest vitest vitest-fidelity testng testng-more phpunit phpunit-more behave cucumber-ruby bats meson meson-sweep
# Needs (Debian 12): python3-pytest python3-pytest-xdist cmake g++ libgtest-dev libcmocka-dev catch2 nodejs npm,
# testng default-jdk-headless phpunit bats meson ninja-build,
# and network to the npm registry for `npm ci` in mocha/, jest/, vitest/.
# Build products and reports go to <runner>/out/ (git-ignored). The runners' tests fail on
# purpose, so their exit status is ignored; a missing report is an error.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
CASES=$(dirname "$HERE")
PYTEST=${PYTEST:-pytest}

# fresh RUNNER: an empty RUNNER/out/, and cd into RUNNER.
fresh() {
  cd "$HERE/$1"
  rm -rf out
  mkdir out
}

# put REPORT CASE [NAME]: the report into CASES/CASE/NAME (default input.xml).
put() {
  [ -s "$1" ] || { echo "regenerate: $1 was not written" >&2; exit 1; }
  mkdir -p "$CASES/$2"
  cp "$1" "$CASES/$2/${3:-input.xml}"
  echo "  $2/${3:-input.xml} ($(wc -c <"$1") bytes)"
}

# files CASE FILE...: files the report attaches, at the same relative path in CASES/CASE.
files() {
  dest=$1
  shift
  for f in "$@"; do
    mkdir -p "$CASES/$dest/$(dirname "$f")"
    cp "$f" "$CASES/$dest/$f"
  done
}

# npm_deps: install the pinned packages when node_modules is missing or stale.
npm_deps() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    npm ci --no-audit --no-fund >/dev/null
  fi
}

run_pytest() {
  fresh pytest
  # Relative paths, no cache or bytecode left in the tree; junit_logging=all is in pytest.ini.
  PYTHONDONTWRITEBYTECODE=1 "$PYTEST" -p no:cacheprovider -q \
    --junitxml=out/pytest-xunit2.xml test_sample.py >/dev/null || true
  PYTHONDONTWRITEBYTECODE=1 "$PYTEST" -p no:cacheprovider -q -o junit_family=xunit1 \
    --junitxml=out/pytest-xunit1.xml test_sample.py >/dev/null || true
  put out/pytest-xunit2.xml pytest-xunit2
  files pytest-xunit2 attachments/login-page.txt
  put out/pytest-xunit1.xml pytest-xunit1
  files pytest-xunit1 attachments/login-page.txt
}

run_pytest_packages() {
  fresh pytest-packages
  # A package with classes, a module that fails to import (collection error), then the same
  # under pytest-xdist (-n 2: the workers' order differs from run to run).
  PYTHONDONTWRITEBYTECODE=1 "$PYTEST" -p no:cacheprovider -q --continue-on-collection-errors \
    --junitxml=out/pytest-packages.xml shop >/dev/null || true
  PYTHONDONTWRITEBYTECODE=1 "$PYTEST" -p no:cacheprovider -q -n 2 --continue-on-collection-errors \
    --junitxml=out/pytest-xdist.xml shop >/dev/null || true
  put out/pytest-packages.xml pytest-packages
  cp rules.lua "$CASES/pytest-packages/rules.lua"
  printf -- '--rules\nrules.lua\n' >"$CASES/pytest-packages/args"
  put out/pytest-xdist.xml pytest-xdist
}

run_pytest_workers() {
  fresh pytest-workers
  # Packages with a class of the same name in two modules, setup/teardown errors, a module
  # fixture that fails, xfail strict and not; then under pytest-xdist with xunit1 and all
  # output (-n 2: a test's teardown part comes after another worker's testcases, when the
  # run interleaves so: check that the report shows it, grep -n teardown_error).
  PYTHONDONTWRITEBYTECODE=1 "$PYTEST" -p no:cacheprovider -q --continue-on-collection-errors \
    --junitxml=out/pytest-workers.xml tests >/dev/null || true
  PYTHONDONTWRITEBYTECODE=1 "$PYTEST" -p no:cacheprovider -q -n 2 --continue-on-collection-errors \
    -o junit_family=xunit1 -o junit_logging=all --junitxml=out/pytest-workers-xdist.xml tests >/dev/null || true
  put out/pytest-workers.xml pytest-workers
  put out/pytest-workers-xdist.xml pytest-workers-xdist
}

run_ctest() {
  fresh ctest
  cmake -S . -B out/build >/dev/null
  cmake --build out/build >/dev/null
  (cd out/build && ctest --output-junit ../ctest.xml >/dev/null 2>&1) || true
  put out/ctest.xml ctest
  files ctest attachments/core-summary.txt
}

run_ctest_sweep() {
  fresh ctest-sweep
  cmake -S . -B out/build >/dev/null
  (cd out/build && ctest --output-junit ../ctest.xml >../console.txt 2>&1) || true
  put out/ctest.xml ctest-sweep
  grep -E 'tests passed|Not Run|Failed|SEGFAULT|aborted|Skipped' out/console.txt
}

run_googletest() {
  fresh googletest
  g++ -std=c++17 -O0 -o out/sample_test sample_test.cc -lgtest -lgtest_main -pthread
  # Run from here: the report's file="..." attributes stay relative.
  out/sample_test --gtest_output=xml:out/googletest.xml >/dev/null 2>&1 || true
  put out/googletest.xml googletest
  files googletest attachments/http-dump.txt
}

run_cmocka() {
  fresh cmocka
  gcc -O0 -o out/sample sample.c -lcmocka
  # %g: one file per group. cmocka refuses to overwrite a file (it writes to stderr instead).
  CMOCKA_MESSAGE_OUTPUT=xml CMOCKA_XML_FILE='out/cmocka-%g.xml' out/sample >/dev/null 2>&1 || true
  put out/cmocka-math.xml cmocka input-math.xml
  put out/cmocka-memory.xml cmocka input-memory.xml
  # A failing group setup: cmocka writes the group with errors="1" and no testcase.
  put out/cmocka-database.xml cmocka input-database.xml
  # Without %g, cmocka 1.1 appends each group's <testsuites> to the same file: two roots.
  CMOCKA_MESSAGE_OUTPUT=xml CMOCKA_XML_FILE=out/cmocka.xml out/sample >/dev/null 2>&1 || true
  put out/cmocka.xml cmocka-one-file
  # The TAP cases' sweep.c (tap/runners/cmocka/): its group teardown failure is written
  # nowhere in the XML.
  (cd "$HERE/../../tap/runners/cmocka" && gcc -O0 -o "$HERE/cmocka/out/sweep" sweep.c -lcmocka)
  CMOCKA_MESSAGE_OUTPUT=xml CMOCKA_XML_FILE='out/sweep-%g.xml' out/sweep >/dev/null 2>&1 || true
  put out/sweep-alpha.xml cmocka-sweep input-alpha.xml
  put out/sweep-beta.xml cmocka-sweep input-beta.xml
}

run_catch2() {
  fresh catch2
  g++ -std=c++17 -O0 -o out/sample_test sample_test.cpp
  out/sample_test -r junit -o out/catch2.xml >/dev/null 2>&1 || true
  put out/catch2.xml catch2
  files catch2 attachments/frame.txt
}

run_node_test() {
  fresh node-test
  node --test --test-reporter=junit --test-reporter-destination=out/node-test.xml \
    sample.test.mjs >/dev/null 2>&1 || true
  put out/node-test.xml node-test
}

run_mocha() {
  fresh mocha
  npm_deps
  npm run -s junit >/dev/null 2>&1 || true
  npm run -s xunit >/dev/null 2>&1 || true
  put out/mocha-junit-reporter.xml mocha-junit-reporter
  files mocha-junit-reporter attachments/console.txt
  put out/mocha-xunit.xml mocha-xunit
}

run_jest() {
  fresh jest
  npm_deps
  npm run -s junit >/dev/null 2>&1 || true
  npm run -s junit-templates >/dev/null 2>&1 || true
  put out/jest-junit.xml jest-junit
  files jest-junit attachments/dom.txt
  put out/jest-junit-templates.xml jest-junit-templates
  files jest-junit-templates attachments/dom.txt
}

run_testng() {
  fresh testng
  cp=/usr/share/java/testng.jar:/usr/share/java/jcommander.jar:/usr/share/java/bsh.jar:/usr/share/java/snakeyaml.jar:/usr/share/java/guice-no-aop.jar
  mkdir out/classes
  javac -d out/classes -cp "$cp" src/shop/*.java
  java -cp "out/classes:$cp" org.testng.TestNG -d out/testng testng.xml >/dev/null 2>&1 || true
  # junitreports: one TEST-<class>.xml per class; testng-results.xml: the same run, for testng.lua.
  put out/testng/junitreports/TEST-shop.CartTest.xml testng-junitreports input-CartTest.xml
  put out/testng/junitreports/TEST-shop.SearchTest.xml testng-junitreports input-SearchTest.xml
  mkdir -p "$CASES/../testng/junitreports-run"
  cp out/testng/testng-results.xml "$CASES/../testng/junitreports-run/input.xml"
  echo "  ../testng/junitreports-run/input.xml"
}

run_testng_more() {
  fresh testng-more
  cp=/usr/share/java/testng.jar:/usr/share/java/jcommander.jar:/usr/share/java/bsh.jar:/usr/share/java/snakeyaml.jar:/usr/share/java/guice-no-aop.jar
  mkdir out/classes
  javac -d out/classes -cp "$cp" src/*/*.java
  # retryAnalyzer, failing @BeforeMethod/@AfterMethod/@BeforeClass, a data provider that
  # throws, expectedExceptions, timeOut, invocationCount, two classes OrderTest. (TestNG 6.9.12
  # cuts testng-results.xml at 200000 bytes: keep the Reporter output small.)
  java -cp "out/classes:$cp" org.testng.TestNG -d out/testng testng.xml >/dev/null 2>&1 || true
  for c in store.OrderTest admin.OrderTest admin.ProviderTest; do
    put out/testng/junitreports/TEST-$c.xml testng-more-junitreports input-$c.xml
  done
  mkdir -p "$CASES/../testng/testng-more"
  cp out/testng/testng-results.xml "$CASES/../testng/testng-more/input.xml"
  echo "  ../testng/testng-more/input.xml"
}

run_behave() {
  fresh behave
  # behave 1.2.6 --junit: one TESTS-<file>.xml per feature file; a failing hook, an undefined
  # step (written as <failure type="NoneType" message="None">), an outline, a tag skip.
  behave --no-color --junit --junit-directory out/junit --tags=-skip features >/dev/null 2>&1 || true
  for f in shop other; do
    sed -e 's/timestamp="[^"]*"/timestamp="2026-01-01T00:00:00.000001"/' -e 's/hostname="[^"]*"/hostname="ci-host"/' \
      out/junit/TESTS-$f.xml >out/$f.xml
    put out/$f.xml behave-junit input-$f.xml
  done
  # The same run's JSON (cucumber.lua): the working directory made /ci/app.
  behave --no-color -f json -o out/behave.json --tags=-skip features >/dev/null 2>&1 || true
  sed "s#$(pwd)#/ci/app#g" out/behave.json >out/behave-ci.json
  put out/behave-ci.json ../cucumber/runner-behave-more input.json
}

run_cucumber_ruby() {
  fresh cucumber-ruby
  # cucumber-ruby 2.4 --format junit: one TEST-features-<file>.xml per feature; the features
  # are behave/'s, with Ruby steps and hooks (a failing Before, an embedding After).
  cucumber --format junit --out out/junit --tags ~@skip >/dev/null 2>&1 || true
  for f in shop other; do
    put out/junit/TEST-features-$f.xml cucumber-ruby-junit input-$f.xml
  done
}

run_phpunit() {
  fresh phpunit
  phpunit --log-junit out/phpunit.xml tests >/dev/null 2>&1 || true
  put out/phpunit.xml phpunit
}

run_phpunit_more() {
  fresh phpunit-more
  # Two classes CartTest in two namespaces; risky, warning, notice, deprecation, @depends,
  # @requires, a failing setUpBeforeClass, setUp and tearDown, a data provider that throws.
  phpunit --log-junit out/run.xml tests >/dev/null 2>&1 || true
  sed "s#$(pwd)#/ci/app#g" out/run.xml >out/phpunit-more.xml
  put out/phpunit-more.xml phpunit-more
}

run_bats() {
  fresh bats
  bats --formatter junit sample.bats other.bats >out/bats.xml 2>/dev/null || true
  put out/bats.xml bats
}

run_meson() {
  fresh meson
  meson setup out/build >/dev/null
  (cd out/build && meson test >/dev/null 2>&1) || true
  put out/build/meson-logs/testlog.junit.xml meson
}

run_meson_sweep() {
  fresh meson-sweep
  meson setup out/build >/dev/null
  (cd out/build && meson test >../console.txt 2>&1) || true
  put out/build/meson-logs/testlog.junit.xml meson-sweep
  grep -E '^(Ok|Expected Fail|Fail|Unexpected Pass|Skipped|Timeout):' out/console.txt
}

run_vitest() {
  fresh vitest
  npm_deps
  npm run -s junit >/dev/null 2>&1 || true
  put out/vitest.xml vitest
  files vitest attachments/network.txt
}

# vitest-fidelity: its junit and json reporters on one run (the json is a jest-script case).
run_vitest_fidelity() {
  fresh vitest-fidelity
  npm_deps
  npx vitest run --reporter=default --reporter=junit --outputFile.junit=out/vitest.xml \
    --reporter=json --outputFile.json=out/vitest.json > out/summary.txt 2>&1 || true
  # the project's path made /ci/app (it shows in stack traces; the json case passes root=/ci/app)
  sed -i "s#$HERE/vitest-fidelity#/ci/app#g" out/vitest.xml out/vitest.json
  put out/vitest.xml vitest-fidelity
  mkdir -p "$CASES/../jest/vitest-fidelity"
  cp out/vitest.json "$CASES/../jest/vitest-fidelity/input.json"
}

[ $# -gt 0 ] || set -- pytest pytest-packages pytest-workers ctest ctest-sweep googletest cmocka catch2 node-test mocha jest vitest vitest-fidelity testng testng-more phpunit phpunit-more behave cucumber-ruby bats meson meson-sweep
for runner in "$@"; do
  echo "$runner:"
  case $runner in
    pytest) run_pytest ;;
    pytest-packages) run_pytest_packages ;;
    pytest-workers) run_pytest_workers ;;
    ctest) run_ctest ;;
    ctest-sweep) run_ctest_sweep ;;
    googletest) run_googletest ;;
    cmocka) run_cmocka ;;
    catch2) run_catch2 ;;
    node-test) run_node_test ;;
    mocha) run_mocha ;;
    jest) run_jest ;;
    vitest) run_vitest ;;
    vitest-fidelity) run_vitest_fidelity ;;
    testng) run_testng ;;
    testng-more) run_testng_more ;;
    phpunit) run_phpunit ;;
    behave) run_behave ;;
    cucumber-ruby) run_cucumber_ruby ;;
    phpunit-more) run_phpunit_more ;;
    bats) run_bats ;;
    meson) run_meson ;;
    meson-sweep) run_meson_sweep ;;
    *) echo "regenerate: unknown runner $runner" >&2; exit 2 ;;
  esac
done
