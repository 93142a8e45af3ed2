-- googletest JSON (--gtest_output=json) -> Allure results.
--
-- The report is one JSON document: { testsuites = [ { testsuite = [ test, ... ] } ] }.
-- Each test becomes a result; TEST_P and TYPED_TEST variants share the test's
-- identity and differ by parameters; RecordProperty keys sit among a test's own
-- fields and become labels. Failures outside any test (a global Environment)
-- come as a pseudo suite "NonTestSuiteFailure". docs/formats/gtest.md has the
-- whole mapping.
local kit = require "allure.kit"
local jsondoc, status, time, model, meta = kit.require("jsondoc", "status", "time", "model", "meta")
local params, coerce, exception, cpp = kit.require("params", "coerce", "exception", "cpp")

-- Fields googletest itself writes; any other key of a test, suite or of the
-- root is a property recorded with RecordProperty.
local TEST_FIELDS = {
  name = true, file = true, line = true, status = true, result = true, timestamp = true, time = true,
  classname = true, failures = true, skipped = true, value_param = true, type_param = true,
}
local SUITE_FIELDS = {
  name = true, tests = true, failures = true, disabled = true, skipped = true, errors = true,
  timestamp = true, time = true, testsuite = true, testsuites = true, random_seed = true,
}

-- The pseudo suite of failures outside any test (googletest 1.12+).
local AD_HOC_SUITE = "NonTestSuiteFailure"

-- googletest's JSON escapes each byte of a non-ASCII character on its own
-- ("Z\u00C3\u00BCrich" for "Zürich"): coerce.utf8_bytes takes them back.
local mend = coerce.utf8_bytes

local function scalar(v)
  local t = type(v)
  if t == "string" then return mend(v) end
  if t == "number" or t == "boolean" then return tostring(v) end
end

local is_error, split_failure = exception.googletest_error, exception.googletest_split

-- Failures of a test (or of the environment) -> status, statusDetails.
local function failure_details(failures)
  local list = cpp.failures()
  for _, f in ipairs(failures) do
    local text = type(f) == "table" and scalar(f.failure) or nil
    if text then
      local where, message = split_failure(text)
      list:add(is_error(message) and "broken" or "failed", message, where)
    end
  end
  if not list.status then return nil end
  return list.status, status.details(list:summary())
end

-- ISO timestamp; googletest writes 1970-01-01 for tests that never started.
local function timestamp(s, zone)
  if type(s) ~= "string" or s:find("^1970%-01%-01") then return nil end
  if zone then s = s:gsub("[Zz]$", "") end
  return time.iso(s, zone)
end

local function duration(s)
  return time.seconds(type(s) == "string" and (s:gsub("s$", "")) or s) or 0
end

-- RecordProperty keys of an object, in a stable order (JSON objects have none).
local function properties(object, fields)
  local list = {}
  for k, v in pairs(object) do
    local value = scalar(v)
    if type(k) == "string" and not fields[k] and value then list[#list + 1] = { mend(k), value } end
  end
  table.sort(list, function(a, b) return a[1] < b[1] end)
  return list
end

local function convert_test(t, suite, state)
  local ctx = state.ctx
  -- As the JUnit report names them too (params.googletest): one test, one identity.
  local suite_name, test_name, parameters = params.googletest(scalar(t.classname), scalar(t.name),
    scalar(t.value_param), scalar(t.type_param))
  local result = {
    name = scalar(t.name) or test_name,
    fullName = suite_name .. "." .. test_name,
    titlePath = { suite_name },
    labels = {}, links = {}, parameters = parameters or {}, attachments = {},
  }
  model.labels(result.labels, { suite_name }, { testClass = suite_name, testMethod = test_name,
    framework = "googletest", language = "cpp", resultFormat = "gtest-json" })
  -- The run's and the suite's RecordProperty only where Allure gives them a meaning.
  meta.properties(result, state.run_properties, false, state.meta)
  meta.properties(result, properties(suite, SUITE_FIELDS), false, state.meta)
  meta.properties(result, properties(t, TEST_FIELDS), true, state.meta)

  local outcome, details = failure_details(type(t.failures) == "table" and t.failures or {})
  if t.status == "NOTRUN" or t.result == "SUPPRESSED" then
    outcome, details = "skipped", { message = "disabled" }
  elseif t.result == "SKIPPED" and not outcome then
    outcome = "skipped"
    local skips = type(t.skipped) == "table" and t.skipped or {}
    local first = type(skips[1]) == "table" and scalar(skips[1].message)
    if first then
      local where, message = split_failure(first)
      details = cpp.details(message, where)
    elseif state.environment_failed then
      details = { message = "not run: the global test environment's set-up failed: " .. state.environment_failed }
    elseif not timestamp(t.timestamp, state.zone) then
      details = { message = state.not_started }
    end
  end
  result.status = outcome or "passed"
  result.statusDetails = status.with_flags(details, result.statusDetails)   -- allure.flaky / muted / known

  local started = timestamp(t.timestamp, state.zone)
  if started and started > state.clock then state.clock = started end
  local took = duration(t.time)
  result.start, result.stop = state.clock, state.clock + took
  state.clock = state.clock + took
  state.uuids[#state.uuids + 1] = ctx:emit(result)
end

-- googletest 1.12 and 1.13 write the NonTestSuiteFailure suite without the comma
-- before it: the one known defect of their JSON, mended before reading again.
local function add_comma(text)
  local mended, n = text:gsub('}(%s*){(%s*"name"%s*:%s*"' .. AD_HOC_SUITE .. '")', "},%1{%2", 1)
  return n > 0 and mended or nil
end

local function any_started(suite, zone)
  for _, t in ipairs(suite.testsuite) do
    if type(t) == "table" and timestamp(t.timestamp, zone) then return true end
  end
  return false
end

-- The suites of the report's tests, and the failures outside any test (the pseudo
-- suite's: the environment's SetUp, when no test ran, or its TearDown).
local function split(doc)
  local suites, ad_hoc = {}, {}
  for _, suite in ipairs(doc.testsuites) do
    if type(suite) == "table" and type(suite.testsuite) == "table" then
      if suite.name ~= AD_HOC_SUITE then
        suites[#suites + 1] = suite
      else
        for _, t in ipairs(suite.testsuite) do
          for _, f in ipairs(type(t) == "table" and type(t.failures) == "table" and t.failures or {}) do
            ad_hoc[#ad_hoc + 1] = f
          end
        end
      end
    end
  end
  return suites, ad_hoc
end

-- The environment's failure: a run-level error, and a fixture of every test (its
-- set-up when no test ran, else its tear-down).
local function environment(ctx, state, outcome, details, any_ran, run_start)
  model.run_error(ctx, "failure outside any test (global test environment): " .. details.message,
                  "global test environment: " .. details.message, details.trace, state.clock)
  if #state.uuids == 0 then return end
  model.fixture_container(ctx, "Global test environment", state.uuids, not any_ran, outcome, details,
                          any_ran and state.clock or run_start)
end

return kit.converter {
  name = "gtest",
  description = "googletest JSON (--gtest_output=json)",
  extensions = { "json" },
  help = [==[
Reads the JSON report of googletest (--gtest_output=json:FILE). docs/formats/gtest.md
has the mapping.]==],
  options = {
    { "tz", default = "",
      help = "zone of the timestamps: googletest writes the local time of the machine followed by Z; "
        .. "give that zone (local, or +hh:mm) when it was not UTC (default: as written)" },
    "link",
  },

  detect = kit.detect {
    { 90, "googletest JSON (testsuites, AllTests)", keys = { "testsuites" }, text = '"AllTests"' },
  },

  convert = function(input, ctx, state)
    local doc, err = kit.json(input, 'a googletest JSON report (no "testsuites" array)', function(d)
      return type(d) == "table" and type(d.testsuites) == "table"
    end, function(i) return jsondoc.read(i, add_comma) end)
    if not doc then return doc, err end
    local zone = state.zone
    state.uuids, state.run_properties = {}, properties(doc, SUITE_FIELDS)
    state.clock = timestamp(doc.timestamp, zone) or ctx.base_time
    local run_start = state.clock

    local suites, ad_hoc = split(doc)
    local ad_hoc_status, ad_hoc_details = failure_details(ad_hoc)
    local any_ran = false
    for _, suite in ipairs(suites) do any_ran = any_ran or any_started(suite, zone) end
    if ad_hoc_status and not any_ran then state.environment_failed = ad_hoc_details.message end

    for _, suite in ipairs(suites) do
      local started = timestamp(suite.timestamp, zone)
      if started and started > state.clock then state.clock = started end
      -- Tests googletest skipped without starting them: a suite that started
      -- but none of its tests did had its SetUpTestSuite fail (or skip: the
      -- report says which nowhere); otherwise --gtest_fail_fast stopped the run.
      if started and not any_started(suite, zone) then
        state.not_started = ("not run: googletest skipped every test of %s without starting it: its SetUpTestSuite "
          .. "failed or skipped (the report keeps no message)"):format(scalar(suite.name) or "the suite")
        ctx:warn(state.not_started)
      else
        state.not_started = "not run: googletest did not start it (--gtest_fail_fast stopped the run after a failure)"
      end
      for _, t in ipairs(suite.testsuite) do
        if type(t) == "table" then convert_test(t, suite, state) end
      end
    end
    if ad_hoc_status then environment(ctx, state, ad_hoc_status, ad_hoc_details, any_ran, run_start) end
    return true
  end,
}
