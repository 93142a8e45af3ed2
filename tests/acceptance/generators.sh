#!/bin/bash
# Acceptance tier: feed allure-lua's output to the real report generators and check what they show.
#
#   tests/acceptance/generators.sh ALLURE_LUA_BINARY WORKDIR
#
# Generators (npm packages, each in its own prefix because both install a bin named "allure"):
#   Allure 2  allure-commandline@$ALLURE2_VERSION  (needs Java >= 8)  in $CACHE/allure2
#   Allure 3  allure@$ALLURE3_VERSION              (needs Node >= 18) in $CACHE/allure3
# with CACHE=${ALLURE_LUA_NPM_CACHE:-$HOME/.cache/allure-lua/npm}.
# They are installed only when ALLURE_LUA_INSTALL_GENERATORS=1 (CI sets it); otherwise what the
# cache holds is used. Neither usable: exit 77 (ctest shows "skipped").
#
# Data sets (one results directory each, in WORKDIR/results/):
#   handmade     fixtures/handmade-results/ (hand-written Allure results: checks our reading of the
#                readers, independent of the binary)
#   <name>       allure-lua -o DIR --clean --deterministic junit fixtures/junit/<name>.xml
#   long-output  the same for the XML written by fixtures/junit/long-output.sh
# Each is checked against <name>.expect.json by check-report.mjs, from the generated report's data.
#
# Output: one PASS/FAIL line per check, then "N passed, M failed" alone on the last line.
# Exit: 0 all passed, 1 some check failed, 2 usage, 77 skipped.
#
# Environment:
#   ALLURE_LUA_INSTALL_GENERATORS=1     install/update the pinned generators into the cache
#   ALLURE_LUA_NPM_CACHE=DIR            cache prefix root (default ~/.cache/allure-lua/npm)
#   ALLURE_LUA_ALLURE2_VERSION=X        override the pinned allure-commandline version
#   ALLURE_LUA_ALLURE3_VERSION=X        override the pinned allure version
#   ALLURE_LUA_GENERATOR_TIMEOUT=SEC    per generator run (default 300)

set -u

ALLURE2_VERSION=${ALLURE_LUA_ALLURE2_VERSION:-2.46.1}
ALLURE3_VERSION=${ALLURE_LUA_ALLURE3_VERSION:-3.18.0}
GEN_TIMEOUT=${ALLURE_LUA_GENERATOR_TIMEOUT:-300}
CONVERT_TIMEOUT=120
ENABLE_HINT="run with ALLURE_LUA_INSTALL_GENERATORS=1 (needs npm and network to the npm registry) to install them"

if [ $# -ne 2 ]; then
  echo "usage: $0 ALLURE_LUA_BINARY WORKDIR" >&2
  exit 2
fi
BIN=$1
WORK=$2
HERE=$(cd "$(dirname "$0")" && pwd)
FIX=$HERE/fixtures

# ------------------------------------------------------------------ bookkeeping

NPASS=0
NFAIL=0
pass() { NPASS=$((NPASS + 1)); echo "PASS $*"; }
fail() { NFAIL=$((NFAIL + 1)); echo "FAIL $*"; }
skip() { echo "SKIP $*"; }
finish() {
  echo "$NPASS passed, $NFAIL failed"
  [ "$NFAIL" -eq 0 ] && exit 0
  exit 1
}
indent() { sed 's/^/    | /'; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# ------------------------------------------------------------------ prerequisites

if ! command -v node >/dev/null 2>&1; then
  echo "acceptance: node not found: it runs Allure 3 and the report checks (apt-get install nodejs npm)"
  echo "acceptance: skipped"
  exit 77
fi
if ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)'; then
  echo "acceptance: node $(node --version) is too old (need >= 18)"
  echo "acceptance: skipped"
  exit 77
fi
if [ -z "${ALLURE_LUA_NPM_CACHE:-}" ] && [ -z "${HOME:-}" ]; then
  echo "acceptance: neither ALLURE_LUA_NPM_CACHE nor HOME is set; no generator cache"
  echo "acceptance: skipped"
  exit 77
fi
CACHE=${ALLURE_LUA_NPM_CACHE:-$HOME/.cache/allure-lua/npm}

# pkg_version PREFIX PACKAGE -> the installed version, or nothing
pkg_version() {
  local f=$1/node_modules/$2/package.json
  [ -f "$f" ] && node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).version)' "$f" 2>/dev/null
}

# install PREFIX PACKAGE VERSION
install() {
  local prefix=$1 pkg=$2 ver=$3 t0 log
  if [ "$(pkg_version "$prefix" "$pkg")" = "$ver" ]; then
    pass "[setup] $pkg@$ver already in $prefix"
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    fail "[setup] install $pkg@$ver: npm not found (apt-get install npm)"
    return 1
  fi
  mkdir -p "$prefix" || { fail "[setup] cannot create $prefix"; return 1; }
  log=$prefix/install.log
  t0=$(now)
  # flock: two builds sharing one cache must not install into it at the same time
  local lock=()
  command -v flock >/dev/null 2>&1 && lock=(flock "$prefix/.install.lock")
  if "${lock[@]}" npm install --prefix "$prefix" --no-audit --no-fund --save-exact \
      "$pkg@$ver" >"$log" 2>&1 && [ "$(pkg_version "$prefix" "$pkg")" = "$ver" ]; then
    pass "[setup] installed $pkg@$ver into $prefix ($(secs "$t0" "$(now)") s)"
  else
    fail "[setup] npm install $pkg@$ver into $prefix failed (log: $log)"
    tail -n 20 "$log" | indent
    return 1
  fi
}

A2_PREFIX=$CACHE/allure2
A3_PREFIX=$CACHE/allure3
if [ "${ALLURE_LUA_INSTALL_GENERATORS:-0}" = 1 ]; then
  install "$A2_PREFIX" allure-commandline "$ALLURE2_VERSION"
  install "$A3_PREFIX" allure "$ALLURE3_VERSION"
fi

# Allure 2: the package's own launcher script (dist/bin/allure) runs java directly; its node
# wrapper (node_modules/.bin/allure) only spawns it.
A2=$A2_PREFIX/node_modules/allure-commandline/dist/bin/allure
A3=$A3_PREFIX/node_modules/allure/cli.js
HAVE_A2=0
HAVE_A3=0
v=$(pkg_version "$A2_PREFIX" allure-commandline)
if [ -z "$v" ] || [ ! -x "$A2" ]; then
  skip "[allure2] allure-commandline not installed in $A2_PREFIX; $ENABLE_HINT"
elif [ "$v" != "$ALLURE2_VERSION" ]; then
  skip "[allure2] $A2_PREFIX has allure-commandline $v, pinned $ALLURE2_VERSION; $ENABLE_HINT"
elif ! { [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; } && ! command -v java >/dev/null 2>&1; then
  skip "[allure2] java not found (JAVA_HOME unset, no java in PATH): Allure 2 part skipped; install a JRE >= 8, e.g. apt-get install default-jre-headless"
else
  HAVE_A2=1
  echo "acceptance: Allure 2 = allure-commandline $v ($A2)"
fi
v=$(pkg_version "$A3_PREFIX" allure)
if [ -z "$v" ] || [ ! -f "$A3" ]; then
  skip "[allure3] allure not installed in $A3_PREFIX; $ENABLE_HINT"
elif [ "$v" != "$ALLURE3_VERSION" ]; then
  skip "[allure3] $A3_PREFIX has allure $v, pinned $ALLURE3_VERSION; $ENABLE_HINT"
else
  HAVE_A3=1
  echo "acceptance: Allure 3 = allure $v ($A3), node $(node --version)"
fi

if [ "$HAVE_A2" = 0 ] && [ "$HAVE_A3" = 0 ]; then
  if [ "$NFAIL" -gt 0 ]; then
    finish # an install that was asked for failed: that is a failure, not a skip
  fi
  echo "acceptance: no report generator available; skipped."
  echo "acceptance: to enable: ALLURE_LUA_INSTALL_GENERATORS=1 ctest -R acceptance (Allure 2 also needs java)"
  exit 77
fi

# ------------------------------------------------------------------ work directory

mkdir -p "$WORK" || { fail "[setup] cannot create $WORK"; finish; }
WORK=$(cd "$WORK" && pwd)
rm -rf "$WORK/inputs" "$WORK/results" "$WORK/reports" "$WORK/logs"
mkdir -p "$WORK/inputs" "$WORK/results" "$WORK/reports" "$WORK/logs"

DATASETS=() # names; results in $WORK/results/<name>, expectations in EXPECT[<name>]
declare -A EXPECT MUSTFAIL PERTEST

# the hand-written results, copied so that no generator can touch the source tree
cp -R "$FIX/handmade-results" "$WORK/results/handmade"
DATASETS+=(handmade)
EXPECT[handmade]=$FIX/handmade.expect.json

# canary: the same with one attachment file deleted and a truncated result file added; the checks
# named in MUSTFAIL must notice (proves the log scan and attachment checks still bite when a
# generator version changes its messages or data layout)
cp -R "$FIX/handmade-results" "$WORK/results/canary"
rm "$WORK/results/canary/0a0000e1-0000-4000-8000-000000000005-attachment.txt"
printf '{"uuid":"0f000000-0000-4000-8000-000000000001","name":"trunc' \
  >"$WORK/results/canary/0f000000-0000-4000-8000-000000000001-result.json"
DATASETS+=(canary)
EXPECT[canary]=$FIX/handmade.expect.json
MUSTFAIL[canary]='generator log has no errors or warnings|every result file became a test|all attachments resolved'
PERTEST[canary]=no

# ------------------------------------------------------------------ convert with allure-lua

# convert NAME XML EXPECT
convert() {
  local name=$1 xml=$2 expect=$3 out=$WORK/results/$1 log=$WORK/logs/allure-lua-$1.log rc t0
  if [ ! -f "$expect" ]; then
    fail "[allure-lua $name] no expectations: $expect is missing"
    return
  fi
  t0=$(now)
  timeout -k 10 "$CONVERT_TIMEOUT" "$BIN" -o "$out" --clean --deterministic junit "$xml" >"$log" 2>&1
  rc=$?
  if [ "$rc" -ne 0 ]; then
    fail "[allure-lua $name] junit $(basename "$xml"): exit status $rc (log: $log)"
    tail -n 20 "$log" | indent
    return
  fi
  local n
  n=$(find "$out" -maxdepth 1 -name '*-result.json' | wc -l)
  if [ "$n" -eq 0 ]; then
    fail "[allure-lua $name] junit $(basename "$xml"): exit 0 but no *-result.json in $out"
    return
  fi
  pass "[allure-lua $name] junit $(basename "$xml") -> $n result(s) ($(secs "$t0" "$(now)") s)"
  # files that would confuse the readers: temp files, *.xml (both generators import any *.xml
  # in the directory as JUnit), sub-directories are ignored by both and so harmless
  local odd
  odd=$(find "$out" -maxdepth 1 -type f \( -name '.allure-lua-*' -o -name '*.xml' \) -printf '%f ')
  if [ -n "$odd" ]; then
    fail "[allure-lua $name] stray files in results: $odd"
  else
    pass "[allure-lua $name] no temp or *.xml files in results"
  fi
  DATASETS+=("$name")
  EXPECT[$name]=$expect
}

if [ ! -x "$BIN" ] || [ -d "$BIN" ]; then
  fail "[allure-lua] binary $BIN is not an executable file"
else
  for xml in "$FIX"/junit/*.xml; do
    name=$(basename "$xml" .xml)
    convert "$name" "$xml" "$FIX/junit/$name.expect.json"
  done
  if sh "$FIX/junit/long-output.sh" "$WORK/inputs/long-output.xml"; then
    convert long-output "$WORK/inputs/long-output.xml" "$FIX/junit/long-output.expect.json"
  else
    fail "[allure-lua long-output] cannot generate the input with fixtures/junit/long-output.sh"
  fi
fi

# The sweep: every result the golden cases and the corpus conversions produced, all formats,
# gathered into one directory (sweep.lua renames the golden cases' repeating uuids) and
# checked by counts (check-sweep.mjs): every converter's output is accepted as it is.
if [ -x "$BIN" ] && [ ! -d "$BIN" ]; then
  if out=$("$BIN" --run "$HERE/sweep.lua" "$WORK/results/sweep" "$HERE/../golden" \
            "${ALLURE_LUA_CORPUS_OUT:-}" 2>&1); then
    pass "[allure-lua sweep] $out"
    DATASETS+=(sweep)
  else
    fail "[allure-lua sweep] gathering the results failed: $out"
  fi
fi

# ------------------------------------------------------------------ generate and check

# check GEN NAME REPORT LOG
check() {
  local gen=$1 name=$2 report=$3 log=$4 out=$WORK/logs/check-$1-$2.txt rc np nf
  if [ "$name" = sweep ]; then
    node "$HERE/check-sweep.mjs" --kind "$gen" --report "$report" --results "$WORK/results/$name" \
      --log "$log" >"$out" 2>&1
  else
    node "$HERE/check-report.mjs" --kind "$gen" --report "$report" --expect "${EXPECT[$name]}" \
      --results "$WORK/results/$name" --log "$log" --title "[$gen $name]" \
      --must-fail "${MUSTFAIL[$name]:-}" --per-test "${PERTEST[$name]:-yes}" >"$out" 2>&1
  fi
  rc=$?
  cat "$out"
  np=$(grep -c '^PASS' "$out")
  nf=$(grep -c '^FAIL' "$out")
  NPASS=$((NPASS + np))
  NFAIL=$((NFAIL + nf))
  if [ "$rc" -ne 0 ] && [ "$nf" -eq 0 ]; then
    fail "[$gen $name] check-report.mjs exited with status $rc without a FAIL line"
  fi
}

# generate GEN NAME
generate() {
  local gen=$1 name=$2 results=$WORK/results/$2 report=$WORK/reports/$1/$2 log=$WORK/logs/$1-$2.log rc t0
  mkdir -p "$WORK/reports/$gen"
  t0=$(now)
  if [ "$gen" = allure2 ]; then
    # C1-only JIT and serial GC: ~20% faster for a short-lived JVM (ALLURE_OPTS set by the
    # caller wins)
    ALLURE_OPTS=${ALLURE_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC} \
      timeout -k 10 "$GEN_TIMEOUT" "$A2" generate "$results" -o "$report" --clean >"$log" 2>&1
  else
    # cwd = WORK so that no allurerc.* of the caller is picked up; our config selects the
    # awesome plugin with its data in files (report/data/...), not inlined in one HTML
    (cd "$WORK" && timeout -k 10 "$GEN_TIMEOUT" node "$A3" generate "$results" -o "$report" \
      --config "$HERE/allurerc.json") >"$log" 2>&1
  fi
  rc=$?
  local took
  took=$(secs "$t0" "$(now)")
  if [ "$rc" -ne 0 ]; then
    fail "[$gen $name] generate: exit status $rc after $took s (log: $log)"
    tail -n 20 "$log" | indent
    return
  fi
  pass "[$gen $name] generate ($took s)"
  check "$gen" "$name" "$report" "$log"
}

for gen in allure2 allure3; do
  if [ "$gen" = allure2 ] && [ "$HAVE_A2" = 0 ]; then continue; fi
  if [ "$gen" = allure3 ] && [ "$HAVE_A3" = 0 ]; then continue; fi
  for name in "${DATASETS[@]}"; do
    generate "$gen" "$name"
  done
done

echo "acceptance: reports in $WORK/reports, logs in $WORK/logs"
finish
