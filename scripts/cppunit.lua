-- CppUnit XML (XmlOutputter) -> Allure results.
--
-- <TestRun> lists <FailedTests> first and <SuccessfulTests> after; the `id`
-- attributes give the order the tests ran in. The report carries no times
-- (XmlOutputter hooks such as the TestPath/Time dialect add a duration), so the
-- tests are laid out one after the other, in run order, from the report's time.
-- A CppUnit report holds one element per test and no output: the tests are
-- read as small trees, sorted by id and written at the end.
-- docs/formats/cppunit.md has the whole mapping.
local status = require "allure.status"
local time = require "allure.time"
local model = require "allure.model"
local child = require("allure.xmlnode").child
local coerce = require "allure.coerce"

-- <FailureType> and the status it means: a failed CPPUNIT_ASSERT is a product
-- defect, an uncaught exception a test defect.
local FAILURE_TYPES = { Assertion = "failed", Error = "broken" }

local trim = require("allure.coerce").trim

-- Text of the first child element called `name`, trimmed; nil when absent.
-- XmlOutputter declares ISO-8859-1 (its default) but writes the program's
-- strings as they are, UTF-8 today: such text is taken back to its bytes.
local function child_text(node, name)
  for _, child in ipairs(node) do
    if child.name == name then return coerce.utf8_bytes(trim(child.text)) end
  end
end

-- "- Expected: 5" / "- Actual  : 4" lines of CPPUNIT_ASSERT_EQUAL: Allure 3
-- shows a diff when both are there.
local function expected_actual(message)
  local expected = message:match("\n%s*%- Expected%s*:%s?([^\n]*)")
  local actual = message:match("\n%s*%- Actual%s*:%s?([^\n]*)")
  return expected, actual
end

-- One <FailedTest> or <Test> tree -> a record of what the report says.
local function read_test(node, failed)
  local record = {
    id = tonumber(node.attrs.id),
    name = child_text(node, "Name") or "",
    path = child_text(node, "TestPath"),
    duration = time.seconds(child_text(node, "Time")) or 0,
    status = "passed",
  }
  if failed then
    record.status = FAILURE_TYPES[child_text(node, "FailureType") or ""] or "broken"
    record.message = child_text(node, "Message")
    local location = child(node, "Location")
    if location then
      record.file, record.line = child_text(location, "File"), child_text(location, "Line")
    end
  end
  return record
end

-- Suite path of a test: TestPath "/All Tests/Suite/Suite::test" without the
-- test itself, else the fixture class of "ns::Suite::test".
local function suite_path(record, class)
  if record.path and record.path:find("/", 1, true) then
    local path = {}
    for part in record.path:gmatch("[^/]+") do path[#path + 1] = part end
    path[#path] = nil
    if #path > 0 then return path end
  end
  return { class }
end

local function convert_test(record, start, seen, ctx)
  local name = record.name
  local class, method = name:match("^(.*)::([^:]+)$")
  class, method = class or name, method or name
  local labels = {}
  model.suite_labels(labels, suite_path(record, class))
  model.label(labels, "testClass", class)
  model.label(labels, "testMethod", method)
  model.label(labels, "package", class:match("^(.*)::[^:]+$"))
  model.label(labels, "framework", "cppunit")
  model.label(labels, "language", "cpp")
  model.label(labels, "resultFormat", "cppunit")

  -- A registry may hold a test twice (a fixture registered in two suites): the
  -- second run is a test of its own, not a retry.
  local parameters = {}
  seen[name] = (seen[name] or 0) + 1
  if seen[name] > 1 then parameters[1] = { name = "occurrence", value = tostring(seen[name]) } end

  local details
  if record.status ~= "passed" then
    local message = record.message or ("CppUnit reports a failure of type " .. record.status)
    local where = record.file and (record.file .. (record.line and (":" .. record.line) or "")) or nil
    details = status.details(message, where and (where .. ": " .. message) or nil)
    details.expected, details.actual = expected_actual("\n" .. message)
  end
  ctx:emit({
    name = method,
    fullName = name,
    titlePath = suite_path(record, class),
    status = record.status,
    statusDetails = details,
    start = start,
    stop = start + record.duration,
    labels = labels,
    parameters = parameters,
  }, { file = record.file })
end

return {
  name = "cppunit",
  description = "CppUnit XML (XmlOutputter)",
  extensions = { "xml" },
  help = [==[
Reads the XML that CppUnit's XmlOutputter writes (<TestRun> with <FailedTests> and
<SuccessfulTests>), including the TestPath/Time dialect of timing hooks.
docs/formats/cppunit.md has the mapping.]==],

  detect = function(sniff)
    local root = sniff:xml_root()
    if root and root.name == "TestRun" and sniff:text():find("<FailedTests", 1, true) then
      return 90, "CppUnit XML (<TestRun> with <FailedTests>)"
    end
  end,

  convert = function(input, ctx)
    local r, err = input:xml_root("a CppUnit report", { "TestRun" })
    if not r then return r, err end
    -- TRX (VSTest) has a <TestRun> root too, in its namespace.
    if r:attr("xmlns") then
      return false, ("%s:%d: not a CppUnit report: <TestRun xmlns=\"%s\"> is TRX (allure-lua trx)")
        :format(input.name, r:line(), r:attr("xmlns"))
    end
    local records = {}
    while true do
      local event, name = r:next()
      if not event then
        if name then return nil, name end
        break
      end
      if event == "start" then
        if name == "FailedTest" or (name == "Test" and r:depth() == 2) then
          local node, terr = r:tree()
          if not node then return nil, terr end
          records[#records + 1] = read_test(node, name == "FailedTest")
          records[#records].order = #records
        elseif name == "Statistics" or name == "TimedTestTree" then
          local _, terr = r:text()              -- totals and a copy of the timings: nothing new
          if terr then return nil, terr end
        end
      end
    end
    -- Run order: by id (the report's own order for a test without one).
    table.sort(records, function(a, b)
      if a.id and b.id and a.id ~= b.id then return a.id < b.id end
      if (a.id == nil) ~= (b.id == nil) then return a.id ~= nil end
      return a.order < b.order
    end)
    local clock, seen = ctx.base_time, {}
    for _, record in ipairs(records) do
      convert_test(record, clock, seen, ctx)
      clock = clock + record.duration
    end
    return true
  end,
}
