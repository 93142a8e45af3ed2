-- JUnit XML -> Allure results.
--
-- Streams the report: each <testcase> is read as one small tree and written at
-- once, so memory stays flat on reports of any size and `allurectl watch` can
-- upload results while a long report is still being read.
local status = require "allure.status"
local time = require "allure.time"
local model = require "allure.model"

-- Outcome elements of a <testcase> and the status each means.
local OUTCOMES = {
  failure = "failed",
  error = "broken",
  skipped = "skipped",
}

-- status="..." / result="..." values that mean the test did not run
-- (googletest notrun, CPython regrtest, xunit exports).
local NOT_RUN = { notrun = true, disabled = true, skipped = true, ignored = true, suppressed = true }

-- Root elements of JUnit reports (<testrun>: Eclipse's JUnit view export).
local ROOTS = { testsuites = true, testsuite = true, testrun = true }

-- Captured output elements and the attachment names they become.
local OUTPUTS = {
  ["system-out"] = "System output",
  ["system-err"] = "System error",
}

-- A suite frame of the <testsuite> stack; `clock` places the tests of the suite
-- one after the other on the timeline from the suite's start.
local function open_suite(stack, attrs, ctx)
  local parent = stack[#stack]
  local start = time.iso(attrs.timestamp)
  if not start and parent then start = parent.clock end
  if not start then
    -- No timestamp anywhere: end the suite at the report's time (file mtime).
    start = ctx.base_time - (time.seconds(attrs.time) or 0)
  end
  local path = {}
  for i, frame in ipairs(stack) do path[i] = frame.name end
  if attrs.name and attrs.name ~= "" then path[#path + 1] = attrs.name end
  stack[#stack + 1] = {
    name = attrs.name,
    path = path,
    clock = start,
    host = attrs.hostname or (parent and parent.host),
    package = attrs.package or (parent and parent.package),
  }
end

local function convert_testcase(tc, suite, ctx)
  local a = tc.attrs
  local result = {
    name = a.name,
    status = "passed",
    labels = {},
    attachments = {},
    titlePath = suite and suite.path or nil,
  }
  local classname = a.classname or a.class
  local owner = classname or (suite and suite.name)
  result.fullName = owner and owner ~= "" and (owner .. "." .. (a.name or "")) or a.name

  -- Outcomes: the most severe wins; each one's message and text are kept.
  local messages, traces = {}, {}
  for _, child in ipairs(tc) do
    local outcome = OUTCOMES[child.name]
    if outcome then
      result.status = status.worst(result.status, outcome)
      local message = child.attrs.message
      local text = child.text
      if outcome == "skipped" then
        messages[#messages + 1] = message or status.first_line(text)
      else
        messages[#messages + 1] = message or status.first_line(text)
        if text and text:find("%S") then traces[#traces + 1] = text end
      end
    elseif OUTPUTS[child.name] then
      result.attachments[#result.attachments + 1] = model.text_attachment(OUTPUTS[child.name], child.text)
    end
  end
  if NOT_RUN[(a.status or ""):lower()] or NOT_RUN[(a.result or ""):lower()] then
    result.status = status.worst(result.status, "skipped")
  end
  result.statusDetails = status.details(table.concat(messages, "\n"), table.concat(traces, "\n\n"))

  -- Time: the testcase's own timestamp if it has one, else next on the suite's clock.
  local duration = time.seconds(a.time) or 0
  result.start = time.iso(a.timestamp) or (suite and suite.clock) or ctx.base_time
  result.stop = result.start + duration
  if suite then suite.clock = result.stop end

  local labels = result.labels
  if suite then model.suite_labels(labels, suite.path) end
  model.label(labels, "testClass", classname)
  model.label(labels, "testMethod", a.name)
  model.label(labels, "package", suite and suite.package or (classname and classname:match("^(.*)%.[^.]+$")))
  model.label(labels, "host", suite and suite.host)
  model.label(labels, "resultFormat", "junit")
  return result
end

return {
  name = "junit",
  description = "JUnit XML (Surefire, Gradle, Ant, pytest, jest-junit, ...)",
  extensions = { "xml" },
  options = {},

  convert = function(input, ctx)
    local r, err = input:xml()
    if not r then return nil, err end
    local stack = {}
    local seen_root = false
    while true do
      local event, name = r:next()
      if not event then
        if name then return nil, name end       -- malformed: "file:line:col: ..."
        break
      end
      if event == "start" and not seen_root then
        seen_root = true
        if not ROOTS[name] then
          return false, ("%s:%d: not a JUnit report: root element <%s>, expected <testsuites> or <testsuite>")
            :format(input.name, r:line(), name)
        end
      end
      if event == "start" then
        if name == "testsuite" then
          open_suite(stack, r:attrs(), ctx)
        elseif name == "testcase" then
          local tc, terr = r:tree()
          if not tc then return nil, terr end
          ctx:emit(convert_testcase(tc, stack[#stack], ctx))
        end
      elseif event == "end" and name == "testsuite" then
        local done = table.remove(stack)
        local parent = stack[#stack]
        -- The enclosing suite goes on where the nested one ended.
        if parent and done.clock > parent.clock then parent.clock = done.clock end
      end
    end
    return true
  end,
}
