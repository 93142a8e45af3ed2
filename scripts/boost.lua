-- Boost.Test XML (log and report) -> Allure results.
--
-- The log (--log_format=XML, <TestLog>) is streamed: each <TestCase> is read
-- as one small tree, its log entries become steps, and it is written at once.
-- The report (--report_format=XML, <TestResult>) alone gives a status per test
-- case and nothing else. --output_format=XML writes both to one stream: the
-- report then sits inside the log (stdout and stderr merged) or follows it (a
-- second document); either way the log is read and the report's copy of the
-- same tests is passed over. docs/formats/boost.md has the whole mapping.
local kit = require "allure.kit"
local xml, status, model, host, params, cpp, coerce =
  kit.require("xml", "status", "model", "host", "params", "cpp", "coerce")
local detect = require "allure.detect"

-- Log entries: the status of the step each becomes, and how the entry is named
-- in a trace. A failed BOOST_REQUIRE (<FatalError>) is a failed assertion like
-- a failed BOOST_CHECK (<Error>); <Exception> is an uncaught exception or a
-- system error (signal, timeout): the test is broken.
local ENTRIES = {
  Info = { status = "passed", kind = "info", prefix = "" },
  Message = { status = "passed", kind = "message", prefix = "" },
  Warning = { status = "passed", kind = "warning", prefix = "warning: " },
  Error = { status = "failed", kind = "error", prefix = "" },
  FatalError = { status = "failed", kind = "fatal error", prefix = "" },
  Exception = { status = "broken", kind = "exception", prefix = "exception: " },
}

-- Report results and the status each means.
local RESULTS = {
  passed = "passed", failed = "failed", skipped = "skipped", aborted = "broken", ["timed-out"] = "broken",
}

local function collapse(s)
  return (s or ""):gsub("%s+", " "):match("^ ?(.-) ?$")
end

local function location(attrs)
  return cpp.location(attrs.file, attrs.line)
end

--{ Identity -------------------------------------------------------------------

-- A result for the test case `display` in the current suites: name, parameters and
-- suite path. BOOST_DATA_TEST_CASE makes a suite named after the test holding one
-- case per sample (_0, _1, ...); BOOST_AUTO_TEST_CASE_TEMPLATE one case per type,
-- named test<type>.
local function base_result(state, display)
  local path, parameters, name = table.move(state.suites, 1, #state.suites, 1, {}), {}, display
  local sample = name:match("^_(%d+)$")
  local base, type_arg = name:match("^(.-)<(.+)>$")
  if sample and #path > 1 then
    name = table.remove(path)
    parameters[1] = { name = "sample", value = sample }
  elseif base and base ~= "" then
    name = base
    parameters[1] = { name = "type", value = type_arg }
  end
  local labels = model.labels({}, path, { testClass = table.concat(path, "/"), testMethod = name,
    framework = "Boost.Test", language = "cpp", resultFormat = state.format })
  local full_name = #path > 0 and (table.concat(path, "/") .. "/" .. name) or name
  -- Boost refuses two test units of one name in a suite; a report that has
  -- them anyway (merged logs) keeps both, as tests of their own.
  model.occurrence(state.seen, params.key(full_name, parameters), parameters)
  return {
    name = display,
    fullName = full_name,
    titlePath = path,
    labels = labels,
    parameters = parameters,
  }
end

--}

--{ The log ----------------------------------------------------------------------

-- "with x=3" frames of BOOST_TEST_CONTEXT / BOOST_TEST_INFO, and the last
-- checkpoint of an exception.
local function entry_details(entry)
  local lines = {}
  for _, child in ipairs(entry) do
    if child.name == "Context" then
      for _, frame in ipairs(child) do
        local text = collapse(frame.text)
        if text ~= "" then lines[#lines + 1] = "context: " .. text end
      end
    elseif child.name == "LastCheckpoint" then
      local where = location(child.attrs)
      local text = collapse(child.text)
      if where or text ~= "" then
        lines[#lines + 1] = "last checkpoint: " .. (where or "") .. ((where and text ~= "") and ": " or "") .. text
      end
    end
  end
  return lines
end

-- One log entry -> a step (and, when it failed, a line of the test's trace).
local function entry_step(entry, kind)
  local text = entry.text:match("^%s*(.-)%s*$")
  local details = entry_details(entry)
  local where = location(entry.attrs)
  local step = {
    name = kind.prefix .. collapse(text),
    status = kind.status,
    parameters = where and { { name = "location", value = where } } or nil,
  }
  if #details > 0 or kind.status ~= "passed" then
    local message = text
    if #details > 0 then message = message .. "\n" .. table.concat(details, "\n") end
    step.statusDetails = { message = message }
  end
  return step, text, details, where
end

local function convert_log_case(tc, state)
  local ctx = state.ctx
  local a = tc.attrs
  local result = base_result(state, a.name or "")
  local steps, failures, duration = {}, cpp.failures(), 0
  for _, entry in ipairs(tc) do
    local kind = ENTRIES[entry.name]
    if kind then
      local step, text, details, where = entry_step(entry, kind)
      steps[#steps + 1] = step
      if kind.status ~= "passed" then
        local line = kind.kind .. ": " .. text
        if #details > 0 then line = line .. "\n    " .. table.concat(details, "\n    ") end
        failures:add(kind.status, text, where, line)
      end
    elseif entry.name == "TestingTime" then
      -- microseconds (Boost 1.74 writes 194 for a test of two checks)
      duration = (coerce.number(entry.text:match("%d+")) or 0) // 1000
    end
  end
  local test_status, details = failures.status or "passed", nil
  if a.skipped == "yes" then
    test_status = "skipped"
    details = { message = a.reason and a.reason ~= "" and a.reason or "skipped" }
  elseif failures.status then
    details = status.details(failures:summary("\n"))
  end
  -- The report, when the file has one, knows what the log cannot: failures a
  -- test declared with expected_failures, a time-out.
  local path = table.concat(state.suites, "/") .. "/" .. (a.name or "")
  state.logged[path] = true
  local reported = state.report and state.report[path]
  if reported and a.skipped ~= "yes" then
    local outcome = RESULTS[reported.result or ""]
    if outcome == "passed" and test_status ~= "passed" then
      test_status = "passed"
      details = { message = ("passed: the %s failure%s expected (expected_failures)"):format(
        reported.expected_failures or "?", reported.expected_failures == "1" and " was" or "s were") }
    elseif outcome and outcome ~= "passed" and test_status == "passed" then
      test_status = outcome
      details = { message = ("%s (Boost.Test report)"):format(reported.result) }
    end
  end
  result.status, result.statusDetails, result.steps = test_status, details, steps
  result.start, result.stop = state.clock, state.clock + duration
  state.clock = state.clock + duration
  ctx:emit(result, { file = location(tc.attrs) and tc.attrs.file })
end

--}

--{ The report -------------------------------------------------------------------

local function convert_report_case(attrs, state)
  local result = base_result(state, attrs.name or "")
  result.status = RESULTS[attrs.result or ""] or "unknown"
  local failed = tonumber(attrs.assertions_failed) or 0
  if result.status ~= "passed" and result.status ~= "skipped" then
    result.statusDetails = {
      message = ("%s: %d assertion%s failed, %s passed (Boost.Test report; the log has the details)")
        :format(attrs.result, failed, failed == 1 and "" or "s", attrs.assertions_passed or "0"),
    }
  end
  result.start, result.stop = state.clock, state.clock
  state.ctx:emit(result)
end

--}

-- A log that carries its report (--output_format=XML with stdout and stderr
-- merged) ends with it: the last bytes of the file tell.
local function report_in_tail(file)
  local f = file and io.open(file, "rb")
  if not f then return false end
  local size = f:seek("end")
  f:seek("set", math.max(0, size - 65536))
  local tail = f:read("a") or ""
  f:close()
  return tail:gsub("%z", ""):find("</TestResult>", 1, true) ~= nil   -- UTF-16 too
end

-- A first pass over such a file: the report's test cases by path
-- ("Master/suite/case"), the log's test cases passed over in C. nil when the
-- file cannot be read to its end (the second pass then reports why).
local REPORT = { start = {}, ["end"] = {} }

local function read_report(input)
  local r = xml.open(input.file, { name = input.name, documents = "many" })
  if not r then return nil end
  local pass = { results = {}, order = {} }      -- .suites: inside the report
  local ok = kit.xml(r, REPORT, pass)
  r:close()
  return ok and pass.results or nil, pass.order
end

function REPORT.start.TestResult(_, pass) pass.suites = {} end
REPORT["end"].TestResult = function(pass) pass.suites = nil end

function REPORT.start.TestSuite(r, pass)
  if pass.suites then pass.suites[#pass.suites + 1] = r:attr("name") or "" end
end
REPORT["end"].TestSuite = function(pass)
  if pass.suites then pass.suites[#pass.suites] = nil end
end

function REPORT.start.TestCase(r, pass)
  local suites = pass.suites
  if not suites then
    local _, err = r:text()
    return err == nil, err
  end
  suites[#suites + 1] = r:attr("name") or ""
  local path = table.concat(suites, "/")
  pass.results[path] = r:attrs()
  pass.order[#pass.order + 1] = path
  suites[#suites] = nil
end

-- A log and a report written to two files (--log_sink, --report_sink) and given
-- together (a directory): the report must not add a second copy of every test,
-- and the log needs it for what the log cannot tell (expected_failures, a
-- time-out). A file's kind and module are in its first bytes: the files of a
-- directory are sniffed once, and a log and a report of the same module pair up
-- when the directory holds exactly one of each.
local siblings = {}

local function sniff(file)
  local head = detect.sniff(file)
  local root = head and head:xml_root()
  if not root or (root.name ~= "TestLog" and root.name ~= "TestResult") then return nil end
  return root.name, head:text():match("<TestSuite[^>]-%sname=\"([^\"]*)\"")
end

local function directory_pairs(dir)
  if siblings[dir] then return siblings[dir] end
  local by_module = {}
  for _, file in ipairs(host.walk(dir) or {}) do
    local rest = file:sub(#dir + 2)
    if not rest:find("/", 1, true) and rest:lower():find("%.xml$") then
      local root, module = sniff(file)
      if root and module then
        local m = by_module[module] or { TestLog = {}, TestResult = {} }
        by_module[module] = m
        m[root][#m[root] + 1] = file
      end
    end
  end
  siblings[dir] = by_module
  return by_module
end

-- The other file of a log/report pair, or nil; `kind`: what `file` is, "TestLog"
-- or "TestResult".
local function partner(file, kind)
  if not file then return nil end
  local root, module = sniff(file)
  if root ~= kind or not module then return nil end
  local m = directory_pairs(file:match("^(.*)/[^/]*$") or ".")[module]
  if not m or #m.TestLog ~= 1 or #m.TestResult ~= 1 then return nil end
  if m[kind][1]:match("[^/]*$") ~= file:match("[^/]*$") then return nil end
  return m[kind == "TestLog" and "TestResult" or "TestLog"][1]
end

-- What the elements become, as the read goes. A failure outside any test case is a
-- run-level error (Allure 3 shows each): a suite fixture that threw, a crash between
-- tests, or every failure of a log written below --log_level=test_suite (which names
-- no test units).
local XML = { start = {}, ["end"] = {} }

function XML.start.TestSuite(r, state)
  state.suites[#state.suites + 1] = r:attr("name") or ""
end

XML["end"].TestSuite = function(state)
  state.suites[#state.suites] = nil
end

function XML.start.TestCase(r, state)
  state.cases = state.cases + 1
  if state.root == "TestResult" then return convert_report_case(r:attrs(), state) end
  local tc, err = r:tree()
  if not tc then return nil, err end
  convert_log_case(tc, state)
  state.last_case = table.concat(state.suites, "/") .. "/" .. (tc.attrs.name or "")
end

-- The report's test cases the log of an aborted module never ran: the report says
-- "passed" for them (0 assertions); skipped, as Boost's JUnit log writes them.
local function not_run(state, order)
  local why = ("not run: the test module was aborted after %s (Boost.Test: \"Test is aborted\")")
    :format(state.aborted)
  for _, path in ipairs(order) do
    if not state.logged[path] then
      local parts = {}
      for part in (path .. "/"):gmatch("(.-)/") do parts[#parts + 1] = part end
      local name = table.remove(parts)
      state.suites = parts
      local result = base_result(state, name)
      result.status, result.statusDetails = "skipped", { message = why }
      result.start, result.stop = state.clock, state.clock
      state.ctx:emit(result)
    end
  end
  state.suites = {}
end

-- The report's copy of the tests the log already gave (inside the log or as the next
-- document).
function XML.start.TestResult(r, state)
  if state.root == "TestLog" then return kit.skip(r) end
end

function XML.start_other(r, name, state)
  local kind = ENTRIES[name]
  if not kind or (kind.status == "passed" and name ~= "Message") or state.root ~= "TestLog" then return end
  local entry, err = r:tree()
  if not entry then return nil, err end
  local _, text, details, where = entry_step(entry, kind)
  if kind.status == "passed" then
    -- After a fatal system error (a SIGSEGV) Boost stops the whole module and says so
    -- between the test units; the tests it did not run are absent from the log.
    if text == "Test is aborted" then state.aborted = state.aborted or state.last_case or "?" end
    return
  end
  local where_suite = #state.suites > 0 and (table.concat(state.suites, "/") .. ": ") or ""
  state.outside = state.outside + 1
  if #state.suites > 0 then state.ctx:warn(("%s in suite %s"):format(kind.kind, where_suite .. text)) end
  state.errors[#state.errors + 1] = {
    message = where_suite .. text,
    trace = (where and (where .. ": ") or "") .. kind.kind .. ": " .. text
      .. (#details > 0 and ("\n" .. table.concat(details, "\n")) or ""),
    timestamp = state.clock,
  }
end

function XML.done(state)
  if #state.errors > 0 then state.ctx:globals { errors = state.errors } end
end

return kit.converter {
  name = "boost",
  description = "Boost.Test XML log (--log_format=XML) and report (--report_format=XML)",
  extensions = { "xml" },
  help = [==[
Reads Boost.Test's XML log (<TestLog>; --log_level=all gives passed checks as steps
too) and XML report (<TestResult>), alone or together as --output_format=XML writes
them. docs/formats/boost.md has the mapping.]==],

  detect = kit.detect {
    { 90, "Boost.Test XML (<TestLog>)", root = "TestLog" },
    { 90, "Boost.Test XML (<TestResult>)", root = "TestResult" },
  },

  convert = function(input, ctx, state)
    -- "many": --output_format=XML to one file may write the report as a second
    -- document after the log.
    local r, root = input:xml_root("a Boost.Test report", { "TestLog", "TestResult" }, { documents = "many" })
    if not r then return r, root end
    state.root, state.suites, state.seen, state.clock = root, {}, {}, ctx.base_time
    state.format = root == "TestResult" and "boost-test-report" or "boost-test-log"
    state.cases, state.outside, state.errors, state.logged = 0, 0, {}, {}
    local other = partner(input.file, root)
    if other and root == "TestResult" then
      ctx:warn(("passed over: the report of the log %s, which is read with it"):format(other))
      return true
    end
    local order
    if report_in_tail(input.file) then
      state.report, order = read_report(input)
    elseif other then
      state.report, order = read_report { file = other, name = other }
    end
    local ok, err = kit.xml(r, XML, state)
    if not ok then return ok, err end
    if state.aborted then
      if state.report then
        not_run(state, order)
      else
        ctx:warn(("the test module was aborted after %s: the log does not name the tests it did not run "
          .. "(the XML report does: give it too)"):format(state.aborted))
      end
    end
    if root == "TestLog" and state.cases == 0 and state.outside > 0 then
      ctx:warn(("the log names no test case (Boost.Test logs them from --log_level=test_suite on): "
        .. "its %d failure%s are run-level errors"):format(state.outside, state.outside == 1 and "" or "s"))
    end
    return true
  end,
}
