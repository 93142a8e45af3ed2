#!/bin/sh
# The progress line on a real terminal: script(1) gives the converter a pty as stderr. Inputs
# come slowly (the line only appears once a run has taken a second), from a pipe (bytes read)
# and from a regular file followed while it grows (bytes of its size, a percentage); NO_COLOR
# gives it without escape sequences; -q and a non-terminal give none.   progress.sh ALLURE_LUA
set -u
bin=$1
command -v script >/dev/null 2>&1 || { echo "SKIP: no script(1)"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/allure-lua-progress.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
esc=$(printf '\033')
cr=$(printf '\r')

fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
}

# A TAP stream whose second point comes after 1.3 s: its first result is written then.
cat >"$work/slow.sh" <<'EOF'
#!/bin/sh
printf 'TAP version 13\n1..3\nok 1 - a\n'; sleep 1.3; printf 'ok 2 - b\n'; sleep 0.3; printf 'ok 3 - c\n'
EOF
chmod +x "$work/slow.sh"

# on_tty NAME ENV... -- ARGS: runs the converter on the slow stream with a pty for stderr;
# what the terminal got goes to $work/NAME.out.
on_tty() {
  name=$1; shift
  env_args=""
  while [ "$1" != "--" ]; do env_args="$env_args $1"; shift; done
  shift
  script -qec "env $env_args sh -c '\"$work/slow.sh\" | \"$bin\" -E -o \"$work/$name\" $*'" /dev/null \
    >"$work/$name.out" 2>&1 </dev/null
}

# 1. A pipe: bytes read (no total), results, rate; erased with \r ESC[K.
on_tty pipe NO_COLOR= TERM=xterm -- tap
out=$(cat "$work/pipe.out")
case $out in *"${cr}${esc}[Kallure-lua: <stdin> "*" B, "*" results, "*"/s"*) ;;
  *) fail "pipe: no progress line with bytes read: $(printf '%s' "$out" | od -c | head -5)" ;; esac
case $out in *" of "*"%)"*) fail "pipe: a total for a pipe" ;; esac
case $out in *"3 results (3 passed) from 1 input"*) ;; *) fail "pipe: no summary: $out" ;; esac

# 2. NO_COLOR: the same line, no escape sequence at all.
on_tty nocolor NO_COLOR=1 TERM=xterm -- tap
out=$(cat "$work/nocolor.out")
case $out in *"${cr}allure-lua: <stdin> "*" results, "*) ;; *) fail "NO_COLOR: no progress line: $out" ;; esac
case $out in *"$esc"*) fail "NO_COLOR: an escape sequence was written" ;; esac

# 3. -q: nothing at all on the terminal.
on_tty quiet NO_COLOR= TERM=xterm -- -q tap
[ -s "$work/quiet.out" ] && fail "-q: the terminal got: $(cat "$work/quiet.out")"

# 4. Not a terminal: no progress line, only the summary.
NO_COLOR= "$work/slow.sh" | "$bin" -E -o "$work/plain" tap 2>"$work/plain.err"
case $(cat "$work/plain.err") in *"$cr"*|*"$esc"*) fail "not a terminal: progress written" ;; esac

# 5. A regular file followed while it grows: bytes of the file's size, with a percentage.
go="$work/go.json"
printf '%s\n' '{"Action":"run","Package":"p","Test":"TestA"}' \
  '{"Action":"pass","Package":"p","Test":"TestA","Elapsed":0.1}' >"$go"
(sleep 1.3
 printf '%s\n' '{"Action":"run","Package":"p","Test":"TestB"}' \
   '{"Action":"pass","Package":"p","Test":"TestB","Elapsed":0.1}' END >>"$go") &
script -qec "env NO_COLOR= TERM=xterm \"$bin\" -E -o \"$work/file\" gotest --opt follow=END \"$go\"" /dev/null \
  >"$work/file.out" 2>&1 </dev/null
wait
out=$(cat "$work/file.out")
case $out in *"allure-lua: "*"go.json "*" B of "*" B ("*"%), "*" results, "*) ;;
  *) fail "file: no progress line with bytes of the total: $out" ;; esac

[ "$failures" -eq 0 ] && echo "progress: all cases passed"
[ "$failures" -eq 0 ]
