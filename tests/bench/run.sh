#!/usr/bin/env bash
# The performance benchmark (docs/performance.md): allure-lua against the floor of the same
# work measured in the same run, and against Allure 3's own JUnit reader when installed.
#
#   tests/bench/run.sh [--quick] [--runs N] [--only CASE...] [--keep]
#
#   --quick   small sizes and 3 runs (a minute or two); default: every size, 5 runs
#   --runs N  runs per measurement (the median is printed)
#   --only    cases whose name starts with one of these words (junit, junit-flat, gotest, trx,
#             cucumber, playwright, startup), or named as the table prints them (trx-20k)
#   --keep    keep the generated inputs and the last outputs in the work directory
#
# Environment: ALLURE_LUA=path to a binary (default: build-bench/allure-lua, built here with
# -DCMAKE_BUILD_TYPE=Release), BENCH_DIR (default /dev/shm/allure-lua-bench: tmpfs, so the
# disk does not decide the numbers), ALLURE3_DIR (default ~/.cache/allure-lua/npm/allure3),
# STARTUP_RUNS (runs of the start-up case, default 101).
#
# Every run of one size is interleaved: parse floor, write floor, allure-lua, Allure 3, so a
# busy machine slows all of them alike and the ratios stay meaningful. Not a ctest test.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

quick=0 runs="" only=() keep=0
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --runs) runs=$2; shift ;;
    --only) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do only+=("$1"); shift; done; continue ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$runs" ] || runs=$([ $quick = 1 ] && echo 3 || echo 5)

# --- tools ---------------------------------------------------------------------------------
build=$root/build-bench
if [ -z "${ALLURE_LUA:-}" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target allure-lua -j"$(nproc)" >/dev/null
  ALLURE_LUA=$build/allure-lua
fi
tools=$build/bench
mkdir -p "$tools"
cc -O2 -Wall -o "$tools/gen" tests/bench/gen.c
cc -O2 -Wall -o "$tools/benchtool" tests/bench/benchtool.c
gen=$tools/gen bt=$tools/benchtool
command -v xmllint >/dev/null || { echo "run.sh: xmllint is missing (apt-get install libxml2-utils)" >&2; exit 2; }
a3=${ALLURE3_DIR:-$HOME/.cache/allure-lua/npm/allure3}
have_a3=0
if command -v node >/dev/null && [ -d "$a3/node_modules/@allurereport/reader" ]; then have_a3=1; fi

work=${BENCH_DIR:-/dev/shm/allure-lua-bench}
case $(stat -f -c %T "$(dirname "$work")" 2>/dev/null) in
  tmpfs) ;;
  *) echo "run.sh: warning: $work is not on tmpfs: the disk will decide the write numbers" >&2 ;;
esac
mkdir -p "$work/in"
[ $keep = 1 ] || trap 'rm -rf "$work/out" "$work/floor"' EXIT

# A word selects the cases whose name starts with it, and a case's full name as printed
# ("trx-20k") its family ("trx"); a word that names no family is an error, not an empty run.
for w in "${only[@]}"; do
  case $w in
    junit*|gotest*|trx*|cucumber*|playwright*|startup*) ;;
    *) echo "run.sh: --only $w: no such case (junit, junit-flat, gotest, trx, cucumber, playwright, startup)" >&2
       exit 2 ;;
  esac
done
wanted() {   # case name
  [ ${#only[@]} -eq 0 ] && return 0
  local w; for w in "${only[@]}"; do
    [ "${1#"$w"}" != "$1" ] && return 0
    [ "${w#"$1"-}" != "$w" ] && return 0
  done; return 1
}

# --- measuring -----------------------------------------------------------------------------
# One measurement: "wall user sys maxrss_kb exit" of the command (benchtool run).
measure() { "$bt" run "$@"; }

# Median of the numbers on stdin.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

fresh() { rm -rf "$1"; }

# results table rows, printed at the end
rows=()
row() { rows+=("$(printf "$@")"); }

fmt_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }

# bench_case NAME SCRIPT INPUT FLOOR_KIND [ALLURE3]
#   FLOOR_KIND: xml (xmllint --stream), lines (the NDJSON line floor), read (plain read; JSON
#   documents)
bench_case() {
  local name=$1 script=$2 input=$3 kind=$4 with_a3=${5:-0}
  local out=$work/out/$name floor=$work/floor/$name sizes=$work/in/$name.sizes
  local i m f w a
  mkdir -p "$work/out" "$work/floor"
  # The write floor needs the sizes of what allure-lua writes: one warm-up run gives them.
  fresh "$out"
  "$ALLURE_LUA" -q -o "$out" "$script" "$input" || { echo "run.sh: $name: allure-lua failed" >&2; return 1; }
  find "$out" -type f -printf '%s\n' > "$sizes"
  local nfiles nresults
  nfiles=$(wc -l < "$sizes")
  nresults=$(find "$out" -name '*-result.json' | wc -l)
  fresh "$out"
  : > "$work/m.al"; : > "$work/m.parse"; : > "$work/m.write"; : > "$work/m.a3"; : > "$work/m.a3r"
  for ((i = 1; i <= runs; i++)); do
    case $kind in
      xml) measure -- xmllint --stream --noout "$input" >> "$work/m.parse" ;;
      lines|read) measure -- "$bt" lines "$input" >> "$work/m.parse" ;;
    esac
    # One output at a time: a million small files each is a lot of a tmpfs's inodes.
    fresh "$out"; fresh "$floor"; measure -- "$bt" write "$sizes" "$floor" >> "$work/m.write"
    fresh "$floor"; measure -- "$ALLURE_LUA" -q -o "$out" "$script" "$input" >> "$work/m.al"
    fresh "$out"
    if [ "$with_a3" = 1 ] && [ $have_a3 = 1 ] && { [ $i -le 3 ] && [ "$nresults" -le 200000 ] || [ $i -eq 1 ]; }; then
      measure -o "$work/a3.json" -- node tests/bench/allure3-junit.mjs "$a3" "$input" store >> "$work/m.a3"
      sed -n 's/.*"ms":\([0-9]*\).*/\1/p' "$work/a3.json" | awk '{ print $1 / 1000 }' >> "$work/m.a3r"
    fi
  done
  awk '$5 != 0 { bad = 1 } END { exit bad }' "$work/m.al" || { echo "run.sh: $name: allure-lua exited non-zero" >&2; return 1; }
  awk '$5 != 0 { bad = 1 } END { exit bad }' "$work/m.write" || { echo "run.sh: $name: the write floor failed" >&2; return 1; }
  local al_wall al_cpu al_rss p_wall w_wall floor_wall
  al_wall=$(awk '{ print $1 }' "$work/m.al" | median)
  al_cpu=$(awk '{ print $2 + $3 }' "$work/m.al" | median)
  al_rss=$(awk '{ print $4 / 1024 }' "$work/m.al" | median)
  p_wall=$(awk '{ print $1 }' "$work/m.parse" | median)
  w_wall=$(awk '{ print $1 }' "$work/m.write" | median)
  floor_wall=$(awk -v a="$p_wall" -v b="$w_wall" 'BEGIN { print a + b }')
  local a3_col="-" a3_ratio="-"
  if [ -s "$work/m.a3r" ]; then
    local a3_read a3_proc a3_rss
    a3_read=$(median < "$work/m.a3r")
    a3_proc=$(awk '{ print $1 }' "$work/m.a3" | median)
    a3_rss=$(awk '{ print $4 / 1024 }' "$work/m.a3" | median)
    a3_col=$(printf "%.2f s (%.0f MB; node total %.2f s)" "$a3_read" "$a3_rss" "$a3_proc")
    a3_ratio=$(fmt_ratio "$a3_read" "$al_wall")
  fi
  row "%-18s %9s %7d %8.2f %8.2f %7.1f | %7.2f %7.2f %7.2f | %6s | %6s  %s" \
    "$name" "$(du -m "$input" | cut -f1)MB" "$nresults" "$al_wall" "$al_cpu" "$al_rss" \
    "$p_wall" "$w_wall" "$floor_wall" "$(fmt_ratio "$al_wall" "$floor_wall")" "$a3_ratio" "$a3_col"
  echo "  ${rows[${#rows[@]}-1]}  ($nfiles files)" >&2
}

# gen_input NAME ARGS...: generated once, kept between runs of the script (same bytes always).
gen_input() {
  local name=$1; shift
  local file=$work/in/$name
  if [ ! -s "$file" ] || [ "$file" -ot tests/bench/gen.c ]; then "$gen" "$@" > "$file.part" && mv "$file.part" "$file"; fi
  echo "$file"
}

have_script() { [ -f "scripts/$1.lua" ]; }

echo "allure-lua benchmark: $ALLURE_LUA, $(nproc) cores, work in $work ($(stat -f -c %T "$work")), $runs runs, medians" >&2
[ $have_a3 = 1 ] || echo "  Allure 3 not installed in $a3: no comparison (ALLURE_LUA_INSTALL_GENERATORS=1 tests/run.sh installs it)" >&2

if [ $quick = 1 ]; then
  junit_sizes="10000 100000"; flat_sizes="100000"; gotest_events=200000; trx_tests=20000
  cucumber_tests=20000; playwright_tests=20000
else
  junit_sizes="10000 100000 1000000"; flat_sizes="100000 1000000"; gotest_events=1000000
  trx_tests=100000; cucumber_tests=75000; playwright_tests=200000   # JSON documents of about 100 MB
fi

label() { awk -v n="$1" 'BEGIN { if (n >= 1000000) printf "%gm", n / 1000000; else printf "%gk", n / 1000 }'; }

for n in $junit_sizes; do
  wanted "junit-$(label "$n")" || continue
  bench_case "junit-$(label "$n")" junit "$(gen_input "junit-$n.xml" junit "$n")" xml 1
done
for n in $flat_sizes; do
  wanted "junit-flat-$(label "$n")" || continue
  bench_case "junit-flat-$(label "$n")" junit "$(gen_input "junit-flat-$n.xml" junit "$n" flat)" xml 1
done
if wanted gotest && have_script gotest; then
  bench_case "gotest-$(label $gotest_events)ev" gotest "$(gen_input "gotest-$gotest_events.json" gotest $gotest_events)" lines
fi
if wanted trx; then
  if have_script trx; then bench_case "trx-$(label $trx_tests)" trx "$(gen_input "trx-$trx_tests.trx" trx $trx_tests)" xml
  else echo "  trx: scripts/trx.lua does not exist yet: skipped" >&2; fi
fi
for fmt in cucumber playwright; do
  wanted $fmt || continue
  n=$cucumber_tests; [ $fmt = playwright ] && n=$playwright_tests
  if have_script $fmt; then bench_case "$fmt-$(label "$n")" $fmt "$(gen_input "$fmt-$n.json" $fmt "$n")" read
  else echo "  $fmt: scripts/$fmt.lua does not exist yet: skipped" >&2; fi
done

# Start-up: a 1-test JUnit file, interleaved with --version (the process and its libraries,
# no Lua) and /bin/true (fork, exec and wait: the floor of any process). Many short runs:
# STARTUP_RUNS (default 101).
startup=""
if wanted startup; then
  one=$work/in/one.xml
  printf '<testsuite name="s"><testcase classname="a.B" name="t"/></testsuite>\n' > "$one"
  startup_runs=${STARTUP_RUNS:-101}
  : > "$work/m.start"; : > "$work/m.version"; : > "$work/m.true"
  mkdir -p "$work/out"
  for ((i = 1; i <= startup_runs; i++)); do
    fresh "$work/out/one"; measure -- "$ALLURE_LUA" -q -o "$work/out/one" junit "$one" >> "$work/m.start"
    measure -- "$ALLURE_LUA" --version >> "$work/m.version"
    measure -- /bin/true >> "$work/m.true"
  done
  awk '$5 != 0 { bad = 1 } END { exit bad }' "$work/m.start" || { echo "run.sh: startup: allure-lua exited non-zero" >&2; exit 1; }
  startup=$(awk '{ print $1 * 1000 }' "$work/m.start" | median)
  startup_cpu=$(awk '{ print ($2 + $3) * 1000 }' "$work/m.start" | median)
  startup_rss=$(awk '{ print $4 / 1024 }' "$work/m.start" | median)
  startup_version=$(awk '{ print $1 * 1000 }' "$work/m.version" | median)
  startup_true=$(awk '{ print $1 * 1000 }' "$work/m.true" | median)
fi

echo
echo "Medians of $runs runs on $(stat -f -c %T "$work") ($work), $(nproc) cores. floor = parse + write, measured in the same run."
echo "parse: xmllint --stream --noout (XML), benchtool lines (NDJSON line reading; for JSON documents: reading the file)."
echo "write: benchtool write, the same number of files of the same sizes, each temp file + renameat2."
echo "Allure 3: its JUnit reader into its store (tests/bench/allure3-junit.mjs), time of the read alone."
echo
printf "%-18s %9s %7s %8s %8s %7s | %7s %7s %7s | %6s | %6s  %s\n" \
  case input results "wall s" "cpu s" "RSS MB" "parse s" "write s" "floor s" "/floor" "A3/us" "Allure 3 reader"
for r in "${rows[@]}"; do echo "$r"; done
if [ -n "$startup" ]; then
  printf "\nstart-up (junit, a 1-test file): %.1f ms wall, %.1f ms cpu, %.1f MB RSS; --version %.1f ms; /bin/true %.1f ms (medians of %d)\n" \
    "$startup" "$startup_cpu" "$startup_rss" "$startup_version" "$startup_true" "$startup_runs"
fi
