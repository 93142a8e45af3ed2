-- xUnit.net XML -> Allure results: the v2+ format (<assemblies>, written by
-- xUnit.net 2 and 3 and by Fixie) and the v1 format (<assembly> with <class>).
--
-- Streams the report: each <test> is read as one small tree and written at
-- once. An assembly's <errors> (cleanup failures, fatal errors) and v1 class
-- failures become fixtures of the tests they concern, written when the
-- assembly ends. docs/formats/xunit.md has the whole mapping.
local kit = require "allure.kit"
local status, time, model, meta, exception = kit.require("status", "time", "model", "meta", "exception")
local dotnet, attach = kit.require("dotnet", "attach")
local child = require("allure.xmlnode").child

local RESULTS = { Pass = "passed", Fail = "failed", Skip = "skipped", NotRun = "skipped" }

-- Assembly-level <error type=...>: the fixture it becomes and which tests it
-- concerns (the key of the index that finds them by the error's name).
local ERRORS = {
  ["assembly-cleanup"] = { name = "Assembly cleanup", scope = "all" },
  ["fatal"] = { name = "Fatal error", scope = "all" },
  ["test-collection-cleanup"] = { name = "Collection cleanup", scope = "collection" },
  ["test-class-cleanup"] = { name = "Class cleanup", scope = "class" },
  ["test-method-cleanup"] = { name = "Method cleanup", scope = "method" },
  ["test-case-cleanup"] = { name = "Test case cleanup", scope = "name" },
  ["test-cleanup"] = { name = "Test cleanup", scope = "name" },
}

-- A <failure>: status, message, and a trace that reads like .NET's
-- Exception.ToString() ("Type : message" then the stack).
local function failure_details(failure)
  local class = failure.attrs["exception-type"]
  local message, stack = child(failure, "message"), child(failure, "stack-trace")
  message, stack = dotnet.message(message and message.text), stack and stack.text
  -- xUnit writes "Type : message" itself for exceptions that are not its own.
  local head = message or ""
  if class and class:find("%S") and head:sub(1, #class) ~= class then head = class .. " : " .. head end
  local trace = stack
  if stack and stack:find("%S") and head ~= "" then trace = head .. "\n" .. stack end
  -- The shared rule: xUnit's own Xunit.Sdk.*Exception and other assertion classes
  -- failed, NullReferenceException and the like broken. No class: failed, as xUnit says.
  return exception.status(class) or "failed", status.details(message, trace)
end

-- "xUnit.net 2.4.1.0" -> xunit, "Fixie 1.2.3.4" -> fixie.
local function framework_of(s)
  local word = s and s:match("^%s*(%S+)")
  return word and (word:lower():gsub("%.net$", ""))
end

--{ Assemblies ----------------------------------------------------------------------

local function open_assembly(attrs, state)
  local start = time.iso(attrs["start-rtf"], state.zone)
    or (attrs["run-date"] and attrs["run-time"] and time.iso(attrs["run-date"] .. "T" .. attrs["run-time"], state.zone))
    or state.clock
  local environment = attrs.environment or ""
  return {
    name = attrs.name, start = start, clock = start, framework = framework_of(attrs["test-framework"]),
    -- Collections run side by side unless the runner says otherwise.
    parallel = environment:find("parallel", 1, true) and not environment:find("non-parallel", 1, true),
    errors = {}, all = {}, by = { collection = {}, class = {}, method = {}, name = {} },
  }
end

local function index(map, key, uuid)
  if not key or key == "" then return end
  local list = map[key] or {}
  map[key] = list
  list[#list + 1] = uuid
end

-- At the end of an assembly: each error (and each v1 class failure) is a
-- fixture of the tests it concerns, an Allure 3 run-level error and a warning.
local function close_assembly(assembly, state)
  local ctx = state.ctx
  for _, err in ipairs(assembly.errors) do
    local what = err.kind.name .. (err.name and err.name ~= "" and (" (" .. err.name .. ")") or "")
    local message = err.details and err.details.message or "failed"
    model.run_error(ctx, what .. ": " .. (status.first_line(message) or "failed"), what .. ": " .. message,
                    err.details and err.details.trace, assembly.clock)
    local children = err.kind.scope == "all" and assembly.all or assembly.by[err.kind.scope][err.name or ""]
    if children and #children > 0 then
      model.fixture_container(ctx, what, children, err.before, err.status, err.details, assembly.clock,
                              assembly.start, assembly.clock)
    end
  end
  if assembly.clock > state.clock then state.clock = assembly.clock end
end

--}

--{ Tests ----------------------------------------------------------------------------

local function convert_test(t, group, assembly, state)
  local ctx = state.ctx
  local a = t.attrs
  local display = a.name or ""
  local class = a.type ~= "" and a.type or nil
  local method = a.method ~= "" and a.method or nil

  -- Identity: class.method; the display name's arguments are the parameters
  -- ("Add(a: 1, b: 2)", Fixie's "Is<System.String>(\"A\")").
  local display_base, parameters = dotnet.identity(display)
  local full_name = class and method and (class .. "." .. method) or display_base
  if not class then
    local segments = dotnet.split_top(display_base, ".")
    class = #segments > 1 and table.concat(segments, ".", 1, #segments - 1) or nil
    method = method or segments[#segments]
  end
  local name = display
  if class and name:sub(1, #class + 1) == class .. "." and #name > #class + 1 then name = name:sub(#class + 2) end

  local path = dotnet.suite_path(assembly and assembly.name, class)
  local result = {
    name = name ~= "" and name or full_name, fullName = full_name, status = RESULTS[a.result or ""] or "unknown",
    titlePath = path, labels = {}, links = {}, parameters = parameters, attachments = {},
  }
  local labels = model.labels(result.labels, path, { testClass = class, testMethod = method,
    package = (dotnet.split_class(class)), host = state.host, thread = group and group.name,
    framework = assembly and assembly.framework or "xunit", resultFormat = "xunit" })

  local warnings = {}
  for _, c in ipairs(t) do
    local kind = c.name
    if kind == "failure" then
      result.status, result.statusDetails = failure_details(c)
    elseif kind == "reason" then
      -- v2: the reason is the text; v1: <reason><message>.
      local m = child(c, "message")
      result.statusDetails = status.details(dotnet.message(m and m.text or c.text))
    elseif kind == "output" then
      result.attachments[#result.attachments + 1] = model.text_attachment("Output", c.text)
    elseif kind == "traits" then
      -- Traits are categories and metadata, never parameters: they must not split history.
      for _, trait in ipairs(c) do
        local key, value = trait.attrs.name, trait.attrs.value or ""
        if key and not dotnet.specflow(result, key, value) and not meta.property(result, key, value, state.meta) then
          model.label(labels, key, value)
        end
      end
    elseif kind == "warnings" then
      for _, w in ipairs(c) do warnings[#warnings + 1] = w.text end
    elseif kind == "attachments" then
      for _, at in ipairs(c) do
        local media = at.attrs["media-type"]
        local a, err
        local name = at.attrs.name or "attachment"
        -- base64 when typed; capped (a note over the limit) either way
        if media and at.text then a, err = attach.cut_note(name, at.text, "base64 text", "attachment") end
        if a then
          ctx:warn(err)
        elseif media or at.text then
          a, err = attach.inline(at.text, { base64 = media ~= nil, name = name,
                                            type = media or "text/plain", warn = function(m) ctx:warn(m) end })
          if not a then ctx:warn(("%s: attachment %s: %s"):format(display, at.attrs.name or "?", err)) end
        end
        if a then result.attachments[#result.attachments + 1] = a end
      end
    end
  end
  if a.result == "NotRun" and not result.statusDetails then
    result.statusDetails = { message = "NotRun: not run (an explicit test, not asked for)" }
  end
  if #warnings > 0 then
    result.attachments[#result.attachments + 1] = model.text_attachment("Warnings", table.concat(warnings, "\n"))
    if not result.statusDetails then result.statusDetails = { message = status.first_line(warnings[1]) } end
  end
  if result.status == "unknown" then ctx:warn(("%s: unknown result '%s'"):format(display, tostring(a.result))) end

  -- Time: v3's own start and finish; else next on the group's clock.
  local start = time.iso(a["start-rtf"], state.zone)
    or (group and group.clock) or (assembly and assembly.clock) or state.clock
  local stop = time.iso(a["finish-rtf"], state.zone) or start + (time.seconds(a.time) or 0)
  result.start, result.stop = start, stop

  -- Repeats of one identity within the group (a theory row the display name
  -- does not tell apart): variants, numbered by an `occurrence` parameter.
  local key = dotnet.repeat_key(state.assemblies, full_name, parameters, assembly and assembly.name)
  if group then model.occurrence(group.seen, key, parameters) end

  local uuid = ctx:emit(result)
  if group and stop > group.clock then group.clock = stop end
  if assembly then
    if stop > assembly.clock then assembly.clock = stop end
    if uuid then
      assembly.all[#assembly.all + 1] = uuid
      index(assembly.by.collection, group and group.name, uuid)
      index(assembly.by.class, class, uuid)
      index(assembly.by.method, method, uuid)
      index(assembly.by.name, display, uuid)
    end
  end
end

--}

-- What the elements of an xUnit.net report become, as the read goes.
local XML = { start = {}, tree = {}, ["end"] = {} }

function XML.start.assembly(r, state)
  state.assembly = open_assembly(r:attrs(), state)
end

-- Parallel collections start together; v1 classes (and serial collections) one
-- after the other.
local function open_group(r, state, kind)
  local attrs, assembly = r:attrs(), state.assembly
  local start = assembly and (kind == "collection" and assembly.parallel and assembly.start or assembly.clock)
    or state.clock
  state.group = { name = attrs.name, clock = start, start = start, seen = {}, kind = kind }
end
function XML.start.collection(r, state) open_group(r, state, "collection") end
function XML.start.class(r, state) open_group(r, state, "class") end

function XML.tree.test(t, state)
  convert_test(t, state.group, state.assembly, state)
end

function XML.tree.error(e, state)
  local assembly = state.assembly
  if not assembly then return end
  local failure = child(e, "failure")
  local kind = ERRORS[e.attrs.type or ""] or { name = "Error (" .. (e.attrs.type or "?") .. ")", scope = "all" }
  local st, details = "broken", nil
  if failure then st, details = failure_details(failure) end
  assembly.errors[#assembly.errors + 1] = { kind = kind, name = e.attrs.name, status = st, details = details }
end

function XML.tree.failure(f, state)
  local group = state.group
  if not (group and group.kind == "class") then return end
  -- v1: the class's fixture (IUseFixture) failed to set up or dispose.
  local st, details = failure_details(f)
  state.assembly.errors[#state.assembly.errors + 1] = { kind = { name = "Class fixture", scope = "class" },
    name = group.name, status = st, details = details, before = true }
end

XML["end"].collection, XML["end"].class = kit.closes("group"), kit.closes("group")
XML["end"].assembly = kit.closes("assembly", close_assembly)

return kit.converter {
  name = "xunit",
  description = "xUnit.net XML: v2/v3 (<assemblies>, also Fixie) and v1 (<assembly> with <class>)",
  extensions = { "xml" },
  help = [==[
Reads xUnit.net result files of every version; docs/formats/xunit.md has the mapping.
Traits become labels, skip reasons are kept, assembly errors (cleanup failures) become
fixtures of the tests they concern.]==],
  options = {
    { "tz", help = "zone of run-date/run-time, which carry none: UTC, local, or +hh:mm" },
    { "link", help = "KIND=URL-TEMPLATE for keys in traits, e.g. issue=https://jira.example.com/browse/{}" },
  },

  detect = kit.detect {
    { 95, "xUnit.net v2+ (<assemblies>)", root = "assemblies" },
    { 80, "xUnit.net v1 (<assembly>)", root = "assembly", attr = "test-framework" },
  },

  convert = function(input, ctx, state)
    state.clock, state.assemblies = ctx.base_time, {}
    local r, name = input:xml_root("an xUnit.net report", { "assemblies", "assembly" })
    if not r then return r, name end
    if name == "assembly" then
      state.assembly = open_assembly(r:attrs(), state)
    else
      state.host = r:attr("computer")
      state.clock = time.iso(r:attr("start-rtf"), state.zone) or state.clock
    end
    local ok, err = kit.xml(r, XML, state)
    if not ok then return ok, err end
    if state.assembly then close_assembly(state.assembly, state) end
    return true
  end,
}
