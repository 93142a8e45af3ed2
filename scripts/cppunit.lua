-- CppUnit XML (XmlOutputter) -> Allure results.
--
-- <TestRun> lists <FailedTests> first and <SuccessfulTests> after; the `id`
-- attributes give the order the tests ran in. The report carries no times
-- (XmlOutputter hooks such as the TestPath/Time dialect add a duration), so the
-- tests are laid out one after the other, in run order, from the report's time.
-- A CppUnit report holds one element per test and no output: the tests are
-- read as small trees, sorted by id and written at the end.
-- docs/formats/cppunit.md has the whole mapping.
local kit = require "allure.kit"
local time, model, params, cpp, coerce = kit.require("time", "model", "params", "cpp", "coerce")
local child = require("allure.xmlnode").child

-- <FailureType> and the status it means: a failed CPPUNIT_ASSERT is a product
-- defect, an uncaught exception a test defect.
local FAILURE_TYPES = { Assertion = "failed", Error = "broken" }

-- Text of the first child element called `name`, trimmed; nil when absent.
-- XmlOutputter declares ISO-8859-1 (its default) but writes the program's
-- strings as they are, UTF-8 today: such text is taken back to its bytes.
local function text(node, name)
  local c = child(node, name)
  return c and coerce.utf8_bytes(coerce.trim(c.text))
end

-- One <FailedTest> or <Test> tree -> a record of what the report says.
local function read_test(node, failed, order)
  local record = {
    id = tonumber(node.attrs.id), order = order, status = "passed",
    name = text(node, "Name") or "", path = text(node, "TestPath"),
    duration = time.seconds(text(node, "Time")) or 0,
  }
  if failed then
    record.status = FAILURE_TYPES[text(node, "FailureType") or ""] or "broken"
    record.message = text(node, "Message")
    local location = child(node, "Location")
    if location then record.file, record.line = text(location, "File"), text(location, "Line") end
  end
  return record
end

-- Suite path of a test: TestPath "/All Tests/Suite/Suite::test" without the
-- test itself, else the fixture class of "ns::Suite::test".
local function suite_path(record, class)
  local path = {}
  for part in (record.path or ""):gmatch("[^/]+") do path[#path + 1] = part end
  path[#path] = nil
  return #path > 0 and path or { class }
end

local function convert_test(record, start, seen, ctx)
  local name = record.name
  local class, method = name:match("^(.*)::([^:]+)$")
  class, method = class or name, method or name
  local labels = model.labels({}, suite_path(record, class), { testClass = class, testMethod = method,
    package = class:match("^(.*)::[^:]+$"), framework = "cppunit", language = "cpp",
    resultFormat = "cppunit" })

  -- A registry may hold a test twice (a fixture registered in two suites): the
  -- second run is a test of its own, not a retry.
  local parameters = {}
  model.occurrence(seen, name, parameters)

  local details
  if record.status ~= "passed" then
    local message = record.message or ("CppUnit reports a failure of type " .. record.status)
    details = cpp.details(message, record.file and cpp.location(record.file, record.line))
    -- "- Expected: 5" / "- Actual  : 4" of CPPUNIT_ASSERT_EQUAL: Allure 3 shows a diff.
    details.expected = ("\n" .. message):match("\n%s*%- Expected%s*:%s?([^\n]*)")
    details.actual = ("\n" .. message):match("\n%s*%- Actual%s*:%s?([^\n]*)")
  end
  ctx:emit({
    name = method, fullName = name, titlePath = suite_path(record, class),
    status = record.status, statusDetails = details,
    start = start, stop = start + record.duration, labels = labels, parameters = parameters,
  }, { file = record.file })
end

-- A test is read whole: <FailedTest>, or <Test> of <SuccessfulTests> (depth 2).
local function add_test(node, state, depth, failed)
  local records = state.records
  if failed or depth == 2 then records[#records + 1] = read_test(node, failed, #records + 1) end
end

-- Totals, and the timing hooks' copy of the per-test times: nothing new, passed over.
local XML = {
  tree = {
    FailedTest = function(node, state, depth) add_test(node, state, depth, true) end,
    Test = function(node, state, depth) add_test(node, state, depth, false) end,
  },
  start = { Statistics = kit.skip, TimedTestTree = kit.skip },
}

return kit.converter {
  name = "cppunit",
  description = "CppUnit XML (XmlOutputter)",
  extensions = { "xml" },
  help = [==[
Reads the XML that CppUnit's XmlOutputter writes (<TestRun> with <FailedTests> and
<SuccessfulTests>), including the TestPath/Time dialect of timing hooks.
docs/formats/cppunit.md has the mapping.]==],

  detect = kit.detect {
    { 90, "CppUnit XML (<TestRun> with <FailedTests>)", root = "TestRun", text = "<FailedTests" },
  },

  convert = function(input, ctx, state)
    local r, err = input:xml_root("a CppUnit report", { "TestRun" })
    if not r then return r, err end
    -- TRX (VSTest) has a <TestRun> root too, in its namespace.
    if r:attr("xmlns") then
      return false, ("%s:%d: not a CppUnit report: <TestRun xmlns=\"%s\"> is TRX (allure-lua trx)")
        :format(input.name, r:line(), r:attr("xmlns"))
    end
    state.records = {}
    local ok, xerr = kit.xml(r, XML, state)
    if not ok then return ok, xerr end
    -- Run order: by id (the report's own order for a test without one).
    table.sort(state.records, function(a, b)
      if a.id and b.id and a.id ~= b.id then return a.id < b.id end
      if (a.id == nil) ~= (b.id == nil) then return a.id ~= nil end
      return a.order < b.order
    end)
    local clock, seen = ctx.base_time, {}
    for _, record in ipairs(state.records) do
      convert_test(record, clock, seen, ctx)
      clock = clock + record.duration
    end
    return true
  end,
}
