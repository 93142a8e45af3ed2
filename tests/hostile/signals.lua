-- Signals in the middle of a run, end to end (issue 19 item 6):
--   allure-lua --run signals.lua ALLURE_LUA WORK_DIR
-- Each case starts allure-lua in the background, waits until it has written a result,
-- signals it, and checks: the exit status (128 + N), no temp file and no partial JSON in
-- the output, the message, the CPU time allure-lua used from the signal to its end (a
-- loaded machine stretches the wall time, not that: the bound holds beside other jobs);
-- with `run`, that the command and the processes it started got the signal and that what
-- the command printed after it was converted. A case still running 20 s after the signal
-- (blocked, or waiting for its command) is killed and fails: the stop for a real hang.

local bin, work = arg[1], arg[2]
assert(bin and work, "usage: signals.lua ALLURE_LUA WORK_DIR")

local common = dofile((arg[0]:match("^(.*)/[^/]*$") or ".") .. "/common.lua")
local q, write, read, check_output = common.q, common.write, common.read, common.check_output
local function exists(path) return read(path) ~= nil end

-- The shell part of every case: START is the command that starts allure-lua in the
-- background with its pid in ./pid; then wait for a first result, send SIGNALS (one or
-- two, "TERM" or "TERM TERM"), wait for the end; its status goes to ./status, the
-- seconds from the first signal to the end (as centiseconds) to ./took, and the CPU it
-- used from the first signal on to ./cpu ("ticks hz", then `times`). START runs in a
-- subshell that waits for allure-lua and then writes its `times`: the CPU of allure-lua
-- and of its reaped children (the command of `run`) in all, of which the ticks
-- /proc/PID/stat counted when the first signal was sent are taken off.
local DRIVE = [[
cd %s || exit 1
( %s
  wait "$(cat pid)" 2>/dev/null; echo $? >status; times >times ) &
w=$!
i=0
until [ -s pid ] && ls out 2>/dev/null | grep -q -- '-result.json$'; do
  i=$((i + 1)); [ $i -gt 1000 ] && { echo "no result after 20 s" >problem; break; }
  sleep 0.02
done
p=$(cat pid)
{ read -r l </proc/$p/stat; } 2>/dev/null || l="x) -"
set -- ${l##*) }
t0=$(date +%%s%%N)
for s in %s; do kill -s $s "$p"; sleep 0.3; done
i=0
while kill -0 "$p" 2>/dev/null; do
  i=$((i + 1)); [ $i -gt 2000 ] && { echo "still running 20 s after the signal" >problem; kill -KILL "$p"; }
  sleep 0.01
done
wait "$w"
echo $(( ($(date +%%s%%N) - t0) / 10000000 )) >took
# utime + stime + cutime + cstime at the signal (fields 14-17; the name, field 2, may hold spaces)
echo $(( ${12:-0} + ${13:-0} + ${14:-0} + ${15:-0} )) $(getconf CLK_TCK) >cpu
cat times >>cpu
]]

local passed, failed = 0, 0
local ONLY = os.getenv("HOSTILE_ONLY")

local function case(t)
  local name = t[1]
  if ONLY and not name:find(ONLY) then return end
  local dir = work .. "/" .. name
  os.execute("rm -rf " .. q(dir) .. " && mkdir -p " .. q(dir))
  for file, data in pairs(t.files or {}) do write(dir .. "/" .. file, data) end
  if t.setup then t.setup(dir) end
  os.execute(DRIVE:format(q(dir), t.start, t.signals or "TERM"))
  if t.cleanup then os.execute("cd " .. q(dir) .. " && " .. t.cleanup) end
  local problems = {}
  local problem = read(dir .. "/problem")
  if problem then problems[#problems + 1] = problem:gsub("\n$", "") end
  local status = tonumber(read(dir .. "/status") or "")
  if status ~= t.exit then problems[#problems + 1] = ("exit %s, expected %d"):format(status, t.exit) end
  local took = (tonumber(read(dir .. "/took") or "") or 1e9) / 100
  local ticks, hz, times = (read(dir .. "/cpu") or ""):match("^(%d+) (%d+)\n(.*)")
  local cpu = ticks and common.cpu_seconds(times) - tonumber(ticks) / tonumber(hz) or 1e9
  if cpu > t.seconds then
    problems[#problems + 1] = ("used %.2f s of CPU after the signal (bound %g s; %.2f s wall)"):format(cpu, t.seconds, took)
  end
  local stderr = read(dir .. "/stderr") or ""
  for _, want in ipairs(t.stderr or {}) do
    if not stderr:find(want, 1, true) then problems[#problems + 1] = ("stderr lacks %q"):format(want) end
  end
  if stderr:find("stack traceback", 1, true) then problems[#problems + 1] = "a traceback" end
  local n = check_output(dir .. "/out", problems)
  if t.results and not t.results(n) then problems[#problems + 1] = ("%d results: %s"):format(n, t.results_say) end
  for _, marker in ipairs(t.markers or {}) do
    if not exists(dir .. "/" .. marker) then problems[#problems + 1] = "no " .. marker .. ": the signal did not get there" end
  end
  if #problems == 0 then
    passed = passed + 1
    print(("ok   %s (exit %d, %.2f s of CPU, %.2f s after the signal, %d results)"):format(name, status, cpu, took, n))
  else
    failed = failed + 1
    print(("FAIL %s: %s\n%s"):format(name, table.concat(problems, "; "), stderr))
  end
end

-- A JUnit report of n tests, each with some output (an attachment as well).
local function big_junit(n)
  local parts = { '<testsuite name="s">' }
  for i = 1, n do
    parts[#parts + 1] = ('<testcase classname="a.B%d" name="t%d" time="0.1"><system-out>out %d</system-out></testcase>\n')
      :format(i % 50, i, i)
  end
  parts[#parts + 1] = "</testsuite>"
  return table.concat(parts)
end

-- A process whose SIGINT is not ignored: sh starts background jobs with SIGINT ignored,
-- and allure-lua then (rightly) leaves it so.
local function with_int(cmd) return "perl -e '$SIG{INT} = \"DEFAULT\"; exec @ARGV or die' " .. cmd end

-- After a case, whatever the command left (all of it when the signal did not get there):
-- its group, itself, its children.
local KILL_COMMAND = "c=$(cat command.pid 2>/dev/null) && { pkill -KILL -P $c; kill -KILL -$c $c 2>/dev/null; }; true"

local N = 100000
local allure = q(bin) .. " -q -o out"

-- Mid-conversion of a large file: stopped at once, every file written complete.
for _, sig in ipairs { { "TERM", 143 }, { "INT", 130 }, { "HUP", 129 } } do
  case { "mid-conversion-" .. sig[1]:lower(), exit = sig[2], seconds = 3,
         setup = function(dir) write(dir .. "/big.xml", big_junit(N)) end,
         start = ("%s junit big.xml 2>stderr & echo $! >pid"):format(with_int(allure)),
         signals = sig[1],
         stderr = { "stopped by SIG" .. sig[1] .. " while converting big.xml; the results written before are complete" },
         results = function(n) return n > 0 and n < N end, results_say = "expected some, not all" }
end

-- Blocked in a read of a stream whose producer went quiet: the read is interrupted.
local GOTEST = table.concat({
  '{"Action":"run","Package":"p","Test":"TestA"}',
  '{"Action":"pass","Package":"p","Test":"TestA","Elapsed":0.1}',
  '{"Action":"run","Package":"p","Test":"TestB"}',
  '{"Action":"fail","Package":"p","Test":"TestB","Elapsed":0.1}',
  '{"Action":"run","Package":"p","Test":"TestC"}' }, "\n") .. "\n"
case { "blocked-read-term", exit = 143, seconds = 1, files = { lines = GOTEST },
       start = "mkfifo feed && (sh -c 'cat lines; exec sleep 30' >feed & echo $! >producer) && "
         .. allure .. " gotest - <feed 2>stderr & echo $! >pid",
       cleanup = "kill $(cat producer) 2>/dev/null",
       stderr = { "stopped by SIGTERM while converting <stdin>" },
       results = function(n) return n == 2 end, results_say = "expected 2 (TestA, TestB)" }

-- run: the command gets the signal, and so does a process it started (its process group;
-- perl sets its own handlers: sh would start it with SIGINT ignored, being in the background);
-- it prints one more test and its plan before it exits, and that test is converted.
local COMMAND = [[
trap 'echo "ok 2 - printed after the signal"; echo "1..2"; touch command-got-it; exit 0' TERM INT
echo $$ >command.pid
echo "ok 1 - before the signal"
echo "# waiting for the signal"
perl -e '$SIG{INT} = $SIG{TERM} = sub { open my $f, ">", "child-got-it"; exit 0 }; sleep 1 while 1' &
while :; do sleep 0.05; done
]]
for _, sig in ipairs { { "TERM", 143 }, { "INT", 130 } } do
  case { "run-forwards-" .. sig[1]:lower(), exit = sig[2], seconds = 3, files = { ["command.sh"] = COMMAND },
         start = with_int(allure) .. " run tap -- sh command.sh >stdout 2>stderr & echo $! >pid",
         signals = sig[1],
         markers = { "command-got-it", "child-got-it" },
         cleanup = KILL_COMMAND,   -- when it failed
         stderr = { "stopped by SIG" .. sig[1] .. ", with the command: what it printed until it ended is converted" },
         results = function(n) return n == 2 end, results_say = "expected 2 (one printed after the signal)" }
end

-- run, a command the signal kills (no trap) with a test still running: that pending test is
-- not lost, it is converted at the end of the output (broken: it never ended).
case { "run-pending-test", exit = 143, seconds = 3,
       files = { lines = GOTEST,
                 ["command.sh"] = "echo $$ >command.pid; cat lines; exec sleep 30\n" },
       start = allure .. " run gotest -- sh command.sh >stdout 2>stderr & echo $! >pid",
       cleanup = KILL_COMMAND,
       stderr = { "stopped by SIGTERM, with the command" },
       results = function(n) return n == 3 end, results_say = "expected 3 (TestA, TestB, TestC still running)" }

-- run, a command that ignores the signal: the second one ends allure-lua at once.
case { "run-second-signal", exit = 143, seconds = 1.5,
       files = { ["command.sh"] = "trap '' TERM; echo $$ >command.pid; echo 'ok 1 - a'; echo '# wait'; exec sleep 30\n" },
       start = allure .. " run tap -- sh command.sh >stdout 2>stderr & echo $! >pid",
       signals = "TERM TERM",
       cleanup = KILL_COMMAND }

print(("%d passed, %d failed"):format(passed, failed))
return failed == 0 and 0 or 1
