-- The Markdown job summary (--summary-md FILE, and $GITHUB_STEP_SUMMARY): totals of the
-- tests by the status of their last attempt, per input, the failed and broken tests
-- with their messages, the flaky ones and the run's duration, readable on a CI job's
-- page without opening Allure. Fed every result the run writes (driver's Ctx:emit).
-- Memory: 8 bytes a test (allure.keyset, the last status of each identity) plus the
-- failed and broken tests' short entries.
local keyset = require "allure.keyset"

local summary = {}

local STATUSES = { "passed", "failed", "broken", "skipped", "unknown" }
local CODE = { passed = 1, failed = 2, broken = 3, skipped = 4, unknown = 5 }

local LIST_LIMIT = 50       -- rows in each list; the rest are counted
local MESSAGE_LIMIT = 300   -- characters of a message shown
local INPUTS_OPEN = 5       -- more inputs than this: their rows folded under <details>
local SPAN_LIMIT = 48 * 3600 * 1000

local Collector = {}
Collector.__index = Collector

function summary.new()
  local tests = { results = 0 }
  for _, s in ipairs(STATUSES) do tests[s] = 0 end
  return setmetatable({ seen = keyset.new(), tests = tests, problems = {}, n_problems = 0,
                        flaky = {}, n_flaky = 0, retries = 0 }, Collector)
end

-- A test's identity as the writer derives historyId: fullName (else name) and the
-- parameters that are not excluded, in order.
local function identity(r)
  local key = r.fullName or r.name or ""
  local params = r.parameters
  if params then
    local parts = { key }
    for _, p in ipairs(params) do
      if not p.excluded then parts[#parts + 1] = tostring(p.name) .. "=" .. tostring(p.value) end
    end
    key = table.concat(parts, "\0")
  end
  return key
end

local function shown_name(r)
  local name = r.fullName or r.name or "Unknown test"
  local params = r.parameters
  if params and #params > 0 then
    local parts = {}
    for _, p in ipairs(params) do
      if p.mode ~= "hidden" then
        parts[#parts + 1] = tostring(p.name) .. "=" .. (p.mode == "masked" and "******" or tostring(p.value))
      end
    end
    if #parts > 0 then name = name .. " [" .. table.concat(parts, ", ") .. "]" end
  end
  return name
end

function Collector:add(r)
  local status = CODE[r.status] and r.status or "unknown"
  local key = identity(r)
  local tests = self.tests
  local before = self.seen:get(key)
  if before then
    self.retries = self.retries + 1
    local old = STATUSES[before]
    tests[old] = tests[old] - 1
    if (old == "failed" or old == "broken") and status == "passed" then
      self.n_flaky = self.n_flaky + 1
      if #self.flaky < LIST_LIMIT then self.flaky[#self.flaky + 1] = shown_name(r) end
    end
  else
    tests.results = tests.results + 1
  end
  self.seen:put(key, CODE[status])
  tests[status] = tests[status] + 1
  if status == "failed" or status == "broken" then
    if not self.problems[key] then self.n_problems = self.n_problems + 1 end
    local details = r.statusDetails
    self.problems[key] = { order = self.problems[key] and self.problems[key].order or self.n_problems,
                           status = status, name = shown_name(r),
                           message = details and details.message or "" }
  elseif self.problems[key] then
    self.problems[key] = nil                   -- a later attempt passed or was skipped
  end
  local start, stop = r.start, r.stop
  if type(start) == "number" and type(stop) == "number" and stop >= start then
    if not self.first or start < self.first then self.first = start end
    if not self.last or stop > self.last then self.last = stop end
  end
end

-- Text for a table cell: one line, no table or code syntax, cut to `limit` characters
-- (UTF-8 kept whole).
local function cell(text, limit)
  text = tostring(text):gsub("[\r\n\t]+", " "):gsub("^%s+", ""):gsub("%s+$", "")
  if limit and #text > limit then
    local cut = limit
    while cut > 0 and (text:byte(cut + 1) or 0) & 0xC0 == 0x80 do cut = cut - 1 end
    text = text:sub(1, cut) .. "…"
  end
  return (text:gsub("[|\\`*_<>%[%]]", function(c) return "\\" .. c end))
end

local function duration(ms)
  local s = ms / 1000
  if s < 60 then return ("%.1f s"):format(s) end
  if s < 3600 then return ("%d min %d s"):format(s // 60, s % 60) end
  return ("%d h %d min"):format(s // 3600, s % 3600 // 60)
end

local function status_row(label, counts)
  local row = { label, tostring(counts.results) }
  for _, s in ipairs(STATUSES) do row[#row + 1] = tostring(counts[s] or 0) end
  return "| " .. table.concat(row, " | ") .. " |"
end

-- The Markdown text. report: the driver's per-input entries; seconds: the conversion's time.
function Collector:markdown(report, script, seconds)
  local t, out = self.tests, {}
  local bad = t.failed + t.broken
  local verdict = bad > 0 and ("%d of %d tests failed or broke"):format(bad, t.results)
    or t.results == 0 and "no tests" or ("all %d tests passed or were skipped"):format(t.results)
  out[#out + 1] = ("### Allure results: %s\n"):format(verdict)
  local facts = { ("%d input%s converted by allure-lua %s in %.2f s"):format(#report, #report == 1 and "" or "s",
    script, seconds) }
  -- The span from the first start to the last stop is the run's duration when the
  -- inputs are of one run; reports of different days (a directory of old ones) are not.
  if self.first and self.last - self.first <= SPAN_LIMIT then
    facts[#facts + 1] = "the tests ran for " .. duration(self.last - self.first)
  end
  if self.retries > 0 then facts[#facts + 1] = ("%d retried attempt%s"):format(self.retries, self.retries == 1 and "" or "s") end
  if self.n_flaky > 0 then facts[#facts + 1] = ("%d flaky"):format(self.n_flaky) end
  out[#out + 1] = table.concat(facts, "; ") .. ".\n"
  local head = { "| | tests | passed | failed | broken | skipped | unknown |", "|---|---:|---:|---:|---:|---:|---:|" }
  out[#out + 1] = head[1]
  out[#out + 1] = head[2]
  out[#out + 1] = status_row("**all** (last attempts)", t)
  local rows = {}
  for _, entry in ipairs(report) do
    local label = cell(entry.input, 80)
    if entry.outcome ~= "converted" then label = label .. " — " .. entry.outcome end
    if entry.results then rows[#rows + 1] = status_row(label, entry.results) end
  end
  if #rows > INPUTS_OPEN then
    out[#out + 1] = ("\n<details><summary>Results per input (%d inputs, retried attempts counted)</summary>\n"):format(#rows)
    out[#out + 1] = head[1]
    out[#out + 1] = head[2]
    for _, row in ipairs(rows) do out[#out + 1] = row end
    out[#out + 1] = "\n</details>"
  elseif #report > 1 then
    for _, row in ipairs(rows) do out[#out + 1] = row end
  end
  out[#out + 1] = ""
  local problems = {}
  for _, p in pairs(self.problems) do problems[#problems + 1] = p end
  table.sort(problems, function(a, b) return a.order < b.order end)
  if #problems > 0 then
    out[#out + 1] = ("#### Failed and broken (%d)\n"):format(#problems)
    out[#out + 1] = "| status | test | message |"
    out[#out + 1] = "|---|---|---|"
    for i = 1, math.min(#problems, LIST_LIMIT) do
      local p = problems[i]
      out[#out + 1] = ("| %s | %s | %s |"):format(p.status, cell(p.name, 200), cell(p.message, MESSAGE_LIMIT))
    end
    if #problems > LIST_LIMIT then out[#out + 1] = ("\n… and %d more."):format(#problems - LIST_LIMIT) end
    out[#out + 1] = ""
  end
  if self.n_flaky > 0 then
    out[#out + 1] = ("#### Flaky (%d): failed, then passed on a retry\n"):format(self.n_flaky)
    for _, name in ipairs(self.flaky) do out[#out + 1] = "- " .. cell(name, 200) end
    if self.n_flaky > #self.flaky then out[#out + 1] = ("- … and %d more"):format(self.n_flaky - #self.flaky) end
    out[#out + 1] = ""
  end
  local problems_in = {}
  for _, entry in ipairs(report) do
    if entry.outcome ~= "converted" then
      problems_in[#problems_in + 1] = ("- %s: %s — %s"):format(cell(entry.input, 120), entry.outcome,
        cell(entry.message or "", MESSAGE_LIMIT))
    end
  end
  if #problems_in > 0 then
    out[#out + 1] = "#### Inputs not converted\n"
    for _, line in ipairs(problems_in) do out[#out + 1] = line end
    out[#out + 1] = ""
  end
  return table.concat(out, "\n")
end

function Collector:close() self.seen:close() end

return summary
