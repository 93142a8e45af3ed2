-- RSpec JSON formatter (rspec --format json) -> Allure results.
--
-- The report is one JSON document: `examples` lists every example in the order
-- it ran, with its file and line, full description, run time and, when it
-- failed, the exception (class, message, backtrace); `messages` holds what
-- RSpec printed outside the examples, among it the errors that stopped a spec
-- file from loading or a before(:suite)/after(:context) hook. The examples are
-- written one by one as the document is walked. docs/formats/rspec.md has the
-- whole mapping.
local status = require "allure.status"
local model = require "allure.model"
local relpath = require "allure.relpath"
local exception = require "allure.exception"
local ansi = require "allure.ansi"

local str = require("allure.coerce").str
local nonblank = require("allure.coerce").nonblank

-- RSpec's example statuses. `failed` is an assertion (failed) or an error
-- (broken) by the exception's class; `pending` covers xit, skip and pending
-- examples that failed as expected (a pending example that passes is failed,
-- with PendingExampleFixedError).
local STATUS = { passed = "passed", pending = "skipped", failed = "failed" }

-- A run time in seconds as ms; anything but a number of seconds up to a year
-- (a damaged or hostile report) counts as 0.
local function seconds_ms(v)
  if type(v) ~= "number" or v ~= v or v < 0 or v > 31536000 then return 0 end
  return v * 1000
end

-- Labels as allure-rspec writes them: the example groups as parentSuite / suite /
-- subSuite, the spec file's directory as package and its name as testClass.
local function labels_for(file, levels)
  local labels = {}
  model.suite_labels(labels, levels)
  if file then
    local dir, base = file:match("^(.*)/([^/]*)$")
    model.label(labels, "package", dir)
    model.label(labels, "testClass", ((base or file):gsub("%.rb$", "")))
  end
  model.label(labels, "framework", "rspec")
  model.label(labels, "language", "ruby")
  model.label(labels, "resultFormat", "rspec-json")
  return labels
end

-- An exception's details: the message (with the class for errors, which say
-- less on their own than an expectation's "expected: 5, got: 4") and the
-- backtrace as the trace.
local function details_of(e, result_status)
  if type(e) ~= "table" then return nil end
  local class = nonblank(str(e.class))
  local message = nonblank(str(e.message)) and ansi.strip(e.message):gsub("^%s*\n", ""):gsub("%s+$", "") or nil
  if class and result_status == "broken" then
    message = message and (class .. ": " .. message) or class
  end
  local lines = {}
  for _, line in ipairs(type(e.backtrace) == "table" and e.backtrace or {}) do
    if type(line) == "string" then lines[#lines + 1] = line end
  end
  local trace = #lines > 0 and table.concat(lines, "\n") or nil
  return status.details(message or class, trace)
end

--{ Example groups -------------------------------------------------------------------

-- The report names no example group: each example has its full description (the
-- descriptions of its groups and its own, joined) and an id that numbers its groups,
-- "./spec/a_spec.rb[1:2:1]" (the first example of the second group in the file's first).
-- The groups are rebuilt from these: a group that holds an example has that example's
-- full description minus the example's own; a group that holds only groups has the
-- description that is the one prefix all the descriptions below it can share (RSpec
-- joins a description with a space, or with nothing when it follows a class and starts
-- with "#", "." or "::"). When more than one prefix fits ("payment" and "payment by"
-- above "payment by card" and "payment by invoice") the group is not split off: it
-- stays joined to the group below it, which is never a wrong suite.

-- Group levels read from an id; a deeper id (a damaged or hostile report: RSpec
-- nests as deep as the spec file does) is read as if it had none.
local MAX_GROUP_DEPTH = 32

-- "./spec/a_spec.rb[1:2:1]" -> the keys of the example's groups, outermost first:
-- { "./spec/a_spec.rb[1", "./spec/a_spec.rb[1:2" }.
local function group_keys(id)
  local file, scope = (str(id) or ""):match("^(.-)%[([%d:]+)%]$")
  if not file then return nil end
  local keys, key, n = {}, file .. "[", 0
  for number in scope:gmatch("%d+") do
    n = n + 1
    if n > MAX_GROUP_DEPTH + 1 then return nil end
    key = (n == 1 and key or (key .. ":")) .. number
    keys[n] = key
  end
  keys[n] = nil                                    -- the example's own number
  return keys
end

-- The full description of the example's groups: its own minus its description.
local function chain_of(ex)
  local description = str(ex.description) or ""
  local full = str(ex.full_description) or description
  if description ~= "" and full:sub(-#description - 1) == " " .. description then
    return full:sub(1, -#description - 2), true
  end
  return full ~= description and full or "", false
end

-- The full descriptions a group can have that `chain` (a description below it) can
-- start with, the group's parent having the full description `above`.
local function group_ends(chain, above)
  local ends = {}
  local from = #above + 1
  if chain:sub(1, #above) ~= above then return ends end
  if above ~= "" then
    local c = chain:sub(from, from)
    if c == " " then
      from = from + 1
    elseif c ~= "#" and c ~= "." and c ~= ":" then
      return ends
    end
  end
  for i = from, #chain - 1 do
    local c, n = chain:sub(i, i), chain:sub(i + 1, i + 1)
    if c ~= " " and (n == " " or n == "#" or n == "." or (n == ":" and chain:sub(i + 2, i + 2) == ":")) then
      ends[chain:sub(1, i)] = true
    end
  end
  return ends
end

local function collect_groups(examples)
  local groups = {}
  local function group(key)
    local g = groups[key]
    if not g then g = { below = {}, list = {} }; groups[key] = g end
    return g
  end
  for _, ex in ipairs(examples) do
    local keys = type(ex) == "table" and group_keys(ex.id)
    if keys and #keys >= 1 then
      local chain, exact = chain_of(ex)
      local own = group(keys[#keys])
      if exact then own.chain = chain end
      for n = 1, #keys - 1 do
        local g = group(keys[n])
        if exact and not g.below[chain] then
          g.below[chain] = true
          g.list[#g.list + 1] = chain
        end
      end
    end
  end
  return groups
end

-- The full description of the group keys[n] (nil: not known), below the one of its parent.
local function resolve(groups, keys, n)
  local g = groups[keys[n]]
  if not g then return nil end
  if g.resolved ~= nil then return g.resolved or nil end
  local chain = g.chain
  if not chain and #g.list > 0 then
    local above = n > 1 and resolve(groups, keys, n - 1) or (n == 1 and "" or nil)
    if above then
      local fits = group_ends(g.list[1], above)
      for i = 2, #g.list do
        local ends = group_ends(g.list[i], above)
        for c in pairs(fits) do if not ends[c] then fits[c] = nil end end
      end
      local only, count = nil, 0
      for c in pairs(fits) do only, count = c, count + 1 end
      if count == 1 then chain = only end
    end
  end
  g.resolved = chain or false
  return chain
end

-- The suite levels of an example: the descriptions of its groups, outermost first.
local function levels_of(ex, groups)
  local keys = group_keys(ex.id)
  local chain = chain_of(ex)
  if not keys or #keys == 0 then return chain ~= "" and { chain } or {} end
  local levels, above = {}, ""
  for n = 1, #keys do
    local c = resolve(groups, keys, n)
    if n == #keys and not c then c = chain end
    if c and c ~= "" and c ~= above and c:sub(1, #above) == above then
      levels[#levels + 1] = (c:sub(#above + 1):gsub("^ ", ""))
      above = c
    end
  end
  return levels
end

--}

--{ Examples -------------------------------------------------------------------------

local function convert_example(ex, state)
  local description = str(ex.description) or ""
  local full = str(ex.full_description) or description
  local file = state.relative(str(ex.file_path))
  local full_name = file and (file .. "#" .. full) or full

  local levels = levels_of(ex, state.groups)
  local path = {}
  if file then path[1] = file end
  for _, level in ipairs(levels) do path[#path + 1] = level end

  -- The same full description twice in a file (a loop whose values are not in
  -- the description, shared examples included twice): another test.
  local parameters = {}
  local seen = (state.seen[full_name] or 0) + 1
  state.seen[full_name] = seen
  if seen > 1 then parameters[1] = { name = "occurrence", value = tostring(seen) } end

  local result_status = STATUS[str(ex.status) or ""] or "unknown"
  local e = type(ex.exception) == "table" and ex.exception or nil
  if result_status == "failed" then
    result_status = exception.status(e and str(e.class)) or "failed"
  end
  local details = details_of(e, result_status)
  local pending_message = nonblank(str(ex.pending_message))
  if pending_message then
    details = details or {}
    details.message = details.message and (details.message .. "\n" .. "Pending: " .. pending_message)
      or pending_message
  end
  if result_status ~= "passed" and not details then
    details = { message = ("rspec reported the example as %s"):format(tostring(ex.status)) }
  end

  local line = math.tointeger(ex.line_number)
  local location = file and (line and ("%s:%d"):format(file, line) or file)
  local duration = seconds_ms(ex.run_time)
  local start = state.clock
  state.clock = state.clock + duration
  state.ctx:emit({
    name = description ~= "" and description or full,
    fullName = full_name,
    titlePath = path,
    status = result_status,
    statusDetails = details,
    description = location and ("`%s`"):format(location) or nil,
    start = start,
    stop = start + duration,
    labels = labels_for(file, levels),
    parameters = parameters,
  }, file and { file = file })
end

--}

--{ Errors outside of examples -------------------------------------------------------------

-- "An error occurred while loading ./spec/a_spec.rb. - Did you mean? ...",
-- "An error occurred in a `before(:suite)` hook.", "... in an `after(:context)`
-- hook.": the error's class is the line "LoadError:" and its message the
-- indented lines after it; the backtrace lines start with "# ".
local function parse_outside_error(text)
  local lines = {}
  for l in (text .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = l end
  local header = text:match("^%s*([^\n]*)"):gsub("%s+%-%s+Did you mean%?.*$", ""):gsub("%.%s*$", "")
  local class, message_lines, backtrace = nil, {}, {}
  for i, l in ipairs(lines) do
    if l:find("^# ") then
      backtrace[#backtrace + 1] = l:sub(3)
    elseif not class and l:find("^%u[%w_:]*:$") then
      class = l:sub(1, -2)
      for j = i + 1, #lines do
        if not lines[j]:find("^  ") then break end
        message_lines[#message_lines + 1] = lines[j]:sub(3)
      end
    end
  end
  local file = header:match("while loading (%S+)$") or (backtrace[1] and backtrace[1]:match("^(.-):%d+"))
  return { header = header, file = file, class = class,
           message = #message_lines > 0 and table.concat(message_lines, "\n") or nil,
           text = (text:gsub("^%s+", ""):gsub("%s+$", "")) }
end

local function convert_outside_error(text, state)
  local err = parse_outside_error(ansi.strip(text))
  local file = err.file and state.relative(err.file) or nil
  local loading = err.header:find("while loading", 1, true) ~= nil
  local what = loading and "(load error)" or err.header:gsub("^An error occurred ", "")
  local full_name = (file or "rspec") .. "#" .. what
  local seen = (state.seen[full_name] or 0) + 1
  state.seen[full_name] = seen
  local result_status = loading and "broken" or (exception.status(err.class) or "broken")
  local message = err.class and err.message and (err.class .. ": " .. err.message) or err.message or err.header
  state.ctx:warn(("%s: %s"):format(err.header, message))
  local path = file and { file } or {}
  state.ctx:emit({
    name = err.header,
    fullName = full_name,
    titlePath = path,
    status = result_status,
    statusDetails = { message = message, trace = err.text },
    start = state.clock,
    stop = state.clock,
    labels = labels_for(file, path),
    parameters = seen > 1 and { { name = "occurrence", value = tostring(seen) } } or {},
  }, file and { file = file })
end

--}

-- RSpec writes paths relative to the project (./spec/a_spec.rb): those stay as
-- they are (without "./"); only absolute ones are made relative.
local absolute_only = relpath.absolute_only

local function is_list(v)
  return type(v) == "table" and (next(v) == nil or v[1] ~= nil)
end

local function is_rspec(doc)
  return type(doc) == "table" and is_list(doc.examples)
    and (type(doc.summary) == "table" or type(doc.version) == "string" or is_list(doc.messages))
end

return {
  name = "rspec",
  description = "RSpec JSON formatter (rspec --format json)",
  extensions = { "json" },
  help = [==[
Reads the report of `rspec --format json`. Spec files and example groups give the
suites; a failed expectation is failed and any other exception broken, with the
backtrace as the trace; pending and skipped examples are skipped with their
reason; errors outside of examples (a spec file that did not load, a failed
before(:suite) or after(:context) hook) are broken results of their own.
docs/formats/rspec.md has the mapping.]==],
  options = {
    { name = "root",
      help = "directory absolute spec file paths are made relative to (default: the working directory "
        .. "when they all lie under it, else the directory they share)" },
  },

  detect = function(sniff)
    if sniff:kind() == "json" and sniff:has_keys("examples") and sniff:text():find('"full_description"%s*:') then
      return 90, "RSpec JSON (examples with full_description)"
    end
    if sniff:kind() == "json" and sniff:has_keys("version", "examples", "summary", "summary_line") then
      return 85, "RSpec JSON (version, examples, summary_line)"
    end
  end,

  convert = function(input, ctx)
    local doc, err = input:json()
    if not doc then return nil, err end
    if not is_rspec(doc) then
      return false, input.name .. ": not an RSpec JSON report (expected an object with \"examples\")"
    end

    -- Paths and the total run time first: identities need the project root, and
    -- the report has no start time, so its examples end at the report's time.
    local files, total = {}, 0
    for _, ex in ipairs(doc.examples) do
      if type(ex) == "table" then
        if str(ex.file_path) then files[#files + 1] = ex.file_path end
        total = total + seconds_ms(ex.run_time)
      end
    end
    local relative = relpath.relativizer(absolute_only(files), { root = ctx.opts.root ~= "" and ctx.opts.root or nil })
    local state = { ctx = ctx, relative = relative, clock = ctx.base_time - math.floor(total), seen = {},
                    groups = collect_groups(doc.examples) }

    for _, ex in ipairs(doc.examples) do
      if type(ex) == "table" then convert_example(ex, state) end
    end

    local errors = 0
    for _, text in ipairs(is_list(doc.messages) and doc.messages or {}) do
      if type(text) == "string" and text:find("An error occurred", 1, true) then
        errors = errors + 1
        convert_outside_error(text, state)
      end
    end
    local summary = type(doc.summary) == "table" and doc.summary or {}
    local declared = math.tointeger(summary.errors_outside_of_examples_count)
    if declared and declared > errors then
      ctx:warn(("RSpec counted %d errors outside of examples, the report describes %d"):format(declared, errors))
    end
    return true
  end,
}
