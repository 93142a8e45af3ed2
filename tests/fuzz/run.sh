#!/usr/bin/env bash
# Fuzzes each target for a while: tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
# Builds build-fuzz with clang (libFuzzer + ASan + UBSan), seeds each target's corpus with the
# golden inputs, and copies every crashing input into tests/fuzz/regressions/<target>/, where the
# normal test suite replays it (ctest -R fuzz-replay) once the bug is fixed.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
command -v clang >/dev/null || { echo "clang is needed: apt-get install clang" >&2; exit 2; }
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAL_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$(nproc)" >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cd build-fuzz/tests && ls fuzz_* | grep -v _replay)
fi
status=0
for target in "${targets[@]}"; do
  corpus=$(mktemp -d)
  case "$target" in
    fuzz_xml) seeds=tests/golden/junit ;;
    fuzz_json) seeds=tests/golden ;;
    fuzz_script_*) seeds=tests/golden/${target#fuzz_script_} ;;
  esac
  n=0
  while IFS= read -r seed; do
    n=$((n + 1))
    cp "$seed" "$corpus/seed-$n"
    case "$target" in   # the same seed pushed in small chunks (fuzz_common.h: al_fuzz_chunk)
      fuzz_xml|fuzz_json) { printf "\\$(printf %03o $((1 + n % 8)))"; cat "$seed"; } >"$corpus/seed-$n-chunk" ;;
    esac
  done < <(find "$seeds" -name 'input*' -type f -size -200k 2>/dev/null)
  crashes=tests/fuzz/regressions/$target
  mkdir -p "$crashes"
  echo "== $target for ${seconds}s ($(ls "$corpus" | wc -l) seeds)"
  if ! ASAN_OPTIONS=detect_leaks=1 build-fuzz/tests/"$target" -max_total_time="$seconds" -max_len=65536 \
        -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$crashes/" "$corpus" 2>"$corpus.log"; then
    echo "   FOUND: $(ls "$crashes" | tail -1) (log: $corpus.log)"
    status=1
  else
    grep -E '^#[0-9]+.*DONE' "$corpus.log" | tail -1 || tail -1 "$corpus.log"
  fi
  rm -rf "$corpus"
done
rmdir tests/fuzz/regressions/* 2>/dev/null || true
exit $status
