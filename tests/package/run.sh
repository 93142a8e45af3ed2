#!/bin/bash
# Package tier: the Debian package, what it installs, and the CI integrations that use it.
#   tests/package/run.sh BUILD_DIR WORKDIR
# 1. cpack -G DEB in BUILD_DIR (the build under test); the package's Depends (Lua 5.4, libxml2,
#    libyaml, libmd, lua-cjson: dpkg-shlibdeps), its files, and that apt on this Debian would
#    install it (apt-get --simulate, which checks the dependencies without installing).
# 2. Unpacked into a scratch root: the installed binary converts the bundled example with the
#    installed scripts and stdlib (-E -I), the man page documents every long option of --help,
#    the bash completion completes scripts and a script's --opt keys.
# 3. The GitHub Action's and the GitLab template's YAML parsed and their shell steps run with
#    the installed binary on PATH: results written, job summary appended, a glob that matches
#    nothing fails the step (6), an empty directory fails it (7).
# Output: PASS/FAIL lines, then "N passed, M failed". Exit 0, 1, or 77 (skipped: no dpkg-deb
# or cpack, not Debian).
set -u
BUILD=$1
WORK=$2
SRC=$(cd "$(dirname "$0")/../.." && pwd)
NPASS=0 NFAIL=0
pass() { NPASS=$((NPASS + 1)); echo "PASS $*"; }
fail() { NFAIL=$((NFAIL + 1)); echo "FAIL $*"; }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
for tool in cpack dpkg-deb dpkg-shlibdeps apt-get gzip; do
  command -v "$tool" >/dev/null || { echo "SKIP: no $tool"; exit 77; }
done

rm -rf "$WORK"
mkdir -p "$WORK/deb" "$WORK/root"
if ! (cd "$BUILD" && cpack -G DEB -B "$WORK/deb" >"$WORK/cpack.log" 2>&1); then
  cat "$WORK/cpack.log"
  fail "cpack -G DEB"
  echo "$NPASS passed, $NFAIL failed"
  exit 1
fi
deb=$(ls "$WORK"/deb/allure-lua_*.deb)
pass "cpack -G DEB made $(basename "$deb")"

# 1. Control fields and contents.
depends=$(dpkg-deb -f "$deb" Depends)
for lib in liblua5.4-0 libxml2 libyaml-0-2 libmd0 libc6; do
  check "Depends names $lib ($depends)" grep -q "\\b$lib\\b" <<<"$depends"
done
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/allure-lua ./usr/share/man/man1/allure-lua.1.gz \
         ./usr/share/bash-completion/completions/allure-lua ./usr/share/zsh/vendor-completions/_allure-lua \
         ./usr/share/allure-lua/scripts/junit.lua ./usr/share/allure-lua/stdlib/allure/driver.lua \
         ./usr/share/doc/allure-lua/cli.md ./usr/share/doc/allure-lua/formats/junit.md; do
  check "installs ${f#.}" grep -qxF "$f" <<<"$contents"
done
if apt-get install --simulate -qq "$deb" >"$WORK/apt.log" 2>&1; then
  pass "apt-get would install it (dependencies resolve)"
else
  cat "$WORK/apt.log"
  fail "apt-get install --simulate"
fi

# 2. The installed files, unpacked into a scratch root.
dpkg-deb -x "$deb" "$WORK/root"
R=$WORK/root
bin=$R/usr/bin/allure-lua
out=$(cd "$WORK" && "$bin" -E -I "$R/usr/share/allure-lua/scripts" -I "$R/usr/share/allure-lua/stdlib" \
        -v -o results junit "$SRC/docs/examples" 2>&1)
check "the installed binary runs the installed junit.lua" grep -qF "script $R/usr/share/allure-lua/scripts/junit.lua" <<<"$out"
check "and converts the example: 6 results" grep -q "6 results (3 passed, 1 failed, 1 broken, 1 skipped)" <<<"$out"
gzip -t "$R/usr/share/man/man1/allure-lua.1.gz"; check "man page gzipped" test $? = 0
man_text=$(gzip -dc "$R/usr/share/man/man1/allure-lua.1.gz")
missing=""
for opt in $("$bin" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
  grep -qF -- "$(sed 's/-/\\-/g' <<<"$opt")" <<<"$man_text" || missing="$missing $opt"
done
check "man page documents every long option of --help${missing:+ (missing:$missing)}" test -z "$missing"
for status in 0 1 2 3 4 5 6 7; do
  check "man page documents exit status $status" grep -qx "\\.B $status" <<<"$man_text"
done
if command -v groff >/dev/null; then
  warnings=$(gzip -dc "$R/usr/share/man/man1/allure-lua.1.gz" | groff -man -Tutf8 -ww -z 2>&1)
  check "groff renders the man page without warnings${warnings:+: $warnings}" test -z "$warnings"
fi
completion() {  # completion WORD...: what _allure_lua offers for the last word
  PATH=$R/usr/bin:$PATH bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _allure_lua; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$R/usr/share/bash-completion/completions/allure-lua" "$@"
}
check "bash completion: scripts" grep -qx junit <<<"$(completion allure-lua ju)"
check "bash completion: auto" grep -qx auto <<<"$(completion allure-lua au)"
check "bash completion: options" grep -qx -- --fail-on-empty <<<"$(completion allure-lua --fail)"
check "bash completion: a script's --opt keys" grep -qx "tz=" <<<"$(completion allure-lua junit --opt t)"

# 3. The CI integrations' shell steps, with the installed binary on PATH.
export PATH=$R/usr/bin:$PATH
mkdir -p "$WORK/ci/reports/sub" "$WORK/ci/empty"
cp "$SRC/docs/examples/"*.xml "$WORK/ci/reports/sub/"
run_action() {  # run_action SCRIPT INPUTS FAIL_ON_EMPTY: the action's steps in WORK/ci
  (cd "$WORK/ci" && "$bin" --run "$SRC/tests/package/ci-steps.lua" "$SRC/packaging/github-action/action.yml" action \
     >"$WORK/action.sh") || return 99
  rm -rf "$WORK/ci/allure-results" "$WORK/ci/step-summary.md" "$WORK/ci/output"
  (cd "$WORK/ci" && AL_INPUT_SCRIPT=$1 AL_INPUT_INPUTS=$2 AL_INPUT_RESULTS_DIR=allure-results \
     AL_INPUT_FAIL_ON_EMPTY=$3 AL_INPUT_SUMMARY=true AL_INPUT_ARGS="--param os=linux" \
     GITHUB_STEP_SUMMARY=$WORK/ci/step-summary.md GITHUB_OUTPUT=$WORK/ci/output RUNNER_TEMP=$WORK/ci \
     GITHUB_ACTION_PATH=$SRC/packaging/github-action bash "$WORK/action.sh" >"$WORK/action.log" 2>&1)
}
run_action auto 'reports/**/*.xml' true; status=$?
check "action: exit 0 (status $status)" test "$status" = 0
check "action: 6 results written" test "$(ls "$WORK"/ci/allure-results/*-result.json 2>/dev/null | wc -l)" = 6
check "action: --param from args on the results" grep -q '"name":"os","value":"linux"' <<<"$(cat "$WORK"/ci/allure-results/*-result.json)"
check "action: job summary appended" grep -q "### Allure results: 2 of 6 tests failed or broke" "$WORK/ci/step-summary.md"
check "action: results-dir output" grep -qx "results-dir=allure-results" "$WORK/ci/output"
run_action junit 'nothing/*.xml' true; status=$?
check "action: a glob that matches nothing fails the step with 6 (status $status)" test "$status" = 6
run_action junit empty true; status=$?
check "action: no result fails the step with 7 (status $status)" test "$status" = 7
run_action junit empty false; status=$?
check "action: fail-on-empty: false lets it pass (status $status)" test "$status" = 0

"$bin" --run "$SRC/tests/package/ci-steps.lua" "$SRC/packaging/gitlab/allure-lua.gitlab-ci.yml" gitlab >"$WORK/gitlab.sh" \
  || fail "gitlab template parses"
rm -rf "$WORK/ci/allure-results"
(cd "$WORK/ci" && ALLURE_LUA_SCRIPT=junit ALLURE_LUA_INPUTS="reports/sub/*.xml" ALLURE_LUA_ARGS= sh -e "$WORK/gitlab.sh" \
   >"$WORK/gitlab.log" 2>&1); status=$?
check "gitlab template: exit 0 (status $status)" test "$status" = 0
check "gitlab template: 6 results" test "$(ls "$WORK"/ci/allure-results/*-result.json 2>/dev/null | wc -l)" = 6
check "gitlab template: Markdown summary kept as an artefact" grep -q "Failed and broken (2)" "$WORK/ci/allure-summary.md"
(cd "$WORK/ci" && ALLURE_LUA_SCRIPT=junit ALLURE_LUA_INPUTS=empty ALLURE_LUA_ARGS= sh -e "$WORK/gitlab.sh" \
   >"$WORK/gitlab.log" 2>&1); status=$?
check "gitlab template: no result fails the job with 7 (status $status)" test "$status" = 7

# The Dockerfile cannot be built here (no image registry); its build stage is build-deb.sh,
# whose steps the cpack above repeats. Check that it names what exists.
check "Dockerfile's build script exists" test -x "$SRC/packaging/build-deb.sh"
check "Dockerfile puts the team's scripts on the search path" grep -q 'ALLURE_LUA_PATH="/etc/allure-lua/scripts;;"' "$SRC/packaging/Dockerfile"

echo "$NPASS passed, $NFAIL failed"
[ "$NFAIL" = 0 ]
