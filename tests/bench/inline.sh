#!/bin/sh
# Large inline attachments (issue 18): a Cucumber report with one embedding of MB (default
# 200) MB of base64, over the attachment cap (a note), and one of 128 MB under it (a 96 MB
# attachment, a JSON "\n" every 76 characters); wall s, CPU s and peak RSS of each.
#   tests/bench/inline.sh [MB]   (ALLURE_LUA=path: the binary; ALLURE_LUA_OLD=path: also
#                                 this one, and the outputs compared; -I dirs in AL_ARGS)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${ALLURE_LUA:-$root/build/allure-lua}
dir=${BENCH_DIR:-/dev/shm/allure-lua-bench}/inline
mkdir -p "$dir"
cc -O2 -Wall -o "$dir/benchtool" "$root/tests/bench/benchtool.c"
head='[{"uri":"a.feature","keyword":"Feature","name":"F","elements":[{"keyword":"Scenario","type":"scenario","name":"big","steps":[{"keyword":"Given ","name":"x","result":{"status":"passed","duration":1},"embeddings":[{"mime_type":"image/png","data":"'
tail='"}]}]}]}]'
if [ ! -s "$dir/over.json" ]; then
  { printf '%s' "$head"; head -c "${1:-200}000000" /dev/zero | tr '\0' A; printf '%s' "$tail"; } >"$dir/over.json"
  head -c 96000000 /dev/urandom >"$dir/under.raw"
  { printf '%s' "$head"; base64 -w 76 "$dir/under.raw" | sed 's/$/\\n/' | tr -d '\n'; printf '%s' "$tail"; } >"$dir/under.json"
fi
echo "case    binary   wall s  user s   sys s  RSS MB"
for case in over under; do
  for b in new ${ALLURE_LUA_OLD:+old}; do
    exe=$bin; [ "$b" = old ] && exe=$ALLURE_LUA_OLD
    rm -rf "$dir/out-$case-$b"
    # shellcheck disable=SC2086
    set -- $("$dir/benchtool" run -- "$exe" -q --deterministic ${AL_ARGS:-} -o "$dir/out-$case-$b" cucumber "$dir/$case.json")
    printf '%-7s %-6s %8.2f %7.2f %7.2f %7.1f\n' "$case" "$b" "$1" "$2" "$3" "$(echo "$4 / 1024" | bc -l)"
  done
  if [ -n "${ALLURE_LUA_OLD:-}" ]; then
    diff -r "$dir/out-$case-new" "$dir/out-$case-old" >/dev/null && echo "$case: outputs identical"
  fi
done
cmp "$dir/under.raw" "$dir"/out-under-new/*-attachment* && echo "under: the attachment is the raw bytes"
