-- Catch2 XML reporter (-r xml) -> Allure results.
--
-- Streams the report: each <TestCase> is read as one small tree and written at
-- once. Sections become nested steps, assertions (<Expression>; all of them with
-- -s, the failed ones otherwise) steps inside them, with the expression as
-- written and as expanded. Catch2 v2 (<Catch><Group>) and v3 (<Catch2TestRun>,
-- which adds <Skip>) are both read, and doctest's XML reporter (<doctest>), which
-- took Catch's: <SubCase> for <Section>, <Message> for FAIL/WARN, <TestSuite>s,
-- decorators as attributes. docs/formats/catch2.md has the whole mapping.
local kit = require "allure.kit"
local status, time, model, meta, cpp = kit.require("status", "time", "model", "meta", "cpp")
local child = require("allure.xmlnode").child
local trim = require("allure.coerce").trim

local ROOTS = { Catch = "v2", Catch2TestRun = "v3", doctest = "doctest" }

-- doctest's <Message type>: FAIL / FAIL_CHECK, and MESSAGE / WARN.
local MESSAGES = { ["FATAL ERROR"] = "Failure", ERROR = "Failure", WARNING = "Warning" }

-- Results other than assertions, and the step each becomes.
local EVENTS = {
  Failure = { status = "failed", prefix = "FAIL: " },             -- FAIL(), FAIL_CHECK()
  Exception = { status = "broken", prefix = "exception: " },      -- uncaught in the test
  FatalErrorCondition = { status = "broken", prefix = "fatal error: " },  -- a signal
  Skip = { status = "skipped", prefix = "SKIP: " },               -- SKIP() (v3.3)
  Warning = { status = "passed", prefix = "warning: " },          -- WARN()
}

local function text(node, name)
  local c = child(node, name)
  return c and trim(c.text) or ""
end

-- A failure's message as Catch2's console prints it: the lines, then the INFO()s.
local function message_of(lines, infos)
  for _, info in ipairs(infos) do lines[#lines + 1] = "with message:\n  " .. info end
  return table.concat(lines, "\n")
end

local STEPS = {}

-- Steps of a test case or section; `out.failures` collects the failures (cpp.failures).
-- STEPS[name](c, steps, out, infos, depth) adds the element's step(s) and returns true
-- when it used the INFO()s before it.
local function read_steps(node, out, depth)
  local steps = {}
  local infos = {}                       -- INFO() messages, which belong to the next assertion
  for _, c in ipairs(node) do
    local name = c.name
    if name == "Info" then
      infos[#infos + 1] = trim(c.text) or ""
    elseif STEPS[name] then
      if STEPS[name](c, steps, out, infos, depth or 1) then infos = {} end
    elseif name == "OverallResult" or name == "OverallResultsAsserts" then
      out.overall = c
    end
  end
  -- INFO() after the last assertion (Catch2 writes it when the test ends in a failure).
  for _, info in ipairs(infos) do steps[#steps + 1] = { name = "info: " .. info, status = "passed" } end
  return steps
end

function STEPS.Expression(c, steps, out, infos)
  for _, sub in ipairs(c) do                -- doctest writes the INFO()s inside
    if sub.name == "Info" then infos[#infos + 1] = trim(sub.text) or "" end
  end
  local original, expanded = text(c, "Original"), text(c, "Expanded")
  local expansion = expanded ~= "" and expanded ~= original and expanded
  local macro = c.attrs.type or "CHECK"
  local step = {
    name = macro .. "( " .. original .. " )",
    status = c.attrs.success == "true" and "passed" or "failed",
    parameters = {},
  }
  if expansion then step.parameters[#step.parameters + 1] = { name = "expansion", value = expansion } end
  for _, info in ipairs(infos) do step.parameters[#step.parameters + 1] = { name = "info", value = info } end
  local where = cpp.location(c.attrs.filename, c.attrs.line)
  if where then step.parameters[#step.parameters + 1] = { name = "location", value = where } end
  steps[#steps + 1] = step
  if step.status == "passed" then return true end
  local lines = { step.name }
  if expansion then lines[2] = "with expansion:\n  " .. expansion end
  -- An exception or a signal inside an assertion (REQUIRE_NOTHROW, a throwing operand).
  local thrown
  for _, sub in ipairs(c) do
    if EVENTS[sub.name] and EVENTS[sub.name].status == "broken" then thrown = sub end
  end
  if thrown then
    step.status = "broken"
    -- Catch2's console words: a signal is a fatal error condition.
    lines[#lines + 1] = ((thrown.name == "FatalErrorCondition" or thrown.attrs.crash == "true")
      and "due to a fatal error condition:\n  " or "due to unexpected exception with message:\n  ")
      .. (trim(thrown.text) or "")
  end
  local message = message_of(lines, infos)
  step.statusDetails = { message = message }
  -- doctest's WARN(expr) that does not hold: shown, but no failure of the test.
  if not macro:find("^WARN") then out.failures:add(step.status, message, where) end
  return true
end

-- doctest: a crash is an <Exception crash="true">, FAIL() a <Message> with <Text>.
local function event_step(c, steps, out, infos)
  local kind = EVENTS[c.attrs.crash == "true" and "FatalErrorCondition" or c.name]
  if c.name == "Message" then kind = EVENTS[MESSAGES[c.attrs.type or ""]] end
  if not kind then return false end                  -- a doctest MESSAGE(): not a step
  local text = trim(c.name == "Message" and (child(c, "Text") or {}).text or c.text) or ""
  local step = { name = kind.prefix .. text, status = kind.status }
  local where = cpp.location(c.attrs.filename, c.attrs.line)
  if where then step.parameters = { { name = "location", value = where } } end
  steps[#steps + 1] = step
  if kind.status == "passed" then return false end
  local message = message_of({ text }, infos)
  step.statusDetails = { message = message }
  -- doctest's stand-in for an exception inside a subcase: the exception itself follows, at
  -- the test case's level, and is the test's message.
  if text:find("^exception thrown in subcase %- will translate later") then return true end
  out.failures:add(kind.status, message, where)
  return true
end
for name in pairs(EVENTS) do STEPS[name] = event_step end
STEPS.Message = event_step

function STEPS.Section(c, steps, out, infos, depth)
  local inner = read_steps(c, out, depth + 1)
  local step = { name = c.attrs.name or "", steps = inner, status = "passed" }
  for _, s in ipairs(inner) do step.status = status.worst(step.status, s.status) end
  local results = child(c, "OverallResults")
  if results and (tonumber(results.attrs.failures) or 0) > 0 then
    step.status = status.worst(step.status, "failed")
  end
  model.add_step(steps, step, depth)           -- deeper sections follow in order
end
STEPS.SubCase = STEPS.Section

function STEPS.BenchmarkResults(c, steps, out)
  local step = { name = "benchmark: " .. (c.attrs.name or ""), status = "passed", parameters = {} }
  local mean, sd = child(c, "mean"), child(c, "standardDeviation")
  if mean then step.parameters[#step.parameters + 1] = { name = "mean (ns)", value = mean.attrs.value or "" } end
  if sd then step.parameters[#step.parameters + 1] = { name = "standard deviation (ns)", value = sd.attrs.value or "" } end
  local failed = child(c, "failed")
  if failed then
    step.status = "failed"
    step.statusDetails = { message = failed.attrs.message }
    out.failures:add("failed", failed.attrs.message or "benchmark failed")
  end
  steps[#steps + 1] = step
end

-- "[factorial][.integration][!mayfail]": hidden tests carry "." (alone or in
-- front of a tag name), which says how they run, not what they are.
local function apply_tags(result, tags)
  for tag in (tags or ""):gmatch("%[([^%]]*)%]") do
    tag = tag:gsub("^%.", "")
    if tag ~= "" then meta.tag(result, tag) end
  end
end

-- The test's status, its failure marked as expected ("[!mayfail]", doctest's
-- decorators) or nil, and whether it failed as expected.
local function outcome(tc, out, doctest)
  local a, overall, failures = tc.attrs, out.overall, out.failures
  local tags = a.tags or ""
  local expected = tags:find("[!mayfail]", 1, true) and "[!mayfail]" or tags:find("[!shouldfail]", 1, true)
    and "[!shouldfail]"
  local success = overall and (overall.attrs.success or overall.attrs.test_case_success)
  if doctest then
    -- doctest's decorators: may_fail, should_fail, expected_failures(n).
    local n = overall and tonumber(overall.attrs.expected_failures)
    expected = a.may_fail == "true" and "may_fail" or a.should_fail == "true" and "should_fail"
      or n and n > 0 and ("expected_failures(%d)"):format(n) or nil
  end
  local failed = failures.status == "failed" or failures.status == "broken"
  if a.skipped == "true" then return "skipped", expected end      -- doctest::skip(): not run
  if success == "true" and expected and failed then
    -- Catch2's "failed as expected": not a pass, not a failure; skipped, as
    -- the JUnit reading (and pytest's xfail) has it, with the failure kept.
    return "skipped", expected, true
  end
  if success == "false" then return status.worst("failed", failures.status), expected end
  if overall and (tonumber(overall.attrs.skips) or 0) > 0 then return "skipped", expected end
  if not overall then return "broken", expected end    -- a test that never ended: the run was cut short
  return "passed", expected
end

local function details_of(tc, out, test_status, expected, xfail, doctest)
  local a = tc.attrs
  -- A skipped test's skips are its message; a test that failed as expected keeps its failures.
  local message, trace = out.failures:summary("\n\n", function(f)
    return f.status ~= "skipped" or (test_status == "skipped" and not xfail)
  end)
  if a.skipped == "true" then
    message = "skipped (doctest::skip)"
  elseif tc.cut then
    message = "the report ends inside this test case: the run was killed or died during it"
  elseif not out.overall then
    message = message or "the test case has no result (the run ended during it)"
  end
  if xfail then
    message = "failed as expected (" .. expected .. "): " .. (message or "")
  elseif test_status == "failed" and not message and (expected == "[!shouldfail]" or expected == "should_fail") then
    message = ("passed, but it is marked %s: %s counts that as a failure"):format(expected,
      doctest and "doctest" or "Catch2")
  elseif test_status == "failed" and not message and doctest and a.timeout then
    -- doctest::timeout(s) exceeded: no failure is written, only the verdict.
    local took = out.overall and out.overall.attrs.duration
    message = ("took %s s, longer than its doctest::timeout(%s): doctest counts that as a failure")
      :format(took or "?", a.timeout)
  end
  return status.details(message or ((doctest and "doctest" or "Catch2") .. " reports the test case as failed"),
    (test_status ~= "skipped" or xfail) and trace or nil)
end

local function convert_test(tc, state)
  local a = tc.attrs
  local name = a.name or ""
  local out = { failures = cpp.failures() }
  local steps = read_steps(tc, out)
  local overall = out.overall
  local test_status, expected, xfail = outcome(tc, out, state.doctest)
  local details = test_status ~= "passed" and details_of(tc, out, test_status, expected, xfail, state.doctest)
  local suite = state.suites[#state.suites] or nil
  local result = {
    name = name,
    fullName = state.run .. "/" .. (suite and (suite .. "/") or "") .. name,
    titlePath = { state.run, suite },
    status = test_status,
    statusDetails = details or nil,
    labels = {}, links = {}, steps = steps, attachments = {},
  }
  model.suite_labels(result.labels, { state.run, suite })
  apply_tags(result, a.tags)
  model.labels(result.labels, {}, { framework = state.doctest and "doctest" or "Catch2", language = "cpp",
    resultFormat = state.doctest and "doctest-xml" or "catch2-xml" })
  if overall then
    for _, stream in ipairs { { "StdOut", "Standard output" }, { "StdErr", "Standard error" } } do
      local node = child(overall, stream[1])
      if node then result.attachments[#result.attachments + 1] = model.text_attachment(stream[2], trim(node.text)) end
    end
  end
  local duration = overall and time.seconds(overall.attrs.durationInSeconds or overall.attrs.duration) or 0
  result.start, result.stop = state.clock, state.clock + duration
  state.clock = state.clock + duration
  state.ctx:emit(result, { file = a.filename })
end

local XML = { start = {} }

function XML.start.TestCase(r, state)
  local attrs = r:attrs()
  local tc, err = r:tree()
  if tc then return convert_test(tc, state) end
  -- The report ends inside this test case (the run was killed): the test that was
  -- running is broken, not lost; then the error.
  if err and err:find("Premature end of data", 1, true) then
    convert_test({ name = "TestCase", attrs = attrs, cut = true }, state)
  end
  return nil, err
end

-- doctest's TEST_SUITE("name"); tests outside any have a <TestSuite> without one.
function XML.start.TestSuite(r, state)
  if not state.doctest then return end
  local n = r:attr("name")
  state.suites[#state.suites + 1] = n ~= "" and n or false
end

XML["end"] = { TestSuite = function(state)
  if state.doctest then state.suites[#state.suites] = nil end
end }

return kit.converter {
  name = "catch2",
  description = "Catch2 XML reporter (-r xml), v2 and v3; doctest XML reporter (-r=xml)",
  extensions = { "xml" },
  help = [==[
Reads the output of Catch2's XML reporter (-r xml; -s adds passed assertions as
steps, -d yes durations). Sections become nested steps, assertions steps with their
expansion. doctest's XML reporter (-r=xml) is read too: test suites, subcases,
skip and may_fail/should_fail decorators. docs/formats/catch2.md has the mapping.]==],

  detect = kit.detect {
    { 90, "doctest XML (<doctest>)", root = "doctest" },
    { 95, "Catch2 XML (<Catch>)", root = "Catch" },
    { 95, "Catch2 XML (<Catch2TestRun>)", root = "Catch2TestRun" },
  },

  convert = function(input, ctx, state)
    local r, root = input:xml_root("a Catch2 or doctest XML report", { "Catch2TestRun", "Catch", "doctest" })
    if not r then return r, root end
    state.clock, state.suites, state.doctest = ctx.base_time, {}, root == "doctest"
    -- doctest names the run by its binary ("./tests"): the binary's name.
    state.run = state.doctest and (r:attr("binary") or ""):match("([^/\\]*)$") or r:attr("name") or "catch2"
    if state.run == "" then state.run = state.doctest and "doctest" or "catch2" end
    return kit.xml(r, XML, state)
  end,
}
