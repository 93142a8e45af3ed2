#!/bin/sh
# Ctrl-C on a real terminal during `run` (script(1) gives a pty): allure-lua is the terminal's
# foreground job, so the command shares its process group and gets SIGINT from the terminal
# itself, once; it prints one more test and ends; that test is converted and allure-lua ends
# by SIGINT.   ctrl-c.sh ALLURE_LUA
set -u
bin=$1
command -v script >/dev/null 2>&1 || { echo "SKIP: no script(1)"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/allure-lua-ctrl-c.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
cat >cmd.sh <<'EOS'
n=0
trap 'n=$((n + 1)); echo $n >ints' INT
echo "ok 1 - before"
echo "# waiting"
i=0; while [ $n = 0 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.5                                     # a second SIGINT would be counted meanwhile
echo "ok 2 - after Ctrl-C"; echo "1..2"
EOS
# ^C after the first test is out. perl, in the terminal's foreground group too, ignores it
# and records how allure-lua ended (killed by SIGINT: status=sig2).
record='$SIG{INT} = "IGNORE"; my $p = fork; if (!$p) { $SIG{INT} = "DEFAULT"; exec @ARGV; exit 127 }
waitpid($p, 0); open my $f, ">", "status"; print $f ($? & 127 ? "sig" . ($? & 127) : "exit" . ($? >> 8))'
(sleep 1.5; printf '\003'; sleep 3) |
  timeout 30 script -qfec "perl -e '$record' '$bin' -o out run tap -- sh cmd.sh 2>stderr" /dev/null >/dev/null
failures=0
results=$(ls out 2>/dev/null | grep -c -- '-result.json$')
[ "$results" = 2 ] || { echo "FAIL: $results results, expected 2"; failures=1; }
[ "$(cat ints 2>/dev/null)" = 1 ] || { echo "FAIL: the command got SIGINT $(cat ints 2>/dev/null || echo 0) times, expected once"; failures=1; }
grep -q "stopped by SIGINT, with the command" stderr || { echo "FAIL: stderr:"; cat stderr; failures=1; }
[ "$(cat status 2>/dev/null)" = sig2 ] || { echo "FAIL: allure-lua ended with $(cat status 2>/dev/null), expected sig2 (SIGINT)"; failures=1; }
[ $failures = 0 ] && echo "ok   Ctrl-C during run: converted, the command interrupted once"
exit $failures
