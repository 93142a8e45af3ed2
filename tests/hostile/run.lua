-- Hostile and broken inputs, end to end:
--   allure-lua --run run.lua ALLURE_LUA WORK_DIR
-- Each case must end with its documented exit status and a clear message, in
-- bounded time and memory (ulimit -v), with no crash, no temp or partial file in
-- the output, and nothing of a file it was not given (/etc/passwd) in it.
-- Cases of scripts that do not exist (yet) are skipped.
local host = require "allure.host"
local json = require "allure.json"

local bin, work = arg[1], arg[2]
assert(bin and work, "usage: run.lua ALLURE_LUA WORK_DIR")

local function q(s) return "'" .. s:gsub("'", "'\\''") .. "'" end
local function sh(cmd) local ok, _, code = os.execute(cmd); return ok and 0 or code end

local function write(path, data)
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
end

local function read(path)
  local f = io.open(path, "rb")
  if not f then return "" end
  local d = f:read("a")
  f:close()
  return d
end

local SECRET = "root:x:0:0"   -- a line of /etc/passwd: must never reach the output

-- Each case: script, input (bytes, or a shell pipeline that writes the input to
-- stdout, fed as standard input), exit status, a plain substring of stderr, seconds.
local CASES = {
  -- XML
  { "xml-xxe-file", "junit", exit = 1, stderr = "references external entity", seconds = 5, input = [[<?xml version="1.0"?>
<!DOCTYPE testsuite [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<testsuite name="s"><testcase classname="a" name="t"><failure message="&xxe;">&xxe;</failure></testcase></testsuite>]] },
  { "xml-xxe-parameter", "junit", exit = 0, seconds = 5, input = [[<?xml version="1.0"?>
<!DOCTYPE testsuite [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>
<testsuite name="s"><testcase classname="a" name="t"/></testsuite>]] },
  { "xml-external-dtd", "junit", exit = 0, seconds = 5, input = [[<?xml version="1.0"?>
<!DOCTYPE testsuite SYSTEM "http://127.0.0.1:9/evil.dtd">
<testsuite name="s"><testcase classname="a" name="t"/></testsuite>]] },
  { "xml-billion-laughs", "junit", exit = 1, stderr = "input:", seconds = 10, input = [[<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<testsuite name="&lol9;"><testcase classname="a" name="&lol9;"/></testsuite>]], allow_exit = { 0 } },
  { "xml-deep-nesting", "junit", exit = 1, stderr = "input:", seconds = 10,
    input = ("<testsuite name='s'>" .. ("<a>"):rep(100000) .. ("</a>"):rep(100000) .. "</testsuite>") },
  { "xml-huge-attribute", "junit", exit = 1, stderr = "<stdin>:", seconds = 30,
    pipe = [[printf '<testsuite name="'; head -c 500000000 /dev/zero | tr '\0' a; printf '"/>']] },
  { "xml-truncated", "junit", exit = 1, stderr = "input:3:", seconds = 5,
    input = "<testsuite name='s'>\n<testcase classname='a' name='t'>\n<failure>half" },
  { "xml-two-documents", "junit", exit = 1, stderr = "Extra content at the end of the document", seconds = 5,
    input = "<testsuite name='a'/>\n<testsuite name='b'/>\n" },
  { "xml-invalid-char", "junit", exit = 1, stderr = "input:1:", seconds = 5,
    input = "<testsuite name='a\1b'/>" },
  { "xml-nul-byte", "junit", exit = 1, stderr = "input:1:", seconds = 5,
    input = "<testsuite name='a'>\0</testsuite>" },
  { "xml-utf16-bom", "junit", exit = 0, seconds = 5,
    input = "\255\254" .. ("<testsuite name='s'><testcase classname='a' name='t'/></testsuite>"):gsub(".", "%0\0") },
  { "xml-wrong-encoding-label", "junit", exit = 0, seconds = 5, results = 1,
    input = "<?xml version='1.0' encoding='ISO-8859-1'?><testsuite name='caf\195\169'><testcase classname='a' name='t'/></testsuite>" },
  { "xml-unknown-encoding", "junit", exit = 1, stderr = "input:1:", seconds = 5,
    input = "<?xml version='1.0' encoding='X-NO-SUCH'?><testsuite name='s'/>" },
  { "xml-empty", "junit", exit = 1, stderr = "input:", seconds = 5, input = "" },
  -- Attachments a report points at
  { "attachment-escapes", "junit", exit = 0, seconds = 5, warnings = 4, input = [==[<testsuite name="s">
<testcase classname="a" name="t"><system-out>[[ATTACHMENT|/etc/passwd]]
[[ATTACHMENT|../../../../../../../../etc/passwd]]
[[ATTACHMENT|/dev/zero]]
[[ATTACHMENT|link-out]]</system-out></testcase></testsuite>]==], setup = "ln -s /etc/passwd link-out" },
  { "attachment-fifo", "junit", exit = 0, seconds = 5, warnings = 1, input = [==[<testsuite name="s">
<testcase classname="a" name="t"><system-out>[[ATTACHMENT|a-fifo]]</system-out></testcase></testsuite>]==],
    setup = "mkfifo a-fifo" },
}

local passed, failed, skipped = 0, 0, 0
os.execute("rm -rf " .. q(work) .. " && mkdir -p " .. q(work))
for _, case in ipairs(CASES) do
  local name, script = case[1], case[2]
  local dir = work .. "/" .. name
  os.execute("mkdir -p " .. q(dir))
  local exists = host.script(script) ~= nil
  if not exists then
    skipped = skipped + 1
    print("skip " .. name .. " (no script " .. script .. ")")
  else
    if case.setup then sh("cd " .. q(dir) .. " && " .. case.setup) end
    local feed
    if case.pipe then
      feed = "(" .. case.pipe .. ") | "
    else
      write(dir .. "/input", case.input)
    end
    local started = host.clock()
    -- A sanitized build reserves terabytes of shadow memory: no address-space cap there.
    local cap = os.getenv("AL_SANITIZED") and "" or "ulimit -v 4000000 && "
    local code = sh(("cd %s && %s%s timeout %d %s -q -o out %s %s 2>stderr"):format(
      q(dir), cap, feed or "", case.seconds * 3, q(bin), script, feed and "-" or "input"))
    local seconds = host.clock() - started
    local stderr = read(dir .. "/stderr")
    local problems = {}
    local ok_exit = code == case.exit
    for _, alt in ipairs(case.allow_exit or {}) do ok_exit = ok_exit or code == alt end
    if not ok_exit then problems[#problems + 1] = ("exit %d, expected %d"):format(code, case.exit) end
    if case.stderr and not stderr:find(case.stderr, 1, true) then
      problems[#problems + 1] = ("stderr lacks %q"):format(case.stderr)
    end
    if code >= 124 then problems[#problems + 1] = "crashed, timed out or killed" end
    if seconds > case.seconds then problems[#problems + 1] = ("took %.1f s (bound %d s)"):format(seconds, case.seconds) end
    if case.warnings then
      local n = select(2, stderr:gsub("warning:", ""))
      if n ~= case.warnings then problems[#problems + 1] = ("%d warnings, expected %d"):format(n, case.warnings) end
    end
    local n_results = 0
    for _, file in ipairs(host.walk(dir .. "/out") or {}) do
      local base = file:match("([^/]*)$")
      if base:find("%.tmp$") then problems[#problems + 1] = "temp file left: " .. base end
      if read(file):find(SECRET, 1, true) then problems[#problems + 1] = "/etc/passwd leaked into " .. base end
      if base:find("%-result%.json$") then
        n_results = n_results + 1
        if not json.read(file) then problems[#problems + 1] = "unreadable result " .. base end
      end
    end
    if case.results and n_results ~= case.results then
      problems[#problems + 1] = ("%d results, expected %d"):format(n_results, case.results)
    end
    if #problems == 0 then
      passed = passed + 1
      print(("ok   %s (exit %d, %.2f s)"):format(name, code, seconds))
    else
      failed = failed + 1
      print(("FAIL %s: %s\n%s"):format(name, table.concat(problems, "; "), stderr))
    end
  end
end
print(("%d passed, %d failed"):format(passed, failed))
return failed == 0 and 0 or 1
