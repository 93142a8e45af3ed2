-- VSTest / MSTest TRX (TeamTest 2006 and 2010 namespaces) -> Allure results.
--
-- A TRX file keeps what a test is (<TestDefinitions>: class, method, categories,
-- owners, work items) apart from how it ran (<Results>: outcome, times, output,
-- files), joined on the test id. MSTest writes the definitions first; VSTest
-- (`dotnet test --logger trx`) writes the results first, and then the script reads
-- the definitions in a first pass over the file, so results are still written
-- one by one as they are read. docs/formats/trx.md has the whole mapping.
--
-- Over 500 lines: the results need the definitions, which VSTest writes after them, so
-- the script reads the file twice and keeps 100k definitions in a few MB (a record each)
-- and each test's repeats by fingerprint; a TRX result is not mapped from its element alone.
local status = require "allure.status"
local time = require "allure.time"
local model = require "allure.model"
local meta = require "allure.meta"
local dotnet = require "allure.dotnet"
local kit = require "allure.kit"
local child, child_text = require("allure.xmlnode").child, require("allure.xmlnode").text
local fingerprint = require "allure.fingerprint"
local keyset = require "allure.keyset"
local records = require "allure.records"
local trim = require("allure.coerce").trim

-- All fourteen outcomes. Failed and Timeout are verdicts on the code under
-- test; Error, Aborted, Disconnected and InProgress mean the run broke before
-- a verdict; the not-run outcomes are skips; Warning, Completed and
-- PassedButRunAborted are passes (the test itself finished without a problem).
local OUTCOMES = {
  Passed = "passed", Warning = "passed", Completed = "passed", PassedButRunAborted = "passed",
  Failed = "failed", Timeout = "failed",
  Error = "broken", Aborted = "broken", Disconnected = "broken", InProgress = "broken",
  NotExecuted = "skipped", Inconclusive = "skipped", NotRunnable = "skipped", Pending = "skipped",
}

-- The message of a result whose outcome says more than its (absent) ErrorInfo.
local OUTCOME_NOTES = {
  Timeout = "Timeout: the test exceeded its time limit",
  Error = "Error: the test could not be run to a verdict",
  Aborted = "Aborted: the run stopped before the test finished",
  Disconnected = "Disconnected: the test agent went away before the test finished",
  InProgress = "InProgress: the test was still running when the report was written",
  Inconclusive = "Inconclusive", NotRunnable = "NotRunnable: the test cannot be run",
  Pending = "Pending: the test never started",
  PassedButRunAborted = "PassedButRunAborted: the test passed, the run was aborted",
  Warning = "Warning",
}

-- Captured output of a result and the attachment names they become.
local OUTPUTS = { StdOut = "Standard output", StdErr = "Standard error", DebugTrace = "Debug trace" }

-- The test framework, from the adapter that ran the test.
local ADAPTERS = {
  { "mstest", "mstest" }, { "microsoft.visualstudio.testtools", "mstest" },
  { "xunit", "xunit" }, { "nunit", "nunit" },
}

local NONE = {}
local FLAKY = { flaky = true }

-- VSTest leaves out attributes that hold their default: no priority means none.
local NO_PRIORITY = "2147483647"

--{ Test definitions -------------------------------------------------------------

local frameworks, n_frameworks = {}, 0   -- by adapter: a report names one or two
local function framework_of(adapter)
  if not adapter then return nil end
  local known = frameworks[adapter]
  if known ~= nil then return known or nil end
  if n_frameworks >= 64 then frameworks, n_frameworks = {}, 0 end
  local lower, found = adapter:lower(), false
  for _, a in ipairs(ADAPTERS) do
    if lower:find(a[1], 1, true) then
      found = a[2]
      break
    end
  end
  n_frameworks, frameworks[adapter] = n_frameworks + 1, found
  return found or nil
end

-- A definition's class, by its className (the tests of a class share it): worked out
-- once for a run of the same className.
local last_class_attr, last_class
local function class_of(attr)
  if attr ~= last_class_attr or attr == nil then
    last_class_attr, last_class = attr, dotnet.class_name(attr)
  end
  return last_class
end

-- The items of a definition's list elements: their attribute, or their text.
-- The schema's <WorkItem id="1"/>, VSTest's <Workitem>1</Workitem>.
local LISTS = { Owners = { "owners", "name" }, TestCategory = { "categories", "TestCategory" },
                WorkItemIDs = { "work_items", "id", true }, Workitems = { "work_items", "id", true },
                WorkItems = { "work_items", "id", true } }

-- One <UnitTest> (or <OrderedTest>, <GenericTest>, ...) as the little that
-- results need of it.
local function read_definition(t)
  local a = t.attrs
  local d = { name = a.name, storage = a.storage }
  if a.priority and a.priority ~= NO_PRIORITY then d.priority = a.priority end
  for _, c in ipairs(t) do
    local name, list = c.name, LISTS[c.name]
    if name == "TestMethod" then
      d.class, d.method = class_of(c.attrs.className), c.attrs.name
      d.framework = framework_of(c.attrs.adapterTypeName)
      d.code_base = c.attrs.codeBase        -- storage is lower-cased, the code base is not
    elseif name == "Description" then
      d.description = c.text
    elseif list then
      local items = {}
      for _, item in ipairs(c) do
        items[#items + 1] = item.attrs[list[2]] or (list[3] and trim(item.text) or nil)
      end
      d[list[1]] = items
    elseif name == "Properties" then
      d.properties = {}
      for _, p in ipairs(c) do
        local key, value = child(p, "Key"), child(p, "Value")
        if key then d.properties[#d.properties + 1] = { trim(key.text) or "", value and value.text or "" } end
      end
    elseif name == "Execution" then
      d.execution = c.attrs.id
    end
  end
  return d
end

-- Definitions kept compactly (allure.records): class, storage and code base as numbers
-- of strings kept once; a name "class.method<tail>" keeps only the tail. XML text holds
-- no U+0001 or U+0002 (libxml2 refuses them): they begin list items and separate lists.
local concat, sub, find = table.concat, string.sub, string.find
-- flags, name (or its tail), method, class, storage, code base, framework, priority,
-- description, the lists.
local RECORD = "Bs2s2I3I3I3s1s2s2s4"
local HAS_NAME, NAME_IS_METHOD, NAME_AFTER_METHOD, HAS_METHOD = 1, 2, 4, 8
local LIST_FIELDS = { "owners", "categories", "work_items", "properties" }

local function put_definition(defs, id, d)
  local flags, name, class, method = 0, d.name or "", d.class, d.method
  if method then flags = HAS_METHOD end
  if d.name then
    flags = flags | HAS_NAME
    if method and name == method then
      flags, name = flags | NAME_IS_METHOD, ""
    elseif class and method and sub(name, 1, #class + #method + 1) == class .. "." .. method then
      flags, name = flags | NAME_AFTER_METHOD, sub(name, #class + #method + 2)
    end
  end
  local lists = "\2\2\2"                  -- most definitions: no lists
  if d.owners or d.categories or d.work_items or d.properties then
    lists = {}
    for i, field in ipairs(LIST_FIELDS) do
      local items = {}
      for j, item in ipairs(d[field] or NONE) do
        items[j] = field == "properties" and ("\1" .. item[1] .. "\1" .. item[2]) or ("\1" .. item)
      end
      lists[i] = concat(items)
    end
    lists = concat(lists, "\2")
  end
  defs:put(id, flags, name, method or "", defs:ref(class), defs:ref(d.storage), defs:ref(d.code_base),
           d.framework or "", d.priority or "", d.description or "", lists)
end

local function items_of(field)
  local items = {}
  for item in field:gmatch("\1([^\1]*)") do items[#items + 1] = item end
  return items
end

local function definition(defs, flags, name, method, class, storage, code_base, framework, priority,
                          description, lists)
  if not flags then return nil end
  local d = {
    method = flags & HAS_METHOD ~= 0 and method or nil,
    class = defs:string(class), storage = defs:string(storage), code_base = defs:string(code_base),
    framework = framework ~= "" and framework or nil, priority = priority ~= "" and priority or nil,
    description = description ~= "" and description or nil,
  }
  if flags & NAME_IS_METHOD ~= 0 then d.name = d.method
  elseif flags & NAME_AFTER_METHOD ~= 0 then d.name = d.class .. "." .. d.method .. name
  elseif flags & HAS_NAME ~= 0 then d.name = name end
  if lists ~= "\2\2\2" then
    local i = 0
    for field in (lists .. "\2"):gmatch("([^\2]*)\2") do
      i = i + 1
      d[LIST_FIELDS[i]] = items_of(field)
    end
    local flat, props = d.properties, {}
    for j = 1, #flat, 2 do props[#props + 1] = { flat[j], flat[j + 1] } end
    d.properties = props
  end
  return d
end

-- What is kept to the end (definitions, repeats) grows with the report. The collector's
-- pause is Lua's default 200% while the heap is under HEAP_KB and shrinks towards 120% past
-- it, set every 1024 definitions and results: 100k tests peak at 31 MB RSS (39 MB at 200%
-- throughout), and a smaller report is not collected as often as 120% would (a full cycle
-- every 20% of growth, five times as much collector work at 2k tests).
local HEAP_KB = 8 * 1024

local function tune_collector(state)
  state.items = state.items + 1
  if state.items & 1023 ~= 0 then return end
  local pause = 100 * HEAP_KB // collectgarbage("count")
  collectgarbage("setpause", math.max(120, math.min(200, pause)))
end

local function add_definition(t, state)
  tune_collector(state)
  local d = read_definition(t)
  if t.attrs.id then
    put_definition(state.defs, t.attrs.id, d)
  elseif d.execution then
    -- A definition without an id is found by its execution id (the results'
    -- executionId), as Allure 2's reader joins them.
    state.defs_by_execution[d.execution] = d
  end
end

-- The first pass over a report that has its <Results> before <TestDefinitions>
-- (VSTest), with a reader of its own: up to the end of the definitions, everything
-- else skipped, so a report malformed before then gives its error before any result
-- is written.
local function scan_definitions(r, state)
  local inside = false
  while true do
    local event, name, depth = r:next()
    if not event then return name == nil, name end
    if depth == 1 and event == "start" then
      if name == "TestDefinitions" then
        inside = true
      else
        local ok, err = kit.skip(r)
        if not ok then return nil, err end
      end
    elseif depth == 1 and name == "TestDefinitions" then
      return true
    elseif inside and event == "start" and depth == 2 then
      local t, terr = r:tree()
      if not t then return nil, terr end
      add_definition(t, state)
    end
  end
end

--}


--{ One result ------------------------------------------------------------------------

-- <CollectorDataEntries><Collector><UriAttachments><UriAttachment><A href="..."/>.
local function hrefs(node, depth, add)
  for _, c in ipairs(node) do
    if depth == 1 then add(c.attrs.href) else hrefs(c, depth - 1, add) end
  end
end

-- Files a result names: <ResultFiles><ResultFile path="HOST\f.png"/> and data
-- collectors' <A href="HOST\f.log"/>, both relative to the result's directory
-- <report dir>/<runDeploymentRoot>/In/<relativeResultsDirectory>/.
local function result_files(e, state, dir, into, files_only)
  local n = #e
  if n == 0 then return end                    -- most results: no children at all
  local under = state.deployment and (state.deployment .. "/In" .. (dir and ("/" .. dir) or ""))
  local function add(raw) dotnet.attach(into, raw, state, under) end
  for _, c in ipairs(e) do
    if c.name == "ResultFiles" then
      for _, f in ipairs(c) do add(f.attrs.path) end
    elseif c.name == "CollectorDataEntries" and not files_only then
      hrefs(c, 4, add)
    end
  end
end

-- What the children of a result say: output and messages as attachments, the error's
-- message and trace, inner results (data rows), files.
local function read_children(e, state, run)
  local a = e.attrs
  local outcome = run.outcome
  local message, trace
  for _, c in ipairs(e) do
    if c.name == "Output" then
      for _, o in ipairs(c) do
        if OUTPUTS[o.name] then
          run.attachments[#run.attachments + 1] = model.text_attachment(OUTPUTS[o.name], o.text)
        elseif o.name == "ErrorInfo" then
          message, trace = child_text(o, "Message"), child_text(o, "StackTrace")
        elseif o.name == "TextMessages" then
          local lines = {}
          for _, m in ipairs(o) do lines[#lines + 1] = m.text end
          run.attachments[#run.attachments + 1] = model.text_attachment("Messages", table.concat(lines, "\n"))
        end
      end
    elseif c.name == "InnerResults" then
      if run.inner == NONE then run.inner = {} end
      for _, inner in ipairs(c) do run.inner[#run.inner + 1] = inner end
    end
  end
  result_files(e, state, a.relativeResultsDirectory or a.executionId, run)
  if run.status == "skipped" then trace = nil end
  run.details = status.details(dotnet.message(message), trace)
  if not run.details then
    if OUTCOME_NOTES[outcome] then run.details = { message = OUTCOME_NOTES[outcome] } end
  elseif OUTCOME_NOTES[outcome] and outcome ~= "Error" then
    run.details.message = outcome .. ": " .. run.details.message   -- what the status alone does not say
  end
end

-- Status, details and attachments of one <UnitTestResult> (or inner result).
local function read_run(e, state)
  local a = e.attrs
  -- VSTest leaves the outcome out when it is the enum's default: Error.
  local outcome = a.outcome or "Error"
  -- NONE: read only (the driver copies a result's lists before it changes them).
  local run = { outcome = outcome, status = OUTCOMES[outcome] or "unknown", attachments = NONE, inner = NONE }
  if #e == 0 then
    -- Most results: no output, error, files or rows, so no details but the outcome's.
    local note = OUTCOME_NOTES[outcome]
    if note then run.details = { message = note } end
  else
    run.attachments = {}
    read_children(e, state, run)
  end
  if not OUTCOMES[outcome] then
    state.ctx:warn(("%s: unknown outcome '%s'"):format(a.testName or "?", outcome))
  end

  local start = dotnet.time(a.startTime, state.zone)
  local stop = dotnet.time(a.endTime, state.zone)
  -- The duration counts only when a time is missing (VSTest writes both).
  if not start or not stop then
    local duration = dotnet.timespan(a.duration)
    start = start or (stop and duration and stop - duration) or state.clock
    stop = stop or start + (duration or 0)
  end
  run.start, run.stop = start, stop
  return run
end

-- A data row (or an ordered test's member) as a step, its own rows nested.
local function inner_step(e, state)
  local run = read_run(e, state)
  local steps = {}
  for i, inner in ipairs(run.inner) do steps[i] = inner_step(inner, state) end
  local row = e.attrs.dataRowInfo
  return {
    name = e.attrs.testName or ("row " .. (row or "?")), status = run.status, statusDetails = run.details,
    start = run.start, stop = run.stop, attachments = run.attachments, steps = steps,
    parameters = row and { { name = "data row", value = row } } or nil,
  }
end

-- fullName, display name and parameters of a result. The method and class come
-- from the definition; the arguments from the display name (xUnit names them:
-- "Is_Even(i: 3)") or from the method (NUnit: "TestTheory(False)").
-- s after "prefix." when it begins so, else nil; without building "prefix." (two names of
-- every result are checked).
local function after_class(s, prefix)
  local n = #prefix
  if s:byte(n + 1) == 46 and s:sub(1, n) == prefix then return s:sub(n + 2) end
end

local function identity(a, def)
  local display = a.testName or (def and def.name) or ""
  local class = def and def.class
  local method = def and def.method
  if class and method then method = after_class(method, class) or method end
  local full_name, parameters, method_base
  if class and method then
    if find(display, "(", 1, true) or find(display, "<", 1, true) or find(method, "(", 1, true)
        or find(method, "<", 1, true) then           -- plain finds: a pattern's set costs 3x
      local _, display_params = dotnet.identity(display)
      local method_params
      method_base, method_params = dotnet.identity(method)
      parameters = #display_params > 0 and display_params or method_params
    else
      method_base, parameters = method, {}      -- no arguments (most names): what identity gives
    end
    full_name = class .. "." .. method_base
  else
    -- No definition (xUnit v3 on Microsoft.Testing.Platform, a bare result): the
    -- display name is all there is.
    full_name, parameters = dotnet.identity(display)
    local segments = dotnet.split_top(full_name, ".")
    method = segments[#segments]
    class = #segments > 1 and table.concat(segments, ".", 1, #segments - 1) or nil
  end
  -- The class is the suite: "Ns.Class.Test(i: 1)" shows as "Test(i: 1)".
  local name = class and after_class(display, class)
  if not name or name == "" then name = display end
  return full_name, name, parameters, class, method_base or (dotnet.identity(method or ""))
end

-- Labels, links, description and extra parameters every attempt of a test shares.
local function shared_fields(a, def, class, method, state)
  local assembly = def and (def.code_base or def.storage)
  -- The suite path of a class, worked out once per class (and looked up again only when
  -- the class changes: a report lists a class's tests together).
  local path = state.path
  if not path or assembly ~= state.path_assembly or class ~= state.path_class then
    local where = (assembly or "") .. "\0" .. (class or "")
    path = state.suites[where] or dotnet.suite_path(assembly, class)
    state.suites[where], state.path, state.path_assembly, state.path_class = path, path, assembly, class
  end
  local labels = dotnet.labels(path, class, method, a.computerName, def and def.framework, "trx")
  -- Extra parameters come only from properties (SpecFlow's example columns).
  local shared = { labels = labels, links = NONE, parameters = NONE, assembly = assembly, title_path = path }
  if not def then return shared end
  if def.categories or def.work_items or def.properties then shared.links = {} end   -- may add links
  -- Most definitions have none of these lists.
  if def.owners then
    for _, owner in ipairs(def.owners) do model.label(labels, "owner", owner) end
  end
  model.label(labels, "priority", def.priority)
  if def.categories then
    for _, category in ipairs(def.categories) do meta.tag(shared, category, state.meta) end
  end
  if def.work_items then
    for _, id in ipairs(def.work_items) do meta.link(shared, "issue", id, state.meta.templates) end
  end
  if def.description and def.description:find("%S") then shared.description = def.description end
  if not def.properties then return shared end
  shared.parameters = {}
  local mode = state.ctx.opts.properties
  for _, p in ipairs(def.properties) do
    local key, value = p[1], p[2]
    if dotnet.specflow(shared, key, value) then
      -- SpecFlow's feature title and example columns
    elseif not meta.property(shared, key, value, state.meta) and mode == "labels" then
      model.label(labels, key, value)
    end
  end
  return shared
end

-- Repeats of one test in the file. The same test id again is a retry (a rerun
-- of the test: same identity, later in time, flaky when it passes after a
-- failure); another test id under the same name and parameters is a variant
-- the names do not tell apart, numbered by an `occurrence` parameter. Kept for the
-- whole report by fingerprint, not by the strings: `ids` (keyset) the number of test
-- ids seen under an identity, `starts` the last start of each (identity, test id),
-- `bad` those that failed, `occurrences` the numbers past the first.
local function track(state, key, test_id, run)
  local slot = fingerprint(key .. "\0" .. (test_id or ""))
  local last = state.starts[slot]
  local occurrence
  if last == nil then
    local n = state.ids:update(key, 1, 1)      -- the ids before this one; one more kept (to 255)
    if n ~= nil then
      n = (state.counts[key] or n) + 1         -- past 255 the count is kept by the string
      if n > 255 then state.counts[key] = n end
      state.occurrences[slot] = n
      occurrence = n
    end
  else
    occurrence = state.occurrences[slot]
  end
  local flaky = false
  if last then
    -- At least 1 ms after the attempt before: readers show the latest as the result.
    if run.start <= last then
      local shift = last + 1 - run.start
      run.start, run.stop = run.start + shift, run.stop + shift
    end
    flaky = run.status == "passed" and state.bad[slot]
  end
  state.starts[slot] = run.start
  if run.status == "failed" or run.status == "broken" then state.bad[slot] = true end
  return occurrence or 1, flaky
end

-- `parameters`: the result's own list (identity's, or a row's copy), filled in place.
local function emit(state, a, run, full_name, name, parameters, shared, steps)
  local params = parameters
  for _, p in ipairs(shared.parameters) do params[#params + 1] = p end
  local key = dotnet.repeat_key(state.assemblies, full_name, params, shared.assembly)
  local occurrence, flaky = track(state, key, a.testId, run)
  if occurrence > 1 then params[#params + 1] = { name = "occurrence", value = tostring(occurrence) } end
  local details = status.with_flags(run.details, flaky and FLAKY or nil)
  details = status.with_flags(details, shared.statusDetails)   -- allure.flaky, muted, known properties
  state.ctx:emit {
    name = name ~= "" and name or full_name, fullName = full_name, titlePath = shared.title_path,
    status = run.status, statusDetails = details, description = shared.description,
    start = run.start, stop = run.stop, labels = shared.labels, links = shared.links,
    parameters = params, attachments = run.attachments, steps = steps,
  }
  if run.stop > state.clock then state.clock = run.stop end
end

-- Data rows as results of their own: each row (the innermost rows, for rows
-- that have rows) is the test with a `data row` parameter naming it.
local function emit_rows(state, e, full_name, parameters, shared, path)
  local run = read_run(e, state)
  local here = { table.unpack(path) }
  here[#here + 1] = e.attrs.dataRowInfo or e.attrs.testName or "?"
  if #run.inner > 0 then
    for _, inner in ipairs(run.inner) do emit_rows(state, inner, full_name, parameters, shared, here) end
    return
  end
  local params = { table.unpack(parameters) }
  params[#params + 1] = { name = "data row", value = table.concat(here, " > ") }
  emit(state, e.attrs, run, full_name, e.attrs.testName or full_name, params, shared, nil)
end

-- A data-driven test has no message of its own: its first failing row's.
local function failing_row(steps)
  for _, step in ipairs(steps) do
    if step.status == "failed" or step.status == "broken" then
      local inner = failing_row(step.steps or {})
      local details = step.statusDetails or inner
      if details then
        return { message = step.name .. ": " .. (details.message or step.status), trace = details.trace }
      end
      return { message = step.name .. ": " .. step.status }
    end
  end
end

local function convert_result(e, state)
  tune_collector(state)
  local a = e.attrs
  local def = definition(state.defs, state.defs:get(a.testId or ""))
    or state.defs_by_execution[a.executionId or ""]
  local full_name, name, parameters, class, method = identity(a, def)
  local shared = shared_fields(a, def, class, method, state)
  local run = read_run(e, state)
  if #run.inner > 0 and state.ctx.opts["inner-results"] == "results" then
    for _, inner in ipairs(run.inner) do emit_rows(state, inner, full_name, parameters, shared, {}) end
    if run.stop > state.clock then state.clock = run.stop end
    return
  end
  local steps
  if #run.inner > 0 then
    steps = {}
    for i, inner in ipairs(run.inner) do steps[i] = inner_step(inner, state) end
    if not run.details then run.details = failing_row(steps) end
  end
  emit(state, a, run, full_name, name, parameters, shared, steps)
end

--}

-- <ResultSummary>: run-level messages, output and files. A run that ended in
-- error (a crashed test host) is an Allure 3 run-level error and a warning.
local function convert_summary(t, state)
  local broken_run = OUTCOMES[t.attrs.outcome or ""] == "broken"
  local lines, errors, attachments = {}, {}, {}
  local function add(a)
    a.timestamp = state.clock
    attachments[#attachments + 1] = a
  end
  for _, c in ipairs(t) do
    if c.name == "RunInfos" then
      for _, info in ipairs(c) do
        local text = trim(child_text(info, "Text")) or ""
        lines[#lines + 1] = ("[%s] %s"):format(info.attrs.outcome or "?", text)
        if broken_run and info.attrs.outcome == "Error" and text ~= "" then
          state.ctx:warn("run error: " .. status.first_line(text))
          local stamp = time.iso(info.attrs.timestamp, state.zone) or state.clock
          errors[#errors + 1] = { message = text, timestamp = stamp }
        end
      end
    elseif c.name == "Output" then
      local a = model.text_attachment("Run output", child_text(c, "StdOut"))
      if a then add(a) end
    end
  end
  local files = {}
  -- Run-level data collectors hold coverage files, which are not the report's to show.
  result_files(t, state, nil, files, true)
  for _, a in ipairs(files.attachments or NONE) do add(a) end
  if #lines > 0 then add(model.text_attachment("Run messages", table.concat(lines, "\n") .. "\n")) end
  if #errors > 0 or #attachments > 0 then
    state.ctx:globals { errors = #errors > 0 and errors or nil,
                        attachments = #attachments > 0 and attachments or nil }
  end
end

-- The sections of <TestRun> (depth 1) and what becomes of them; the others (definitions
-- read already, test entries and lists) are skipped in C. A section's elements at depth 2
-- go to state.section: results are converted, definitions kept.
local SECTIONS = {}

function SECTIONS.Times(r, state)
  state.clock = dotnet.time(r:attr("start"), state.zone) or state.clock
end

function SECTIONS.TestSettings(r, state)
  local t, err = r:tree()
  if not t then return nil, err end
  local deployment = child(t, "Deployment")
  local root = deployment and deployment.attrs.runDeploymentRoot
  if root and root:find("%S") then state.deployment = root:gsub("\\", "/") end
end
SECTIONS.TestRunConfiguration = SECTIONS.TestSettings

function SECTIONS.Results(_, state)
  state.section = convert_result
  if state.defs_read then return end
  -- VSTest writes the definitions after the results: read them first.
  local r1, err = state.again()
  if not r1 then return nil, err end
  local ok, serr = scan_definitions(r1, state)
  r1:close()
  if not ok then return nil, serr end
  state.defs_read = true
end

function SECTIONS.TestDefinitions(r, state)
  if state.defs_read then return kit.skip(r) end
  state.section = add_definition
end

function SECTIONS.ResultSummary(r, state)
  local t, err = r:tree()
  if not t then return nil, err end
  state.summary = t
end

local XML = { ["end"] = {} }

function XML.start_other(r, name, state, depth)
  if depth == 2 and state.section then
    local e, err = r:tree()
    if not e then return nil, err end
    return state.section(e, state)
  elseif depth == 1 then
    return (SECTIONS[name] or kit.skip)(r, state)
  end
end

XML["end"].Results = function(state, depth)
  if depth == 1 then state.section = nil end
end

XML["end"].TestDefinitions = function(state, depth)
  if depth ~= 1 then return end
  state.section, state.defs_read = nil, true
end

return kit.converter {
  name = "trx",
  description = "VSTest / MSTest TRX (dotnet test --logger trx, vstest.console, mstest)",
  extensions = { "trx" },
  help = [==[
Reads TRX files of every Visual Studio / VSTest version (TeamTest 2006 and 2010
namespaces); docs/formats/trx.md has the mapping. Data-driven rows (InnerResults)
become steps of their test, or results of their own with --opt inner-results=results.]==],
  options = {
    "tz",
    { name = "inner-results", default = "steps", choices = { "steps", "results" },
      help = "data-driven rows (InnerResults): steps (of the test), results (one per row)" },
    { "properties",
      help = "test <Property> entries: labels (all; names with an Allure meaning mapped), known (only those)" },
    { "link",
      help = "KIND=URL-TEMPLATE for work items and keys, e.g. issue=https://dev.azure.com/org/proj/_workitems/edit/{}" },
    { "attachments-base",
      help = "directory that result files must lie under (default: the working directory)" },
  },

  detect = function(sniff)
    local root = sniff:xml_root()
    if root and root.name == "TestRun" then
      if (root.ns or ""):find("schemas/VisualStudio/TeamTest", 1, true) then return 95, "TRX (TeamTest namespace)" end
      return 60, "root <TestRun>"
    end
  end,

  convert = function(input, ctx, state)
    state.clock, state.defs, state.defs_by_execution = ctx.base_time, records.new(RECORD), {}
    state.assemblies, state.ids, state.counts, state.starts = dotnet.assemblies(), keyset.new(), {}, {}
    state.bad, state.occurrences, state.suites, state.items = {}, {}, {}, 0
    local r, again = kit.twice(input, "a TRX report", { "TestRun" })
    if not r then return r, again end
    state.again = again
    local pause = collectgarbage("setpause", 200)       -- tune_collector's; restored after
    local ok, err = kit.xml(r, XML, state)
    collectgarbage("setpause", pause)
    if not ok then return ok, err end
    if state.summary then convert_summary(state.summary, state) end
    return true
  end,
}
