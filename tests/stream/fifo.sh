#!/bin/sh
# Streaming end to end: each event-stream script reads a FIFO that a writer fills in two
# halves, and the results of the first half must be on disk while the writer still holds
# the FIFO open and has not written the second half; then the rest arrives and the run
# ends when the writer closes.   fifo.sh ALLURE_LUA
set -u
bin=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/allure-lua-fifo.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

# count_results DIR NAME: how many result files name NAME (a fullName part).
count_results() {
  grep -l "$2" "$1"/*-result.json 2>/dev/null | wc -l
}

# wait_for DIR NAME SECONDS: until a result naming NAME is on disk.
wait_for() {
  i=0
  while [ "$i" -lt $(($3 * 20)) ]; do
    [ "$(count_results "$1" "$2")" -gt 0 ] && return 0
    sleep 0.05
    i=$((i + 1))
  done
  return 1
}

# run SCRIPT FIRST_HALF SECOND_HALF FIRST_NAMES SECOND_NAMES
run() {
  script=$1
  dir=$work/$script
  mkdir -p "$dir"
  mkfifo "$dir/fifo"
  "$bin" -E -q -o "$dir/out" "$script" "$dir/fifo" 2>"$dir/stderr" &
  pid=$!
  exec 3>"$dir/fifo"                 # the writer: open until the second half is written
  printf '%s\n' "$2" >&3
  ok=1
  for name in $4; do
    if ! wait_for "$dir/out" "$name" 10; then
      echo "FAIL $script: no result for $name from the first half while the stream was open"
      ok=0
    fi
  done
  for name in $5; do
    if [ "$(count_results "$dir/out" "$name")" -ne 0 ]; then
      echo "FAIL $script: a result for $name before the second half was written"
      ok=0
    fi
  done
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "FAIL $script: the converter ended before the stream did"
    ok=0
  fi
  printf '%s\n' "$3" >&3
  exec 3>&-                          # the producer closes: end of the stream
  wait "$pid"
  code=$?
  if [ "$code" -ne 0 ]; then
    echo "FAIL $script: exit status $code"; cat "$dir/stderr"
    ok=0
  fi
  for name in $5; do
    if ! [ "$(count_results "$dir/out" "$name")" -gt 0 ]; then
      echo "FAIL $script: no result for $name after the stream ended"
      ok=0
    fi
  done
  if [ "$ok" = 1 ]; then echo "ok   $script: first half on disk before the second was written"
  else failures=$((failures + 1)); fi
}

run gotest \
'{"Time":"2025-01-01T00:00:00Z","Action":"run","Package":"p","Test":"TestFirst"}
{"Time":"2025-01-01T00:00:00.1Z","Action":"pass","Package":"p","Test":"TestFirst","Elapsed":0.1}
{"Time":"2025-01-01T00:00:00.2Z","Action":"run","Package":"p","Test":"TestSecond"}
{"Time":"2025-01-01T00:00:00.3Z","Action":"output","Package":"p","Test":"TestSecond","Output":"    x_test.go:9: no\n"}
{"Time":"2025-01-01T00:00:00.3Z","Action":"fail","Package":"p","Test":"TestSecond","Elapsed":0.1}' \
'{"Time":"2025-01-01T00:00:01Z","Action":"run","Package":"p","Test":"TestThird"}
{"Time":"2025-01-01T00:00:01.1Z","Action":"pass","Package":"p","Test":"TestThird","Elapsed":0.1}
{"Time":"2025-01-01T00:00:01.2Z","Action":"fail","Package":"p","Elapsed":1.2}' \
"p.TestFirst p.TestSecond" "p.TestThird"

run libtest \
'{ "type": "suite", "event": "started", "test_count": 3 }
{ "type": "test", "event": "started", "name": "tests::first" }
{ "type": "test", "name": "tests::first", "event": "ok", "exec_time": 0.001 }
{ "type": "test", "event": "started", "name": "tests::second" }
{ "type": "test", "name": "tests::second", "event": "failed", "stdout": "boom\n" }' \
'{ "type": "test", "event": "started", "name": "tests::third" }
{ "type": "test", "name": "tests::third", "event": "ok" }
{ "type": "suite", "event": "failed", "passed": 2, "failed": 1, "ignored": 0, "measured": 0, "filtered_out": 0 }' \
"tests::first tests::second" "tests::third"

# A TAP point is complete once the next line shows it has no YAML block: the first half
# ends with the comment that precedes the third point.
run tap \
'TAP version 13
1..3
ok 1 - first
not ok 2 - second
  ---
  message: no
  ...
# before the third' \
'ok 3 - third' \
'"fullName":"first" "fullName":"second"' '"fullName":"third"'

run dart \
'{"protocolVersion":"0.1.1","runnerVersion":"1.25.8","pid":1,"type":"start","time":0}
{"suite":{"id":0,"platform":"vm","path":"test/a_test.dart"},"type":"suite","time":0}
{"test":{"id":1,"name":"first","suiteID":0,"groupIDs":[],"metadata":{"skip":false,"skipReason":null}},"type":"testStart","time":1}
{"testID":1,"result":"success","skipped":false,"hidden":false,"type":"testDone","time":2}
{"test":{"id":2,"name":"second","suiteID":0,"groupIDs":[],"metadata":{"skip":false,"skipReason":null}},"type":"testStart","time":3}
{"testID":2,"error":"Expected: <1>\n  Actual: <2>\n","isFailure":true,"type":"error","time":4}
{"testID":2,"result":"failure","skipped":false,"hidden":false,"type":"testDone","time":4}' \
'{"test":{"id":3,"name":"third","suiteID":0,"groupIDs":[],"metadata":{"skip":false,"skipReason":null}},"type":"testStart","time":5}
{"testID":3,"result":"success","skipped":false,"hidden":false,"type":"testDone","time":6}
{"success":false,"type":"done","time":7}' \
"#first #second" "#third"

echo "$failures failed"
[ "$failures" -eq 0 ]
