-- Dart and Flutter JSON reporter (dart test --reporter json, flutter test --machine)
-- -> Allure results.
--
-- One JSON event per line: a test becomes a result when its testDone event arrives.
-- Running tests are kept until then; suites and groups (few, and needed to name the
-- tests of any later line) for the whole stream, and per suite the names of its tests
-- (to tell a retry from two tests of the same name). docs/formats/dart.md has the mapping.
local kit = require "allure.kit"
local status, model, stream, attempts, coerce = kit.require("status", "model", "stream", "attempts", "coerce")

-- testDone's result, and the status it means.
local RESULTS = { success = "passed", failure = "failed", error = "broken" }

local str = require("allure.coerce").nonempty

-- package:matcher's "Expected: <5>\n  Actual: <4>" in an error.
local function expected_actual(text)
  local want = text:match("Expected: ([^\n]*)")
  local got = text:match("Actual: ([^\n]*)")
  if want and got then return want, got end
end

-- A group's or test's own name: without the names of the groups around it, which
-- the runner puts in front ("Cart totals sums" in group "Cart totals").
local function own_name(name, parent)
  if parent and parent ~= "" and name:sub(1, #parent + 1) == parent .. " " then return name:sub(#parent + 2) end
  return name
end

local function on_test_done(state, ev)
  local test = state.running[ev.testID]
  if not test then return end
  state.running[ev.testID] = nil
  local ctx = state.ctx
  local result_status = RESULTS[ev.result] or "unknown"
  if ev.skipped == true then result_status = "skipped" end
  -- Hidden tests are the runner's own ("loading x_test.dart", "(setUpAll)"): not
  -- tests of the user's, unless they failed; then the failure must show.
  if ev.hidden == true and result_status ~= "failed" and result_status ~= "broken" then return end
  if ev.hidden == true then result_status = "broken" end

  local suite = state.suites[test.suiteID]
  local title, innermost = { suite and suite.path }, nil    -- the suite's file, then the groups
  for _, id in ipairs(test.groupIDs or {}) do
    local group = state.groups[id]
    if group and group.name then
      innermost = group
      title[#title + 1] = group.own
    end
  end
  local name = own_name(test.name, innermost and innermost.name)
  local full_name = (suite and suite.path and suite.path .. "#" or "") .. test.name

  local message, trace, expected, actual
  if #test.errors > 0 then
    local texts, traces = {}, {}
    for i, e in ipairs(test.errors) do
      texts[i] = e.error
      traces[#traces + 1] = e.error .. (e.stackTrace and ("\n" .. e.stackTrace) or "")
      if not expected then expected, actual = expected_actual(e.error) end
    end
    message = table.concat(texts, "\n")
    trace = table.concat(traces, "\n\n")
  end
  local details
  if result_status == "skipped" then
    local reason = test.skip_reason
    details = { message = reason and ("skipped: " .. reason) or "skipped" }
  elseif result_status ~= "passed" then
    details = status.details(message, trace) or {}
    details.expected, details.actual = expected, actual
  end
  -- The same name again in a suite: after a failure a retry (the retry: option), flaky
  -- when it passes; after a pass another test declared with the same name, told apart
  -- by an occurrence parameter.
  local parameters = {}
  if suite and suite.platform and suite.platform ~= "vm" then
    -- A platform (chrome, firefox) runs the same tests elsewhere: not retries of each other.
    parameters[#parameters + 1] = { name = "platform", value = suite.platform }
  end
  local repeats = state.repeats[test.suiteID or 0] or attempts.new()
  state.repeats[test.suiteID or 0] = repeats
  local kind, _, before = repeats:add(full_name, result_status, false, parameters)
  if kind == "retry" and result_status == "passed" and (before == "failed" or before == "broken") then
    details = model.flaky(details)
  end

  local labels = {}
  model.suite_labels(labels, title)
  model.label(labels, "host", suite and suite.platform)
  model.label(labels, "language", "dart")
  model.label(labels, "framework", state.flutter and "flutter_test" or "package:test")
  model.label(labels, "resultFormat", "dart-json")
  for _, tag in ipairs(test.tags or {}) do model.label(labels, "tag", tag) end
  local start = state.base + test.time
  ctx:emit {
    name = name,
    fullName = full_name,
    titlePath = title,
    status = result_status,
    statusDetails = details,
    start = start,
    stop = math.max(start, state.base + (coerce.number(ev.time) or test.time)),
    labels = labels,
    parameters = parameters,
    attachments = { model.text_attachment("Output", test.output:text()) },
  }
end

local function on_event(state, ev)
  local kind = ev.type
  if kind == "start" then
    -- Event times count from here: the wall clock now when the run is live.
    state.base = state.clock:now() - (coerce.number(ev.time) or 0)
    state.flutter = state.flutter or (str(ev.runnerVersion) == nil)
  elseif kind == "suite" and type(ev.suite) == "table" then
    local s = ev.suite
    state.suites[s.id] = { path = str(s.path) and s.path:gsub("\\", "/"), platform = str(s.platform) }
  elseif kind == "group" and type(ev.group) == "table" then
    local g = ev.group
    local parent = g.parentID and state.groups[g.parentID]
    local name = str(g.name)
    state.groups[g.id] = { name = name, own = name and own_name(name, parent and parent.name) }
  elseif kind == "testStart" and type(ev.test) == "table" then
    local t = ev.test
    local meta = type(t.metadata) == "table" and t.metadata or {}
    state.running[t.id] = {
      name = str(t.name) or ("test " .. tostring(t.id)), suiteID = t.suiteID,
      groupIDs = type(t.groupIDs) == "table" and t.groupIDs or {},
      skip_reason = str(meta.skipReason), tags = type(t.tags) == "table" and t.tags or nil,
      time = coerce.number(ev.time) or 0, errors = {}, output = stream.capture(),
    }
  elseif kind == "print" then
    local test = state.running[ev.testID]
    if test and str(ev.message) then test.output:add(ev.message .. "\n") end
  elseif kind == "error" then
    local test = state.running[ev.testID]
    if test then
      test.errors[#test.errors + 1] = { error = str(ev.error) or "error", stackTrace = str(ev.stackTrace) }
    end
  elseif kind == "testDone" then
    on_test_done(state, ev)
  elseif kind == "done" then
    state.done = true
  end
end

return kit.converter {
  name = "dart",
  description = "Dart/Flutter JSON reporter (dart test --reporter json, flutter test --machine)",
  extensions = { "json", "jsonl", "ndjson", "txt", "out", "log" },
  help = [==[
Reads the event stream of `dart test --reporter json` or `flutter test --machine`.
Each test is a result when it is done; groups give the suite hierarchy; runner-only
(hidden) tests are left out unless they failed. docs/formats/dart.md has the mapping.]==],
  stream = true,

  detect = kit.detect {
    { 95, "Dart JSON reporter (protocolVersion)", first = { protocolVersion = true, type = "start" } },
  },

  convert = function(input, ctx, state)
    state.suites, state.groups, state.running, state.repeats = {}, {}, {}, {}
    state.noise = stream.noise(ctx, "a Dart test event")
    state.base = state.clock:now()
    -- A followed file ends with the run: no need to wait out follow-timeout.
    local follow = stream.follow_options(ctx.opts).follow
    local events, err = kit.events(state.stream, state.noise, "type", function(ev)
      on_event(state, ev)
      return state.done and follow
    end)
    if not events then return nil, err end
    -- Tests that never got their testDone: the run was cut.
    local ids = {}
    for id in pairs(state.running) do ids[#ids + 1] = id end
    table.sort(ids, function(a, b) return tostring(a) < tostring(b) end)
    for _, id in ipairs(ids) do
      local test = state.running[id]
      test.errors[#test.errors + 1] = { error = "no result: the stream ended while the test was running" }
      on_test_done(state, { testID = id, result = "error", time = test.time })
    end
    if events == 0 and state.noise.count > 0 then
      return false, ("%s: not Dart JSON reporter output (no events)"):format(input.name)
    end
    state.noise:finish()
    return true
  end,
}
