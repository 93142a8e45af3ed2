-- jest --json (and vitest --reporter=json, which writes the same shape) -> Allure results.
--
-- The report is one JSON document: `testResults` holds one entry per test file
-- with its start and end, and the file's tests (`assertionResults`) with their
-- describe titles, status, duration, failure messages and, in jest, the number
-- of invocations (retries). Each file's tests are written as the file is read;
-- only that file's uuids are kept, for a file that failed outside its tests.
-- docs/formats/jest.md has the whole mapping.
local kit = require "allure.kit"
local status, model, meta, ansi = kit.require("status", "model", "meta", "ansi")
local jserror, jsreport, relpath, coerce = kit.require("jserror", "jsreport", "relpath", "coerce")
local str, list, number, duration_of = coerce.str, coerce.list, coerce.number, coerce.duration

-- Test statuses of jest and vitest.
local STATUSES = {
  passed = "passed", focused = "passed",
  pending = "skipped", skipped = "skipped", todo = "skipped", disabled = "skipped",
  failed = "failed",
}

--{ Failure messages ------------------------------------------------------------------

-- A failure message is the error's stack as jest prints it: "Error: message ...",
-- then the "    at fn (file:line:col)" frames. The message is the part before the
-- frames, without the generic "Error: " (a TypeError keeps its class).
local function message_of(text)
  text = ansi.strip(text)
  local head = text:match("^(.-)\n%s+at [^\n]*") or text
  head = head:gsub("^%s*Error: ", ""):gsub("%s+$", "")
  if head == "" then return status.first_line(text) end
  return head
end

-- The error of one failure: the message, the matcher's result when jest kept it
-- (failureDetails), to classify it and show actual/expected.
local function failure(text, detail)
  local e = { stack = text, message = message_of(text) }
  local matcher = type(detail) == "table" and type(detail.matcherResult) == "table" and detail.matcherResult
  if matcher then
    e.matcher = true
    if str(matcher.message) then e.message = ansi.strip(matcher.message) end
    if matcher.actual ~= nil and matcher.expected ~= nil then e.actual, e.expected = matcher.actual, matcher.expected end
  else
    e.expected, e.actual = jserror.expected_received(e.message)
  end
  return e
end

-- Status and details of an attempt from its failure messages (several when one
-- attempt raised several errors: a test and its afterEach hook). The first error
-- gives the message and the class; every message goes into the trace.
local function outcome(messages, details)
  local texts = {}
  for _, m in ipairs(messages) do
    if type(m) == "string" and m:find("%S") then texts[#texts + 1] = m end
  end
  if #texts == 0 then return nil end
  local first = failure(texts[1], list(details)[1])
  local result_status = jserror.status(first)
  local d = jserror.details(first) or {}
  for i = 1, #texts do texts[i] = ansi.strip(texts[i]) end
  d.trace = table.concat(texts, "\n\n")
  return result_status, d
end

--}

--{ A test file ----------------------------------------------------------------------

-- vitest's test tags and meta: tags as Allure tags (with @severity:x, @issue:X, ...),
-- meta entries whose names have an Allure meaning (owner, severity, issue, ...).
local function apply_vitest_meta(result, a, state)
  for _, tag in ipairs(list(a.tags)) do
    if type(tag) == "string" then state.tag(result, tag) end
  end
  for _, k in ipairs(coerce.sorted_keys(a.meta)) do
    local v = a.meta[k]
    if type(v) == "string" or type(v) == "number" then meta.property(result, k, tostring(v), state.meta) end
  end
end

-- One test of a file: its attempts, oldest first, the final one last.
local function convert_assertion(a, file, state)
  local ctx = state.ctx
  local title = str(a.title) or ""
  local path = { file.path }                       -- the file, then the describe titles
  for _, t in ipairs(list(a.ancestorTitles)) do
    if type(t) == "string" then path[#path + 1] = t end
  end
  -- jest's own fullName: describe titles and the title joined by spaces (older jest
  -- wrote no ancestorTitles, only the title).
  local first = file.path and 2 or 1
  local identity = #path >= first and table.concat(path, " ", first) .. " " .. title or str(a.fullName) or title
  local full_name = file.path and (file.path .. "#" .. identity) or identity

  local result = {
    name = title ~= "" and title or identity,
    fullName = full_name,
    titlePath = path,
    labels = jsreport.labels(path, state.framework, state.format),
    links = {},
    parameters = {},
  }
  if state.vitest then apply_vitest_meta(result, a, state) end
  -- A title used twice in a file (test.each without a placeholder, a loop): jest
  -- never repeats a test for a retry, so a repeat is another test.
  model.occurrence(file.seen, full_name, result.parameters)

  local final_status = STATUSES[str(a.status) or ""] or "unknown"
  local messages = list(a.failureMessages)
  local earlier = {}                  -- the attempts before the final one: { status, details }
  local details
  if final_status == "failed" then
    final_status, details = outcome(messages, a.failureDetails)
    final_status = final_status or "failed"
  elseif final_status == "passed" and state.vitest then
    -- vitest keeps the error of every failed attempt; the test passed after them.
    for _, m in ipairs(messages) do
      local s, d = outcome({ m })
      if s then earlier[#earlier + 1] = { s, d } end
    end
  elseif final_status == "skipped" and a.status == "todo" then
    details = { message = "todo" }
  end
  -- jest.retryTimes: invocations counts the attempts; retryReasons (with
  -- logErrorsBeforeRetry) keeps the error of each one before the last. More
  -- invocations than any retryTimes a suite would set is not a count of attempts.
  local invocations = math.tointeger(number(a.invocations) or 1) or 1
  if invocations > 100 then invocations = 1 end
  if invocations > 1 then
    local reasons = list(a.retryReasons)
    for i = 1, invocations - 1 do
      local s, d = nil, nil
      if type(reasons[i]) == "string" then s, d = outcome({ reasons[i] }) end
      earlier[#earlier + 1] = { s or "unknown", d or { message = ("attempt %d of %d failed; the report keeps "
        .. "no error for it (jest.retryTimes with logErrorsBeforeRetry keeps them)"):format(i, invocations) } }
    end
  end
  if #earlier > 0 and final_status == "passed" then details = model.flaky(details) end
  details = status.with_flags(details, result.statusDetails)           -- flags from vitest meta

  -- Time: jest 30 gives each test's start (startAt); before it, the tests of a file
  -- follow one another from the file's start.
  local duration = duration_of(a.duration)
  local start = number(a.startAt) or file.clock
  file.clock = math.max(file.clock, start + duration)
  file.first = math.min(file.first or start, start - #earlier)
  for i, attempt in ipairs(earlier) do
    local copy = {}
    for k, v in pairs(result) do copy[k] = v end
    copy.status, copy.statusDetails = attempt[1], attempt[2]
    copy.start = start - (#earlier - i + 1)
    copy.stop = copy.start + 1
    file.uuids[#file.uuids + 1] = ctx:emit(copy, file.info)
  end
  result.status, result.statusDetails = final_status, details
  result.start, result.stop = start, start + duration
  file.uuids[#file.uuids + 1] = ctx:emit(result, file.info)
end

-- jest indents the text of a file error under its "● Test suite failed to run" header.
local function dedent(text)
  local indent
  for line in text:gmatch("[^\n]+") do
    if line:find("%S") then
      local n = #line:match("^ *")
      if not indent or n < indent then indent = n end
    end
  end
  if indent and indent > 0 then
    local pad = (" "):rep(indent)
    text = ("\n" .. text):gsub("\n" .. pad, "\n"):sub(2)
  end
  return (text:gsub("^%s*\n", ""):gsub("%s+$", ""))
end

-- The error of a file that failed outside its tests: a module that cannot be
-- loaded, a syntax error, a throwing afterAll, a file with no test.
local function file_error(tr, failed_tests)
  local exec = type(tr.testExecError) == "table" and tr.testExecError or nil
  local text = str(tr.message) or str(tr.failureMessage) or ""
  if exec then text = str(exec.stack) or str(exec.message) or text end
  text = ansi.strip(text)
  if not exec and not text:find("Test suite failed to run", 1, true) then
    -- jest lists the failed tests' messages here too: that is not a file error.
    if failed_tests > 0 or tr.status ~= "failed" or not text:find("%S") then return nil end
  end
  -- A file whose tests failed too lists their messages first: the file's error is what
  -- follows its header.
  local header = text:find("●%s*Test suite failed to run")
  if header then text = text:sub(header) end
  local body = dedent((text:gsub("^●%s*Test suite failed to run[^\n]*", "")))
  local message = exec and str(exec.message) and ansi.strip(exec.message) or status.first_line(body)
  return status.details(message or "Test suite failed to run", body ~= "" and body or nil)
end

local function convert_file(tr, state)
  local ctx = state.ctx
  local name = str(tr.name) or str(tr.testFilePath)
  local perf = type(tr.perfStats) == "table" and tr.perfStats or {}
  local file_start = number(tr.startTime) or number(perf.start)
  local file_end = number(tr.endTime) or number(perf["end"])
  local file = {
    path = name and state.relative(name),
    -- A file that failed to run has startTime = endTime = when jest gave up on it.
    clock = file_start or state.clock,
    first = nil,                  -- the earliest start of its tests
    seen = {},
    uuids = {},
  }
  file.info = file.path and { file = file.path } or nil   -- rules see the test's file as {file}
  local assertions = list(tr.assertionResults or tr.testResults)
  local failed_tests = 0
  for _, a in ipairs(assertions) do
    if type(a) == "table" then
      if a.status == "failed" then failed_tests = failed_tests + 1 end
      convert_assertion(a, file, state)
    end
  end
  state.clock = math.max(file.clock, file_end or file.clock)

  local err = file_error(tr, failed_tests)
  if not err then return end
  local where = file.path or "(unnamed test file)"
  local at = math.floor(math.max(file.clock, file_end or file.clock))
  if #file.uuids == 0 then
    -- Nothing ran: the file itself is the broken result.
    local path = { file.path }
    ctx:emit {
      name = where, fullName = where, titlePath = path, labels = jsreport.labels(path, state.framework, state.format),
      status = "broken", statusDetails = err, start = file_start or at, stop = at,
    }
  else
    -- Its tests ran (an afterAll threw): a broken tear-down of the file, and a
    -- run-level error for Allure 3.
    ctx:warn(("%s: %s"):format(where, err.message))
    ctx:globals { errors = { { message = where .. ": " .. err.message, trace = err.trace, timestamp = at } } }
    ctx:container { name = where, children = file.uuids, start = file.first, stop = at,
                    afters = { { name = "Test suite failed to run", status = "broken", statusDetails = err,
                                 start = at, stop = at } } }
  end
end

--}

local function is_jest(doc)
  if type(doc) ~= "table" or type(doc.testResults) ~= "table" then return false end
  if doc.numTotalTests ~= nil or doc.numTotalTestSuites ~= nil then return true end
  local first = doc.testResults[1]
  return type(first) == "table" and (first.assertionResults ~= nil or first.testFilePath ~= nil)
end

-- vitest marks its tests with `meta` and has no `invocations`.
local function is_vitest(doc)
  for _, tr in ipairs(doc.testResults) do
    for _, a in ipairs(type(tr) == "table" and list(tr.assertionResults) or {}) do
      if type(a) == "table" then return a.meta ~= nil and a.invocations == nil end
    end
  end
  return doc.numRuntimeErrorTestSuites == nil and doc.numTotalTests ~= nil and doc.openHandles == nil
end

return kit.converter {
  name = "jest",
  description = "jest JSON (jest --json) and vitest's jest-compatible JSON (vitest --reporter=json)",
  extensions = { "json" },
  help = [==[
Reads the report of `jest --json` (every version) and of `vitest run --reporter=json`.
Test files and describe blocks give the suites; failed expect() assertions are failed
and other errors broken, with actual/expected for a diff; jest.retryTimes and vitest's
retry give retries; a test file that failed to run is a broken result.
docs/formats/jest.md has the mapping.]==],
  options = {
    "root",
    { "link",
      help = "KIND=URL-TEMPLATE for issue keys in vitest tags and meta, e.g. issue=https://jira.example.com/browse/{}" },
  },

  detect = kit.detect {
    { 85, "jest JSON (testResults)", keys = { "testResults" } },
    { 80, "jest JSON (numTotalTests)", keys = { "numTotalTests" } },
    { 80, "jest JSON (numTotalTests)", keys = { "numTotalTestSuites" } },
  },

  convert = function(input, ctx, state)
    local doc, err = kit.json(input, 'a jest JSON report (expected an object with "testResults")', is_jest)
    if not doc then return doc, err end
    local vitest = is_vitest(doc)
    state.vitest, state.tag = vitest, meta.tagger(state.meta)
    local names = {}
    for _, tr in ipairs(doc.testResults) do
      if type(tr) == "table" then names[#names + 1] = str(tr.name) or str(tr.testFilePath) end
    end
    state.framework = vitest and "vitest" or "jest"
    state.format = vitest and "vitest-json" or "jest-json"
    state.relative = relpath.relativizer(names, { root = ctx.opts.root })
    state.clock = number(doc.startTime) or ctx.base_time
    for _, tr in ipairs(doc.testResults) do
      if type(tr) == "table" then convert_file(tr, state) end
    end

    -- The run itself failed (globalSetup threw) or was stopped (--bail, a signal).
    local run_error = type(doc.runExecError) == "table" and doc.runExecError or nil
    if run_error then
      local d = status.details(str(run_error.message) and ansi.strip(run_error.message),
                               str(run_error.stack) and ansi.strip(run_error.stack))
      if d then
        ctx:warn("the run failed: " .. d.message)
        ctx:globals { errors = { { message = d.message, trace = d.trace, timestamp = math.floor(state.clock) } } }
      end
    end
    if doc.wasInterrupted == true then
      ctx:warn("the run was interrupted: tests that had not run are missing")
      ctx:globals { errors = { { message = "the jest run was interrupted", timestamp = math.floor(state.clock) } } }
    end
    return true
  end,
}
