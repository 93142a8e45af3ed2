-- Catch2 XML reporter (-r xml) -> Allure results.
--
-- Streams the report: each <TestCase> is read as one small tree and written at
-- once. Sections become nested steps, assertions (<Expression>; all of them with
-- -s, the failed ones otherwise) steps inside them, with the expression as
-- written and as expanded. Catch2 v2 (<Catch><Group>) and v3 (<Catch2TestRun>,
-- which adds <Skip>) are both read, and doctest's XML reporter (<doctest>), which
-- took Catch's: <SubCase> for <Section>, <Message> for FAIL/WARN, <TestSuite>s,
-- decorators as attributes. docs/formats/catch2.md has the whole mapping.
local status = require "allure.status"
local time = require "allure.time"
local model = require "allure.model"
local meta = require "allure.meta"
local child = require("allure.xmlnode").child

local ROOTS = { Catch = "v2", Catch2TestRun = "v3", doctest = "doctest" }

-- doctest's <Message type>: FAIL / FAIL_CHECK, and MESSAGE / WARN.
local MESSAGES = { ["FATAL ERROR"] = "Failure", ERROR = "Failure", WARNING = "Warning" }

-- Levels of nested sections kept as nested steps (the writer takes 100).
local MAX_DEPTH = 90

-- Results other than assertions, and the step each becomes.
local EVENTS = {
  Failure = { status = "failed", prefix = "FAIL: " },             -- FAIL(), FAIL_CHECK()
  Exception = { status = "broken", prefix = "exception: " },      -- uncaught in the test
  FatalErrorCondition = { status = "broken", prefix = "fatal error: " },  -- a signal
  Skip = { status = "skipped", prefix = "SKIP: " },               -- SKIP() (v3.3)
  Warning = { status = "passed", prefix = "warning: " },          -- WARN()
}

local function trim(s)
  return s and s:match("^%s*(.-)%s*$") or ""
end

local function location(attrs)
  if not attrs.filename or attrs.filename == "" then return nil end
  return attrs.filename .. (attrs.line and (":" .. attrs.line) or "")
end

-- Steps of a test case or section. `out` collects the failures (message and
-- trace lines) and the output of the test.
local function read_steps(node, out, depth)
  depth = depth or 1
  local steps = {}
  local infos = {}                       -- INFO() messages, which belong to the next assertion
  for _, c in ipairs(node) do
    local name = c.name
    if name == "Info" then
      infos[#infos + 1] = trim(c.text)
    elseif name == "Expression" then
      for _, sub in ipairs(c) do                -- doctest writes the INFO()s inside
        if sub.name == "Info" then infos[#infos + 1] = trim(sub.text) end
      end
      local original = trim((child(c, "Original") or {}).text)
      local expanded = trim((child(c, "Expanded") or {}).text)
      local macro = c.attrs.type or "CHECK"
      local step = {
        name = macro .. "( " .. original .. " )",
        status = c.attrs.success == "true" and "passed" or "failed",
        parameters = {},
      }
      if expanded ~= "" and expanded ~= original then
        step.parameters[#step.parameters + 1] = { name = "expansion", value = expanded }
      end
      for _, info in ipairs(infos) do step.parameters[#step.parameters + 1] = { name = "info", value = info } end
      local where = location(c.attrs)
      if where then step.parameters[#step.parameters + 1] = { name = "location", value = where } end
      -- An exception or a signal inside an assertion (REQUIRE_NOTHROW, a throwing operand).
      local thrown, signal
      for _, sub in ipairs(c) do
        if EVENTS[sub.name] and EVENTS[sub.name].status == "broken" then
          thrown, signal = trim(sub.text), sub.name == "FatalErrorCondition" or sub.attrs.crash == "true"
        end
      end
      if step.status == "failed" then
        local lines = { step.name }
        if expanded ~= "" and expanded ~= original then lines[#lines + 1] = "with expansion:\n  " .. expanded end
        if thrown then
          step.status = "broken"
          -- Catch2's console words: a signal is a fatal error condition.
          lines[#lines + 1] = (signal and "due to a fatal error condition:\n  "
            or "due to unexpected exception with message:\n  ") .. thrown
        end
        for _, info in ipairs(infos) do lines[#lines + 1] = "with message:\n  " .. info end
        local message = table.concat(lines, "\n")
        step.statusDetails = { message = message }
        -- doctest's WARN(expr) that does not hold: shown, but no failure of the test.
        if not macro:find("^WARN") then
          out.failures[#out.failures + 1] = { status = step.status, message = message, where = where }
        end
      end
      infos = {}
      steps[#steps + 1] = step
    elseif EVENTS[name] or (name == "Message" and MESSAGES[c.attrs.type or ""]) then
      -- doctest: a crash is an <Exception crash="true">, FAIL() a <Message> with <Text>.
      local kind = name == "Message" and EVENTS[MESSAGES[c.attrs.type]]
        or c.attrs.crash == "true" and EVENTS.FatalErrorCondition or EVENTS[name]
      local text = trim(name == "Message" and (child(c, "Text") or {}).text or c.text)
      local step = { name = kind.prefix .. text, status = kind.status }
      local where = location(c.attrs)
      if where then step.parameters = { { name = "location", value = where } } end
      if kind.status ~= "passed" then
        local lines = { text }
        for _, info in ipairs(infos) do lines[#lines + 1] = "with message:\n  " .. info end
        local message = table.concat(lines, "\n")
        step.statusDetails = { message = message }
        out.failures[#out.failures + 1] = { status = kind.status, message = message, where = where }
        infos = {}
      end
      steps[#steps + 1] = step
    elseif name == "Section" or name == "SubCase" then
      local inner = read_steps(c, out, depth + 1)
      local step = { name = c.attrs.name or "", steps = inner, status = "passed" }
      for _, s in ipairs(inner) do step.status = status.worst(step.status, s.status) end
      local results = child(c, "OverallResults")
      if results and (tonumber(results.attrs.failures) or 0) > 0 then
        step.status = status.worst(step.status, "failed")
      end
      steps[#steps + 1] = step
      if depth >= MAX_DEPTH then               -- deeper sections follow in order
        step.steps = nil
        for _, s in ipairs(inner) do steps[#steps + 1] = s end
      end
    elseif name == "BenchmarkResults" then
      local step = { name = "benchmark: " .. (c.attrs.name or ""), status = "passed", parameters = {} }
      local mean, sd = child(c, "mean"), child(c, "standardDeviation")
      if mean then step.parameters[#step.parameters + 1] = { name = "mean (ns)", value = mean.attrs.value or "" } end
      if sd then step.parameters[#step.parameters + 1] = { name = "standard deviation (ns)", value = sd.attrs.value or "" } end
      local failed = child(c, "failed")
      if failed then
        step.status = "failed"
        step.statusDetails = { message = failed.attrs.message }
        out.failures[#out.failures + 1] = { status = "failed", message = failed.attrs.message or "benchmark failed" }
      end
      steps[#steps + 1] = step
    elseif name == "OverallResult" or name == "OverallResultsAsserts" then
      out.overall = c
    end
  end
  -- INFO() after the last assertion (Catch2 writes it when the test ends in a failure).
  for _, info in ipairs(infos) do steps[#steps + 1] = { name = "info: " .. info, status = "passed" } end
  return steps
end

-- "[factorial][.integration][!mayfail]": hidden tests carry "." (alone or in
-- front of a tag name), which says how they run, not what they are.
local function apply_tags(result, tags)
  for tag in (tags or ""):gmatch("%[([^%]]*)%]") do
    tag = tag:gsub("^%.", "")
    if tag ~= "" then meta.tag(result, tag) end
  end
end

local function convert_test(tc, state)
  local a = tc.attrs
  local name = a.name or ""
  local out = { failures = {} }
  local steps = read_steps(tc, out)
  local overall = out.overall
  local test_status = "passed"
  local tags = a.tags or ""
  local expected = tags:find("[!mayfail]", 1, true) and "[!mayfail]" or tags:find("[!shouldfail]", 1, true)
    and "[!shouldfail]"
  local success = overall and (overall.attrs.success or overall.attrs.test_case_success)
  if state.doctest then
    -- doctest's decorators: may_fail, should_fail, expected_failures(n).
    local n = overall and tonumber(overall.attrs.expected_failures)
    expected = a.may_fail == "true" and "may_fail" or a.should_fail == "true" and "should_fail"
      or n and n > 0 and ("expected_failures(%d)"):format(n) or nil
  end
  local failed_steps = 0
  for _, f in ipairs(out.failures) do
    if f.status == "failed" or f.status == "broken" then failed_steps = failed_steps + 1 end
  end
  if a.skipped == "true" then
    test_status = "skipped"                  -- doctest::skip(): not run
  elseif success == "true" and expected and failed_steps > 0 then
    -- Catch2's "failed as expected": not a pass, not a failure; skipped, as
    -- the JUnit reading (and pytest's xfail) has it, with the failure kept.
    test_status = "skipped"
  elseif success == "false" then
    test_status = "failed"
    for _, f in ipairs(out.failures) do test_status = status.worst(test_status, f.status) end
  elseif overall and (tonumber(overall.attrs.skips) or 0) > 0 then
    test_status = "skipped"
  elseif not overall then
    test_status = "broken"              -- a test that never ended: the run was cut short
  end

  local details
  if test_status ~= "passed" then
    local message, traces = nil, {}
    local xfail = test_status == "skipped" and failed_steps > 0
    for _, f in ipairs(out.failures) do
      if f.status ~= "skipped" or (test_status == "skipped" and not xfail) then
        message = message or f.message
        traces[#traces + 1] = (f.where and (f.where .. ": ") or "") .. f.message
      end
    end
    if a.skipped == "true" then
      message = "skipped (doctest::skip)"
    elseif tc.cut then
      message = "the report ends inside this test case: the run was killed or died during it"
    elseif not overall then
      message = message or "the test case has no result (the run ended during it)"
    end
    if xfail then
      message = "failed as expected (" .. expected .. "): " .. (message or "")
    elseif test_status == "failed" and not message and (expected == "[!shouldfail]" or expected == "should_fail") then
      message = ("passed, but it is marked %s: %s counts that as a failure"):format(expected,
        state.doctest and "doctest" or "Catch2")
    end
    details = status.details(message or "Catch2 reports the test case as failed",
      (test_status ~= "skipped" or xfail) and table.concat(traces, "\n\n") or nil)
  end

  local suite = state.suites[#state.suites] or nil
  local result = {
    name = name,
    fullName = state.run .. "/" .. (suite and (suite .. "/") or "") .. name,
    titlePath = { state.run, suite },
    status = test_status,
    statusDetails = details,
    labels = {},
    links = {},
    steps = steps,
    attachments = {},
  }
  if suite then
    model.label(result.labels, "parentSuite", state.run)
    model.label(result.labels, "suite", suite)
  else
    model.label(result.labels, "suite", state.run)
  end
  apply_tags(result, a.tags)
  model.label(result.labels, "framework", state.doctest and "doctest" or "Catch2")
  model.label(result.labels, "language", "cpp")
  model.label(result.labels, "resultFormat", state.doctest and "doctest-xml" or "catch2-xml")
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

return {
  name = "catch2",
  description = "Catch2 XML reporter (-r xml), v2 and v3; doctest XML reporter (-r=xml)",
  extensions = { "xml" },
  help = [==[
Reads the output of Catch2's XML reporter (-r xml; -s adds passed assertions as
steps, -d yes durations). Sections become nested steps, assertions steps with their
expansion. doctest's XML reporter (-r=xml) is read too: test suites, subcases,
skip and may_fail/should_fail decorators. docs/formats/catch2.md has the mapping.]==],

  detect = function(sniff)
    local root = sniff:xml_root()
    if root and root.name == "doctest" then return 90, "doctest XML (<doctest>)" end
    if root and ROOTS[root.name] then return 95, "Catch2 XML (<" .. root.name .. ">)" end
  end,

  convert = function(input, ctx)
    local r, root = input:xml_root("a Catch2 or doctest XML report", { "Catch2TestRun", "Catch", "doctest" })
    if not r then return r, root end
    local state = { ctx = ctx, clock = ctx.base_time, suites = {} }
    state.doctest = root == "doctest"
    -- doctest names the run by its binary ("./tests"): the binary's name.
    state.run = state.doctest and (r:attr("binary") or ""):match("([^/\\]*)$") or r:attr("name") or "catch2"
    if state.run == "" then state.run = state.doctest and "doctest" or "catch2" end
    while true do
      local event, name = r:next()
      if not event then
        if name then return nil, name end
        break
      end
      if event == "start" and name == "TestCase" then
        local attrs = r:attrs()
        local tc, terr = r:tree()
        if not tc then
          -- The report ends inside this test case (the run was killed): the test
          -- that was running is broken, not lost; then the error.
          if terr and terr:find("Premature end of data", 1, true) then
            convert_test({ name = "TestCase", attrs = attrs, cut = true }, state)
          end
          return nil, terr
        end
        convert_test(tc, state)
      elseif name == "TestSuite" and state.doctest then
        -- doctest's TEST_SUITE("name"); tests outside any have a <TestSuite> without one.
        if event == "start" then
          local n = r:attr("name")
          state.suites[#state.suites + 1] = n ~= "" and n or false
        else
          state.suites[#state.suites] = nil
        end
      end
    end
    return true
  end,
}
