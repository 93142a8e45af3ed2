-- TestNG testng-results.xml -> Allure results.
--
-- The report holds suites, their <test>s and, per class, every test-method run
-- and every configuration method run (@Before*/@After*, is-config="true") in
-- time order. A class is read whole (its runs are needed together to tell which
-- configuration ran around which test), then its tests are written and its
-- configuration methods become fixtures: containers whose befores/afters Allure
-- shows as the tests' set-up and tear-down. Nothing else is kept in memory.
-- docs/formats/testng.md has the whole mapping.
local kit = require "allure.kit"
local status, time, model, meta = kit.require("status", "time", "model", "meta")
local exception, params = kit.require("exception", "params")
local child = require("allure.xmlnode").child
local coerce = require "allure.coerce"
local trim, sorted_keys = coerce.trim, coerce.sorted_keys

local STATUSES = { PASS = "passed", FAIL = "failed", SKIP = "skipped", SUCCESS_PERCENTAGE_FAILURE = "failed" }

-- TestNG prints times as "2012-01-23T10:51:27Z", but in its machine's zone (the
-- Z is a literal of its default format): --opt tz says which zone that was.
local function testng_time(s, zone)
  if not s then return nil end
  return time.iso((s:gsub("Z%s*$", "")), zone)
end

-- A parameter value that is Java's default toString() ("com.acme.User@6d06d69c")
-- changes on every run: it is shown but left out of the test's identity.
local function volatile(value)
  return value:find("^[%w_.$]+@%x+$") ~= nil
end

-- <reporter-output><line>...</line>...</reporter-output>: the Reporter.log() lines.
local function reporter_output(node)
  local lines = {}
  for _, line in ipairs(node) do lines[#lines + 1] = trim(line.text) end
  return model.text_attachment("Reporter output", table.concat(lines, "\n"))
end

--{ One run of a method ------------------------------------------------------------

-- Everything a <test-method> says, for a test or a fixture alike.
local function read_method(t, state)
  local a = t.attrs
  local run = {
    name = a.name or "?", config = a["is-config"] == "true", retried = a.retried == "true",
    description = a.description, instance = a["test-instance-name"],
    groups = a.groups, parameters = {}, attachments = {}, properties = {},
    start = testng_time(a["started-at"], state.zone), duration = coerce.number(a["duration-ms"]) or 0,
  }
  local st = STATUSES[a.status or ""] or "unknown"
  local message, trace, class
  for _, c in ipairs(t) do
    local kind = c.name
    if kind == "params" then
      for _, p in ipairs(c) do
        local v = child(p, "value")
        local value = (not v or v.attrs["is-null"] == "true") and "null" or trim(v.text)
        run.parameters[#run.parameters + 1] = { name = "arg" .. (p.attrs.index or (#run.parameters)),
                                                value = value, excluded = volatile(value) or nil }
      end
    elseif kind == "exception" then
      class = c.attrs.class
      local m = child(c, "message")
      local s = child(c, "full-stacktrace") or child(c, "short-stacktrace")
      message, trace = m and trim(m.text), s and trim(s.text)
    elseif kind == "reporter-output" then
      run.attachments[#run.attachments + 1] = reporter_output(c)
    elseif kind == "attributes" then
      for _, attr in ipairs(c) do
        if attr.attrs.name and attr.attrs["is-null"] ~= "true" then
          run.properties[#run.properties + 1] = { attr.attrs.name, trim(attr.text) }
        end
      end
    elseif kind == "custom-attributes" then
      -- <custom-attribute><name value="x"/><value>[a, b]</value></custom-attribute>
      for _, attr in ipairs(c) do
        local n, v = child(attr, "name"), child(attr, "value")
        local values = v and trim(v.text):match("^%[(.*)%]$") or (v and trim(v.text)) or ""
        for item in values:gmatch("[^,]+") do
          if n and n.attrs.value then run.properties[#run.properties + 1] = { n.attrs.value, trim(item) } end
        end
      end
    end
  end
  -- A failure's class tells an assertion (failed) from any other error (broken),
  -- as Allure's TestNG adapter does; a retried attempt failed the same way.
  if (st == "failed" or run.retried) and class then st = exception.status(class) or "failed" end
  if run.retried and not class then st = st == "skipped" and "failed" or st end
  run.status = st
  run.details = status.details(message, trace)
  if a.status == "SUCCESS_PERCENTAGE_FAILURE" then
    -- A failure the test's successPercentage allows: shown, but muted.
    run.details = run.details or { message = "failed within the success percentage" }
    run.details.muted = true
  end
  if st == "skipped" and run.details then
    -- (kept for mark_retried: TestNG 6 writes a retried attempt as a SKIP with its failure)
    run.skip_class, run.skip_trace = class, run.details.trace
    run.details.trace = nil
  end
  -- A passing test's exception is one it expected (expectedExceptions): no failure to show.
  if st == "passed" then run.details = nil end
  return run
end

--}

--{ A class ----------------------------------------------------------------------------

-- A test's result, its labels and links from its groups, attributes and the suite.
local function base_result(run, class, path, state)
  local result = { name = run.name, fullName = class.name .. "." .. run.name, titlePath = path,
    status = run.status, description = run.description, attachments = run.attachments,
    labels = {}, links = {} }
  model.labels(result.labels, path, { testClass = class.name, testMethod = run.name,
    package = class.package, framework = "testng", language = "java", resultFormat = "testng" })
  local groups = {}
  for group in (run.groups or ""):gmatch("[^,%s]+") do groups[group] = true end
  for _, group in ipairs(state.groups[class.name .. "." .. run.name] or {}) do groups[group] = true end
  for _, group in ipairs(sorted_keys(groups)) do meta.tag(result, group, state.meta) end
  meta.properties(result, run.properties, state.opts.attributes == "labels", state.meta)
  return result
end

local function fixture_of(run)
  return {
    name = run.name, status = run.status, statusDetails = run.details, description = run.description,
    start = run.start, stop = run.start + run.duration, attachments = run.attachments,
    parameters = #run.parameters > 0 and run.parameters or nil,
  }
end

-- TestNG before 7 writes no `retried`: a retried attempt is a SKIP that holds the
-- failure that asked for the retry (an exception that is no skip), beside another run
-- of the same method with the same parameters (the final attempt). The file orders
-- runs by their start in milliseconds, so attempts of one millisecond come in any
-- order: the retried ones are marked and put right before their final attempt.
local function mark_retried(runs)
  local function retry_like(run)
    return not run.config and not run.retried and run.skip_class ~= nil and not run.skip_class:find("Skip")
  end
  local final, keys = {}, {}
  for i, run in ipairs(runs) do
    if not run.config then
      keys[i] = params.key(run.name, run.parameters)
      if not retry_like(run) then final[keys[i]] = true end
    end
  end
  local retried, inferred = {}, {}
  for i, run in ipairs(runs) do
    local key = keys[i]
    if key and final[key] and retry_like(run) then
      run.retried = true
      run.status = exception.status(run.skip_class) or "failed"
      run.details.trace = run.skip_trace
      inferred[run] = true
      retried[key] = retried[key] or {}
      table.insert(retried[key], run)
    end
  end
  local placed = {}
  for i, run in ipairs(runs) do
    local key = keys[i]
    if not inferred[run] then
      local before = key and not run.retried and retried[key]
      if before then
        table.move(before, 1, #before, #placed + 1, placed)
        retried[key] = nil
      end
      placed[#placed + 1] = run
    end
  end
  return placed
end

-- Writes the tests of a class (attempts and variants told apart) and then its
-- configuration methods as fixtures. A configuration method that ran once is
-- the class's set-up or tear-down (before or after its first test); one that
-- ran several times ran around each test, and belongs to the test next to it.
local function convert_class(class, test, suite, state)
  local ctx = state.ctx
  -- TestNG writes a class's runs sorted by their start in milliseconds; the
  -- times it prints have whole seconds, so the order of the file is the finer one.
  local runs = class.runs
  for _, run in ipairs(runs) do
    run.start = run.start or class.clock
    if run.start + run.duration > class.clock then class.clock = run.start + run.duration end
  end

  runs = mark_retried(runs)
  local path = { suite.name, test.name, class.name }
  local first_test, uuid_at, uuids = nil, {}, {}
  local seen = {}
  for i, run in ipairs(runs) do
    if not run.config then
      first_test = first_test or i
      local full_name = class.name .. "." .. run.name
      local parameters = table.move(run.parameters, 1, #run.parameters, 1, {})
      if run.instance and run.instance ~= class.name then
        parameters[#parameters + 1] = { name = "instance", value = run.instance }
      end
      -- The same method run by another <test> (or suite) of the run: testng.xml
      -- runs a class once per browser, server, ... and names each run a <test>.
      local context = params.key(full_name, parameters)
      local first = state.contexts[context]
      if not first then
        state.contexts[context] = { suite = suite.name, test = test.name }
      elseif first.test ~= test.name then
        parameters[#parameters + 1] = { name = "test", value = test.name or "" }
      elseif first.suite ~= suite.name then
        parameters[#parameters + 1] = { name = "suite", value = suite.name or "" }
      end
      -- The same identity again: an attempt after a retried one, else another
      -- invocation (invocationCount, repeated data) numbered by `occurrence`.
      local key = params.key(full_name, parameters)
      local entry = seen[key]
      local start = run.start
      if entry and entry.retried then
        if start <= entry.start then start = entry.start + 1 end
        entry.bad = entry.bad or entry.status == "failed" or entry.status == "broken"
      elseif entry then
        entry.n = entry.n + 1
        entry.bad = false
      else
        entry = { n = 1, bad = false }
        seen[key] = entry
      end
      if entry.n > 1 then parameters[#parameters + 1] = { name = "occurrence", value = tostring(entry.n) } end
      local details = run.details
      if entry.retried and run.status == "passed" and entry.bad and not run.retried then
        details = model.flaky(details)
      end
      entry.retried, entry.start, entry.status = run.retried, start, run.status

      local result = base_result(run, class, path, state)
      result.statusDetails, result.parameters = details, parameters
      result.start, result.stop = start, start + run.duration
      local uuid = ctx:emit(result)
      if uuid then
        uuid_at[i] = uuid
        uuids[#uuids + 1] = uuid
      end
    end
  end

  -- Configuration methods: per name, how often and on which side of the tests.
  local by_name, order = {}, {}
  for i, run in ipairs(runs) do
    if run.config then
      if not by_name[run.name] then
        by_name[run.name] = {}
        order[#order + 1] = run.name
      end
      table.insert(by_name[run.name], i)
    end
  end
  local class_befores, class_afters, per_test = {}, {}, {}
  for _, name in ipairs(order) do
    local positions = by_name[name]
    local before = first_test ~= nil and positions[1] < first_test
    for _, i in ipairs(positions) do
      local run, target = runs[i], nil
      if #positions > 1 and first_test then
        local step = before and 1 or -1
        local j = i + step
        while j >= 1 and j <= #runs and (runs[j].config or not uuid_at[j]) do j = j + step end
        target = uuid_at[j]
      end
      local fixture = fixture_of(run)
      if target then
        per_test[target] = per_test[target] or { befores = {}, afters = {} }
        table.insert(before and per_test[target].befores or per_test[target].afters, fixture)
      else
        table.insert(before and class_befores or class_afters, fixture)
      end
      if (run.status == "failed" or run.status == "broken") and #uuids == 0 then
        -- A failed configuration with no test to show it on: a run-level error.
        local what = ("%s.%s: %s"):format(class.name, run.name, run.details and run.details.message or "failed")
        model.run_error(ctx, "configuration method " .. status.first_line(what), what,
                        run.details and run.details.trace, run.start)
      end
    end
  end
  if #uuids > 0 and (#class_befores > 0 or #class_afters > 0) then
    ctx:container { name = class.name, children = uuids, befores = class_befores, afters = class_afters,
                    start = runs[1].start, stop = class.clock }
  end
  for i, run in ipairs(runs) do
    local uuid = uuid_at[i]
    local fixtures = uuid and per_test[uuid]
    if fixtures then
      ctx:container { name = run.name, children = { uuid }, befores = fixtures.befores,
                      afters = fixtures.afters, start = run.start, stop = run.start + run.duration }
    end
  end
  if class.clock > test.clock then test.clock = class.clock end
end

--}

-- What the elements of testng-results.xml become, as the read goes: suites, <test>s
-- and classes are frames (their clocks lay out what carries no time); a class's
-- test-methods are held until the class ends (see the top).
local XML = { start = {}, tree = {}, ["end"] = {} }

function XML.start.suite(r, state)
  local a = r:attrs()
  state.suite = { name = a.name, clock = testng_time(a["started-at"], state.zone) or state.clock }
  state.groups = {}
  if a.url then state.ctx:warn(("suite %s: results are in %s (not read)"):format(a.name or "?", a.url)) end
end

function XML.tree.groups(g, state, depth)
  -- <group name="g"><method class="C" name="m" signature="..."/></group>
  if not state.suite or depth ~= 2 then return end
  for _, group in ipairs(g) do
    for _, m in ipairs(group) do
      local key = (m.attrs.class or "") .. "." .. (m.attrs.name or "")
      state.groups[key] = state.groups[key] or {}
      table.insert(state.groups[key], group.attrs.name)
    end
  end
end

function XML.start.test(r, state)
  if not state.suite then return end
  local a = r:attrs()
  state.test = { name = a.name, clock = testng_time(a["started-at"], state.zone) or state.suite.clock }
  if a.url then state.ctx:warn(("test %s: results are in %s (not read)"):format(a.name or "?", a.url)) end
end

function XML.start.class(r, state)
  if not state.test then return end
  local a = r:attrs()
  local full = a.package and a.package ~= "[default]" and (a.package .. "." .. a.name) or a.name or "?"
  state.class = { name = full, package = a.package ~= "[default]" and a.package or full:match("^(.*)%.[^.]+$"),
                  clock = state.test.clock, runs = {} }
end

XML.tree["test-method"] = function(t, state)
  local class = state.class
  if class then class.runs[#class.runs + 1] = read_method(t, state) end
end

XML.tree["reporter-output"] = function(t, state, depth)
  -- Written when the run is over: it holds every Reporter.log() line of the run.
  if depth == 1 then state.output = reporter_output(t) end
end

XML["end"].class = kit.closes("class", function(class, state)
  convert_class(class, state.test, state.suite, state)
end)
XML["end"].test = kit.closes("test", function(test, state)
  state.suite.clock = math.max(state.suite.clock, test.clock)
end)
XML["end"].suite = kit.closes("suite", function(suite, state)
  state.clock = math.max(state.clock, suite.clock)
end)

return kit.converter {
  name = "testng",
  description = "TestNG testng-results.xml",
  extensions = { "xml" },
  help = [==[
Reads testng-results.xml; docs/formats/testng.md has the mapping. Configuration methods
(@BeforeClass, @AfterMethod, ...) become fixtures of the tests they ran around;
retried attempts (retried="true") become retries of the final run.]==],
  options = {
    { "tz", help = "zone of started-at/finished-at (TestNG writes the local time with a literal Z): UTC, local, or +hh:mm" },
    { "properties", name = "attributes",
      help = "result attributes and custom attributes: labels (all; names with an Allure meaning mapped), known (only those)" },
    { "link", help = "KIND=URL-TEMPLATE for keys in attributes, e.g. issue=https://jira.example.com/browse/{}" },
  },

  detect = kit.detect { { 95, "TestNG (<testng-results>)", root = "testng-results" } },

  convert = function(input, ctx, state)
    state.clock, state.groups, state.contexts = ctx.base_time, {}, {}
    local r, err = input:xml_root("a TestNG report", { "testng-results" })
    if not r then return r, err end
    local ok, xerr = kit.xml(r, XML, state)
    if not ok then return ok, xerr end
    if state.output then
      state.output.timestamp = state.clock
      ctx:globals { attachments = { state.output } }
    end
    return true
  end,
}
