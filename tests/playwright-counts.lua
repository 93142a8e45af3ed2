-- One real Playwright run (tests/golden/playwright/runners/regenerate.sh) through its three
-- reporters, converted: the counts come from the suite's source and Playwright's summary
-- line ("20 failed, 2 flaky, 6 skipped, 4 did not run, 26 passed" over 58 tests in two
-- projects; the README derives the 112 attempts), never from the converter.
--   allure-lua --run playwright-counts.lua ALLURE_LUA GOLDEN_DIR OUT_DIR
local host = require "allure.host"
local json = require "allure.json"

local bin, golden, out = arg[1], arg[2], arg[3]
assert(bin and golden and out, "usage: playwright-counts.lua ALLURE_LUA GOLDEN_DIR OUT_DIR")

local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end
local failures = 0
local function check(cond, fmt, ...)
  if not cond then
    failures = failures + 1
    io.stderr:write(fmt:format(...), "\n")
  end
end

-- All results of one case's conversion.
local function convert(script, case, args)
  local dir = out .. "/" .. script .. "-" .. case
  local cmd = ("cd %s && env -i PATH=\"$PATH\" SOURCE_DATE_EPOCH=1700000000 %s -E --deterministic --clean -q -o %s %s %s input* 2>/dev/null")
    :format(quote(golden .. "/" .. script .. "/" .. case), quote(bin), quote(dir), args or "", script)
  os.execute("mkdir -p " .. quote(dir))
  assert(os.execute(cmd), "conversion failed: " .. cmd)
  local results = {}
  for _, file in ipairs(host.walk(dir)) do
    if file:match("%-result%.json$") then
      local f = assert(io.open(file, "rb"))
      results[#results + 1] = assert(json.decode(f:read("a"), file))
      f:close()
    end
  end
  return results
end

local function project_of(r)
  for _, p in ipairs(r.parameters or {}) do
    if p.name == "Project" or p.name == "project" then return p.value end
  end
end

-- Counts of all attempts and of the final attempt of each test (latest start per historyId).
local function tally(results)
  local all, final, finals, n = {}, {}, {}, 0
  for _, r in ipairs(results) do
    all[r.status] = (all[r.status] or 0) + 1
    local old = finals[r.historyId]
    if not old then n = n + 1 end
    if not old or r.start > old.start then finals[r.historyId] = r end
  end
  for _, r in pairs(finals) do final[r.status] = (final[r.status] or 0) + 1 end
  return all, final, n, finals
end

local function same(label, got, want)
  for _, s in ipairs { "passed", "failed", "broken", "skipped", "unknown" } do
    check((got[s] or 0) == (want[s] or 0), "%s: %d %s, expected %d", label, got[s] or 0, s, want[s] or 0)
  end
end

-- The summary line: 58 tests; final outcomes 26 passed + 2 flaky, 20 failed (failed or
-- broken: Playwright does not tell them apart), 6 skipped + 4 did not run.
local function summary(label, final)
  check((final.passed or 0) == 28, "%s: %d final passed, the summary gives 26 + 2 flaky", label, final.passed or 0)
  check((final.failed or 0) + (final.broken or 0) == 20, "%s: %d final failed or broken, the summary gives 20",
    label, (final.failed or 0) + (final.broken or 0))
  check((final.skipped or 0) == 10, "%s: %d final skipped, the summary gives 6 + 4 did not run", label, final.skipped or 0)
end

-- Attempts per status, from the source (tests/golden/playwright/runners/README.md).
local ATTEMPTS = { passed = 32, failed = 26, broken = 36, skipped = 18 }

for _, c in ipairs { { "playwright", "runner-playwright" }, { "ctrf", "runner-playwright", "--opt root=/ci/app" } } do
  local label = c[1] .. "/" .. c[2]
  local results = convert(c[1], c[2], c[3])
  check(#results == 112, "%s: %d results, expected 112 attempts", label, #results)
  local all, final, tests, finals = tally(results)
  check(tests == 58, "%s: %d tests (historyIds), the summary gives 58", label, tests)
  same(label, all, ATTEMPTS)
  summary(label, final)
  -- Each test of the suite in both projects: two historyIds per fullName, one per project.
  local per_name = {}
  for _, r in pairs(finals) do
    local p = project_of(r)
    check(p == "chromium-less" or p == "second", "%s: %s has project %s", label, r.fullName, tostring(p))
    per_name[r.fullName] = per_name[r.fullName] or {}
    check(not per_name[r.fullName][p], "%s: %s twice in project %s", label, r.fullName, tostring(p))
    per_name[r.fullName][p] = true
  end
  local names = 0
  for _ in pairs(per_name) do names = names + 1 end
  check(names == 29, "%s: %d tests per project, the source has 29", label, names)
end

-- The junit reporter keeps the last attempt of each test only.
local junit = convert("junit", "runner-playwright")
check(#junit == 58, "junit/runner-playwright: %d results, the summary gives 58 tests", #junit)
local _, final = tally(junit)
summary("junit/runner-playwright", final)

-- Spec files that do not load: one broken result each (the source has two).
local load = convert("playwright", "runner-load")
local all = tally(load)
check(#load == 2 and all.broken == 2, "playwright/runner-load: %d results (%d broken), expected 2 broken", #load, all.broken or 0)

if failures > 0 then os.exit(1) end
print("playwright counts: json, CTRF, junit and the load errors match the source and the summary line")
