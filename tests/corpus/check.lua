-- Converts every report of one format in the shared corpus, in place, and
-- compares the statuses written with the counts of MANIFEST.tsv.
--   allure-lua --run check.lua ALLURE_LUA CORPUS_DIR FORMAT OUT_DIR [SCRIPT]
-- Exits 77 (skipped) when the corpus is absent. Rows listed in
-- known-<format>.tsv next to this file (path, tab, reason) are expected to
-- differ until the issue named there lands; one that starts to match is
-- reported so the list shrinks.
local host = require "allure.host"
local json = require "allure.json"

local bin, corpus, format, out, script = arg[1], arg[2], arg[3], arg[4], arg[5]
assert(bin and corpus and format and out, "usage: check.lua ALLURE_LUA CORPUS_DIR FORMAT OUT_DIR [SCRIPT]")
script = script or format

if host.stat(corpus .. "/MANIFEST.tsv") ~= "file" then
  print("corpus not found at " .. corpus .. ": skipped")
  return 77
end

local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do fields[#fields + 1] = field end
  return fields
end

local known = {}
local here = arg[0]:match("^(.*)/[^/]*$") or "."
local known_file = io.open(here .. "/known-" .. format .. ".tsv")
if known_file then
  for line in known_file:lines() do
    local path, reason = line:match("^([^\t#][^\t]*)\t(.*)$")
    if path then known[path] = reason end
  end
  known_file:close()
end

-- Statuses of the tests in dir, counted the way MANIFEST.tsv counts them: the
-- attempts of one test (same historyId) fold into the final one, the latest.
local function tally(dir)
  local counts = { total = 0, passed = 0, failed = 0, errors = 0, skipped = 0, unknown = 0 }
  local final = {}
  for _, file in ipairs(host.walk(dir) or {}) do
    if file:match("%-result%.json$") then
      local f = assert(io.open(file, "rb"))
      local result = assert(json.decode(f:read("a"), file))
      f:close()
      local key = result.historyId or file
      local seen = final[key]
      if not seen or (result.start or 0) > (seen.start or 0)
          or ((result.start or 0) == (seen.start or 0) and (result.stop or 0) >= (seen.stop or 0)) then
        final[key] = result
      end
    end
  end
  for _, result in pairs(final) do
    local key = ({ passed = "passed", failed = "failed", broken = "errors", skipped = "skipped" })[result.status]
    counts[key or "unknown"] = counts[key or "unknown"] + 1
    counts.total = counts.total + 1
  end
  return counts
end

local header
local passed, failed, xfailed = 0, 0, 0
for line in io.lines(corpus .. "/MANIFEST.tsv") do
  local row = split(line)
  if not header then
    header = {}
    for i, name in ipairs(row) do header[name] = i end
  elseif row[header.format] == format then
    local path = row[header.path]
    local dir = out .. "/" .. path:gsub("[^%w.-]", "_")
    local command = ("env -i PATH=\"$PATH\" %s -E --clean -q -o %s %s %s 2>%s"):format(
      quote(bin), quote(dir), script, quote(corpus .. "/" .. path), quote(dir .. ".stderr"))
    os.execute("mkdir -p " .. quote(dir))
    local _, _, code = os.execute(command)
    local problem
    if row[header.tests_total] == "" then
      -- Expected to be rejected (malformed or not a report); auto may instead pass over a file
      -- it cannot recognise (exit 0, nothing written).
      local passed_over = script == "auto" and code == 0 and tally(dir).total == 0
      if code ~= 1 and not passed_over then problem = ("exit %d, expected 1 (rejected)"):format(code) end
    else
      local got = tally(dir)
      local want = {}
      for _, k in ipairs { "passed", "failed", "errors", "skipped" } do want[k] = tonumber(row[header[k]]) end
      want.total = tonumber(row[header.tests_total])
      -- A file that holds no test of this format: named on the command line it is refused
      -- (exit 1, nothing written); auto passes over it (exit 0).
      local refused = code == 1 and want.total == 0 and got.total == 0
      if code ~= 0 and not refused then
        problem = ("exit %d"):format(code)
      else
        for _, k in ipairs { "total", "passed", "failed", "errors", "skipped" } do
          if got[k] ~= want[k] then
            problem = ("%s %d, expected %d (got %d/%d/%d/%d/%d)"):format(k, got[k], want[k],
              got.total, got.passed, got.failed, got.errors, got.skipped)
            break
          end
        end
      end
    end
    if problem and known[path] then
      xfailed = xfailed + 1
      print(("XFAIL %s: %s [known: %s]"):format(path, problem, known[path]))
    elseif problem then
      failed = failed + 1
      local f = io.open(dir .. ".stderr")
      print(("FAIL  %s: %s\n%s"):format(path, problem, f and f:read("a") or ""))
      if f then f:close() end
    elseif known[path] then
      failed = failed + 1
      print(("XPASS %s: matches now; remove it from known-%s.tsv"):format(path, format))
    else
      passed = passed + 1
      print("ok    " .. path)
    end
  end
end
print(("%s: %d known differences"):format(format, xfailed))
print(("%d passed, %d failed"):format(passed, failed))
return failed == 0 and 0 or 1
