-- NUnit XML -> Allure results: NUnit 3 (<test-run>, also Unity's test runner and
-- NunitXml.TestLogger) and NUnit 2 (<test-results>), told apart by the root.
--
-- Streams the report: each <test-case> is read as one small tree and written at
-- once; <test-suite> elements form a stack that gives the suite path and
-- collects its tests' uuids for the suite's fixtures (OneTimeSetUp/TearDown
-- failures, suite output and attachments). docs/formats/nunit.md has the mapping.
local status = require "allure.status"
local time = require "allure.time"
local model = require "allure.model"
local meta = require "allure.meta"
local attempts = require "allure.attempts"
local dotnet = require "allure.dotnet"
local kit = require "allure.kit"
local uuids = require "allure.uuids"
local child, child_text = require("allure.xmlnode").child, require("allure.xmlnode").text

-- NUnit 3 result + label -> status. A test NUnit could not run because its own
-- code is wrong (label Invalid: bad signature, no suitable constructor) is a
-- test defect like an error, not a skip that nobody looks at.
local RESULTS_3 = { Passed = "passed", Warning = "passed", Failed = "failed", Inconclusive = "skipped",
                    Skipped = "skipped" }
local BROKEN_LABELS = { Error = true, Cancelled = true, Invalid = true }
local KNOWN_LABELS = { Ignored = true, Explicit = true, Invalid = true, Cancelled = true }

-- NUnit 2 result -> status (2.2 wrote no result: executed and success decide).
-- NotRunnable is NUnit 3's Invalid: the test's own code is wrong (parameters
-- and no arguments, a TestCaseSource that throws), a defect like an error.
local RESULTS_2 = {
  Success = "passed", Failure = "failed", Error = "broken", Cancelled = "broken",
  Ignored = "skipped", Skipped = "skipped", NotRunnable = "broken", Inconclusive = "skipped",
}

-- Suite types: their place in the suite path. Namespaces make one dotted
-- level, fixtures the next; method-level suites (a parametrised method's
-- cases) and projects are not levels.
local NAMESPACES = { TestSuite = true, SetUpFixture = true, Namespace = true }
local FIXTURES = { TestFixture = true }

-- Properties NUnit sets from attributes that steer the run, and its own
-- internal ones (_SKIPREASON, _JOINTYPE, _PID): not about the test.
local RUN_PROPERTIES = {
  ParallelScope = true, ApartmentState = true, Timeout = true, MaxTime = true, Repeat = true, Retry = true,
  Order = true, LevelOfParallelism = true, RequiresThread = true, SetCulture = true, SetUICulture = true,
}

-- Suite properties that hold for the suite's tests too (categories, authors,
-- severities); a fixture's Description describes the fixture only.
local INHERITED = { category = true, author = true, owner = true, severity = true, feature = true, epic = true,
                    story = true }

local NO_PATH = {}


-- NUnit 2 writes a string argument's characters past ASCII as \xHHHH
-- (ShipsTo("Z\x00FCrich",3)): back to the characters, UTF-16 pairs joined.
-- Control characters (below U+00A0) keep their escape; "\\" is one backslash.
local function unescape_2(s)
  if not s or not s:find("\\x%x%x%x%x") then return s end
  local low_at        -- where the low half of a pair begins: written with the high half
  return (s:gsub("()\\(.%x?%x?%x?%x?)()", function(at, escape, after)
    if at == low_at then return "" end
    local code = tonumber(escape:match("^x(%x%x%x%x)$") or "", 16)
    if not code then return nil end                       -- another escape, kept as written
    if code >= 0xD800 and code <= 0xDBFF then
      local low = tonumber(s:match("^\\x(%x%x%x%x)", after) or "", 16)
      if low and low >= 0xDC00 and low <= 0xDFFF then     -- else a lone surrogate stays escaped
        low_at = after
        return utf8.char(0x10000 + (code - 0xD800) * 0x400 + (low - 0xDC00))
      end
    elseif code >= 0xA0 and not (code >= 0xDC00 and code <= 0xDFFF) then
      return utf8.char(code)
    end
  end))
end

--{ Properties --------------------------------------------------------------------

-- name/value pairs of <properties> (NUnit 3) and <categories> (NUnit 2).
local function read_properties(node, into)
  for _, c in ipairs(node) do
    if c.name == "properties" then
      for _, p in ipairs(c) do
        if p.attrs.name then into[#into + 1] = { p.attrs.name, p.attrs.value or p.text or "" } end
      end
    elseif c.name == "categories" then
      for _, cat in ipairs(c) do into[#into + 1] = { "Category", cat.attrs.name or "" } end
    end
  end
  return into
end

-- Applies NUnit properties: Category -> tag (in Allure's tag forms too:
-- "allure.label.layer:api"), Author -> owner, Description -> description, names
-- with an Allure meaning (Severity, Owner, Issue, ...) -> theirs; other names are
-- labels (--opt properties=known drops them).
local function apply_properties(result, list, state)
  for _, p in ipairs(list) do
    local name, value = p[1], p[2]
    if name:sub(1, 1) == "_" or RUN_PROPERTIES[name] then
      -- NUnit's own: nothing about the test
    elseif name == "Category" then
      meta.tag(result, value, state.meta)
    elseif name == "Author" then
      model.label(result.labels, "owner", value)
    elseif not meta.property(result, name, value, state.meta) and state.ctx.opts.properties == "labels" then
      model.label(result.labels, name, value)
    end
  end
end

--}

-- <attachments><attachment><filePath/><description/></attachment>: files
-- TestContext.AddTestAttachment named, under their description.
local function add_attachments(into, node, state)
  for _, a in ipairs(node) do
    local description = child_text(a, "description")
    if not (description and description:find("%S")) then description = nil end
    dotnet.attach(into, child_text(a, "filePath"), state, nil, description)
  end
end

--{ Suites ------------------------------------------------------------------------

-- The suite path of a test from the suite stack: assembly, namespace, fixture,
-- as the trx and xunit scripts make it. NUnit 3 fixtures carry their full name
-- ("Ns.Fixture(42)"); NUnit 2 nests one suite per namespace part.
local function suite_path(stack)
  local assembly, fixture, namespaces = nil, nil, {}
  for _, frame in ipairs(stack) do
    local kind = frame.type
    if kind == "Assembly" then
      assembly = frame.name
    elseif NAMESPACES[kind] and not fixture then
      namespaces[#namespaces + 1] = frame.name
    elseif FIXTURES[kind] then
      if frame.fullname and frame.fullname:find(".", 1, true) then
        fixture = frame.fullname
      elseif fixture then
        fixture = fixture .. "+" .. frame.name                 -- a fixture nested in a fixture
      else
        namespaces[#namespaces + 1] = frame.name
        fixture = table.concat(namespaces, ".")
      end
    end
  end
  if fixture then return dotnet.suite_path(assembly, fixture) end
  local path = dotnet.suite_path(assembly, nil)
  if #namespaces > 0 then path[#path + 1] = table.concat(namespaces, ".") end
  return path
end

local function open_suite(stack, attrs, state)
  local parent = stack[#stack]
  local start = dotnet.time(attrs["start-time"], state.zone) or (parent and parent.clock) or state.clock
  local frame = {
    type = attrs.type, name = state.version == 2 and unescape_2(attrs.name) or attrs.name, fullname = attrs.fullname,
    attrs = attrs,
    start = start, clock = start, children = uuids.new(), outputs = {},
    repeats = attempts.new(), last_start = {},
    -- Properties that hold for every test of the suite come down the stack.
    properties = parent and table.move(parent.properties, 1, #parent.properties, 1, {}) or {},
  }
  stack[#stack + 1] = frame
  frame.path = suite_path(stack)
  if attrs.type == "Assembly" then state.assembly = attrs.fullname or attrs.name end
  return frame
end

-- What NUnit writes on a suite that only failed through its tests.
local CHILD_FAILURES = { ["Child test failed"] = true, ["One or more child tests had errors"] = true }

-- Where a suite's failure happened (NUnit 3 `site`; NUnit 2 has none and writes
-- a suite failure only when the fixture's own set-up or tear-down failed).
local function failure_site(frame, state)
  local message = child_text(frame.failure, "message") or ""
  if CHILD_FAILURES[status.first_line(message) or ""] then return "Child" end
  if state.version == 2 then return message:find("TearDown") and "TearDown" or "SetUp" end
  return frame.attrs.site
end

-- A direct child element of a suite: properties, failure, reason, output, attachments.
local function suite_child(frame, node, state)
  local name = node.name
  if name == "properties" or name == "categories" then
    for _, p in ipairs(read_properties({ node }, {})) do
      if INHERITED[p[1]:lower()] then frame.properties[#frame.properties + 1] = p end
    end
  elseif name == "failure" then
    frame.failure = node
    -- Tests that never ran because the set-up failed come after it, at the suite's end.
    if failure_site(frame, state) == "SetUp" then
      frame.after_setup = dotnet.time(frame.attrs["end-time"], state.zone)
    end
  elseif name == "output" then
    frame.outputs[#frame.outputs + 1] = model.text_attachment("Suite output", node.text)
  elseif name == "attachments" then
    add_attachments(frame, node, state)
  elseif name == "environment" then
    state.host = node.attrs["machine-name"] or state.host
  end
end

local function close_suite(state)
  local frame, parent = kit.pop_suite(state.stack)
  local ctx = state.ctx
  if parent then
    if frame.first_start and (not parent.first_start or frame.first_start < parent.first_start) then
      parent.first_start = frame.first_start
    end
    if frame.bad then parent.bad = true end
  elseif frame.clock > state.clock then
    state.clock = frame.clock
  end

  local befores, afters, stop = {}, {}, frame.clock
  local r = frame.attrs.result
  if state.version == 2 and not frame.failure and FIXTURES[frame.type] and (r == "Failure" or r == "Error")
      and not frame.bad and frame.children.n > 0 then
    -- NUnit 2.6 fails the fixture of a failing [TestFixtureTearDown] but writes
    -- no <failure>: its tests all passed, yet the fixture did not clean up.
    frame.failure = { name = "failure", { name = "message", text = "NUnit marked the fixture " .. r
      .. " though none of its tests failed, and wrote no message: its [TestFixtureTearDown] failed" } }
  end
  local site = frame.failure and failure_site(frame, state)
  if site == "SetUp" or site == "TearDown" then
    local a = frame.attrs
    local broken = BROKEN_LABELS[a.label or ""] or a.result == "Error"
    local details = status.details(dotnet.message(child_text(frame.failure, "message")),
      child_text(frame.failure, "stack-trace"))
    -- A set-up runs from the suite's start to its first test (to its end when
    -- no test could run); a tear-down from the last test to the suite's end.
    local suite_end = dotnet.time(a["end-time"], state.zone)
    if not suite_end or suite_end < frame.clock then suite_end = frame.clock end
    local fixture = {
      -- NUnit 3's [OneTimeSetUp] was NUnit 2's [TestFixtureSetUp].
      name = (state.version == 2 and "TestFixture" or "OneTime") .. site,
      status = broken and "broken" or "failed", statusDetails = details,
      start = site == "SetUp" and frame.start or frame.clock,
      stop = site == "SetUp" and (frame.first_start or suite_end) or suite_end,
    }
    table.insert(site == "SetUp" and befores or afters, fixture)
    if fixture.stop > stop then stop = fixture.stop end      -- the suite output's is the clock
    local what = ("%s %s: %s"):format(frame.fullname or frame.name or "suite", fixture.name,
      details and details.message or "failed")
    ctx:warn(status.first_line(what))
    ctx:globals { errors = { { message = what, trace = details and details.trace, timestamp = fixture.start } } }
  end
  if #frame.outputs > 0 or (frame.attachments and #frame.attachments > 0) then
    local files = {}
    for _, a in ipairs(frame.outputs) do files[#files + 1] = a end
    for _, a in ipairs(frame.attachments or {}) do files[#files + 1] = a end
    afters[#afters + 1] = { name = "Suite output", status = "passed", attachments = files,
                            start = frame.clock, stop = frame.clock }
  end
  if frame.children.n > 0 and (#befores > 0 or #afters > 0) then
    ctx:container { name = frame.fullname or frame.name, children = frame.children:array(), befores = befores,
                    afters = afters, start = frame.start, stop = stop }
  end
  frame.children:close()
end

--}

--{ Test cases ---------------------------------------------------------------------

-- The status of a <test-case>: NUnit 3's result and label, NUnit 2's result (2.2 wrote
-- none: executed and success decide).
local function case_status(tc, v3)
  local a = tc.attrs
  if v3 then
    local st = RESULTS_3[a.result or ""] or "unknown"
    return st == "failed" and BROKEN_LABELS[a.label or ""] and "broken" or st
  end
  if a.result then return RESULTS_2[a.result] or "unknown" end
  if a.executed == "False" then return "skipped" end
  if a.success == "False" or child(tc, "failure") then return "failed" end
  return "passed"
end

-- Assertions of Assert.Multiple and warnings as steps (one assertion that
-- repeats the failure says nothing new).
local ASSERTION_STATUS = { Passed = "passed", Failed = "failed", Error = "broken", Warning = "passed",
                           Inconclusive = "skipped" }

local function assertion_steps(tc, start)
  local node = child(tc, "assertions")
  if not node then return nil end
  local steps, warnings = {}, false
  for i, a in ipairs(node) do
    local message = child_text(a, "message")
    local result = a.attrs.result or "Failed"
    if result == "Warning" then warnings = true end
    steps[#steps + 1] = {
      name = ("%s %d: %s"):format(result == "Warning" and "Warning" or "Assertion", i,
        status.first_line(message) or result),
      status = ASSERTION_STATUS[result] or "failed",
      statusDetails = status.details(dotnet.message(message), child_text(a, "stack-trace")),
      start = start, stop = start,
    }
  end
  if #steps > 1 or warnings then return steps end
end

-- NUnit 2 fails each test of a fixture whose [TestFixtureSetUp] failed with
-- "TestFixtureSetUp failed in Fixture" and nothing more: the test did not run.
-- It takes the fixture's message and trace, and is broken when the set-up
-- threw (the fixture's result is Error), as NUnit 3 marks such tests.
local function fixture_setup_failed(stack, message, st, details)
  local fixture = message and message:match("^%s*TestFixtureSetUp failed in (.-)%s*$")
  if not fixture then return st, details end
  for i = #stack, 1, -1 do
    local frame = stack[i]
    if frame.failure and frame.name == fixture then
      local own = message:match("^%s*(.-)%s*$")
      local why = dotnet.message(child_text(frame.failure, "message"))
      if why then why = why:gsub("^SetUp : ", "") end
      if why and why ~= own then own = own .. ": " .. why end
      return frame.attrs.result == "Error" and "broken" or st,
        status.details(own, child_text(frame.failure, "stack-trace"))
    end
  end
  return st, details
end

local function convert_case(tc, state)
  local stack, a = state.stack, tc.attrs
  local frame = stack[#stack]
  local v3 = state.version == 3

  -- Identity: the full name without argument lists; the arguments are parameters.
  local full = a.fullname or (v3 and a.name) or unescape_2(a.name) or ""
  if v3 and not a.fullname and a.classname then full = a.classname .. "." .. (a.name or "") end
  local full_name, parameters = dotnet.identity(full)
  local class = v3 and a.classname or nil
  local segments = dotnet.split_top(full_name, ".")
  local method = a.methodname or segments[#segments]
  local derived = #segments > 1 and table.concat(segments, ".", 1, #segments - 1) or nil
  -- NunitXml.TestLogger writes the class without its namespace: the full name has it.
  if not class or (derived and not class:find(".", 1, true) and derived:sub(-#class - 1) == "." .. class) then
    class = derived
  end
  local name = a.name or full_name
  if not v3 then
    -- NUnit 2 names a case by its full name: show its last part, the class is the suite.
    local raw = dotnet.split_top(unescape_2(name), ".")
    name = raw[#raw]
  end

  local st = case_status(tc, v3)
  local failure, reason = child(tc, "failure"), child(tc, "reason")
  local message = failure and child_text(failure, "message") or reason and child_text(reason, "message")
  local trace = failure and st ~= "skipped" and child_text(failure, "stack-trace") or nil
  local details = status.details(dotnet.message(message), trace)
  local label = a.label
  if label and label:find("%S") and label ~= "Error" and st ~= "passed" then
    -- NUnit's label says what the status alone does not: Ignored, Explicit, Invalid, Cancelled.
    details = details or {}
    if not details.message then
      details.message = label
    elseif KNOWN_LABELS[label] then
      details.message = label .. ": " .. details.message
    end
  elseif a.result == "Warning" and not details then
    details = { message = "Warning" }
  elseif a.result == "NotRunnable" then
    details = details or {}
    details.message = details.message and "NotRunnable: " .. details.message or "NotRunnable"
  end
  if not v3 and failure then st, details = fixture_setup_failed(stack, message, st, details) end

  local result = {
    name = name ~= "" and name or full_name, fullName = full_name, titlePath = frame and frame.path,
    status = st, statusDetails = details, links = {}, parameters = parameters, attachments = {},
    labels = dotnet.labels(frame and frame.path or NO_PATH, class, method, state.host, "nunit", "nunit"),
  }
  if a.description and a.description:find("%S") then result.description = a.description end
  apply_properties(result, frame and frame.properties or {}, state)
  apply_properties(result, read_properties(tc, {}), state)
  for _, c in ipairs(tc) do
    if c.name == "output" then
      result.attachments[#result.attachments + 1] = model.text_attachment("Output", c.text)
    elseif c.name == "attachments" then
      add_attachments(result, c, state)
    end
  end

  -- Time: the case's own start, else next on its suite's clock.
  local duration = time.seconds(a.duration or a.time) or 0
  local own_start = dotnet.time(a["start-time"], state.zone)
  local start = own_start or (frame and (frame.after_setup or frame.clock)) or state.clock
  local stop = start + duration
  result.steps = assertion_steps(tc, start)

  -- Repeats within the fixture: a rerun after a failure is a retry, anything
  -- else a variant the names do not tell apart.
  local key = dotnet.repeat_key(state.assemblies, full_name, parameters, state.assembly)
  local kind = frame and frame.repeats:add(key, st, false, parameters) or "first"
  if kind == "retry" then
    start, stop = model.after(start, stop, frame.last_start[key])
    if st == "passed" then result.statusDetails = model.flaky(result.statusDetails) end
  end
  if frame then frame.last_start[key] = start end
  result.start, result.stop = start, stop

  local uuid = state.ctx:emit(result)
  if frame then
    if uuid then frame.children:add(uuid) end
    if st ~= "passed" and st ~= "skipped" then frame.bad = true end
    if own_start and (not frame.first_start or own_start < frame.first_start) then frame.first_start = own_start end
    if stop > frame.clock then frame.clock = stop end
  elseif stop > state.clock then
    state.clock = stop
  end
end

--}

local ROOTS = { ["test-run"] = 3, ["test-results"] = 2, ["test-suite"] = 0 }

-- What the elements become as the read goes: suites are frames on state.stack, test
-- cases results, a suite's other direct children (properties, failure, output, ...)
-- what suite_child makes of them.
local XML = { start = {}, tree = {}, ["end"] = {} }

XML.start["test-suite"] = function(r, state, depth)
  open_suite(state.stack, r:attrs(), state).depth_children = depth + 1
end

XML.tree["test-case"] = convert_case

function XML.start_other(r, name, state, depth)
  local frame = state.stack[#state.stack]
  if name == "environment" and not frame then
    state.host = r:attr("machine-name")        -- NUnit 2: the run's machine
  elseif frame and depth == frame.depth_children and name ~= "results" then
    local node, err = r:tree()
    if not node then return nil, err end
    suite_child(frame, node, state)
  end
end

XML["end"]["test-suite"] = close_suite

return kit.converter {
  name = "nunit",
  description = "NUnit XML: NUnit 3 (test-run, also Unity and NunitXml.TestLogger) and NUnit 2 (test-results)",
  extensions = { "xml" },
  help = [==[
Reads NUnit 3 and NUnit 2 result files, told apart by their root element;
docs/formats/nunit.md has the mapping. Nested test suites give the suite path;
OneTimeSetUp/TearDown failures and suite output become fixtures of the suite's tests.]==],
  options = {
    { "tz", help = "zone of timestamps that carry none (NUnit 2's date and time): UTC, local, or +hh:mm" },
    "properties", "link",
    { "attachments-base",
      help = "directory that attached files must lie under (default: the working directory)" },
  },

  detect = kit.detect {
    { 95, "NUnit 3 (<test-run>)", root = "test-run" },
    { 95, "NUnit 2 (<test-results>)", root = "test-results" },
    { 70, "NUnit fragment (<test-suite>)", root = "test-suite", attr = "type" },
  },

  convert = function(input, ctx, state)
    state.clock, state.assemblies, state.stack = ctx.base_time, dotnet.assemblies(), {}
    local r, name = input:xml_root("an NUnit report", { "test-run", "test-results", "test-suite" })
    if not r then return r, name end
    local root, version = r:attrs(), ROOTS[name]
    -- A bare <test-suite> (an assembly's part of a run): NUnit 2 has executed/success.
    if version == 0 then version = (root.executed or root.success) and 2 or 3 end
    state.version = version
    if state.version == 3 then
      -- Early NUnit 3 wrote the date apart: run-date="2011-07-26" start-time="11:34:27".
      local start = root["start-time"]
      if start and root["run-date"] and not start:find("-", 1, true) then start = root["run-date"] .. "T" .. start end
      state.clock = dotnet.time(start, state.zone) or state.clock
    elseif root.date and root.time then
      state.clock = time.iso(root.date .. "T" .. root.time, state.zone) or state.clock
    end
    if name == "test-suite" then open_suite(state.stack, root, state).depth_children = 1 end
    local ok, err = kit.xml(r, XML, state)
    if not ok then return ok, err end
    while #state.stack > 0 do close_suite(state) end
    return true
  end,
}
