-- RSpec JSON formatter (rspec --format json) -> Allure results.
--
-- One JSON document: `examples` in the order they ran (file and line, full
-- description, run time, a failure's exception), `messages` what RSpec printed
-- outside them, among it the errors that stopped a spec file from loading or a
-- before(:suite)/after(:context) hook. docs/formats/rspec.md has the mapping.
local kit = require "allure.kit"
local status, model, exception, ansi, coerce = kit.require("status", "model", "exception", "ansi", "coerce")
local str, nonblank, list = coerce.str, coerce.nonblank, coerce.list

-- RSpec's example statuses. `failed` is an assertion (failed) or an error
-- (broken) by the exception's class; `pending` covers xit, skip and pending
-- examples that failed as expected (a pending example that passes is failed,
-- with PendingExampleFixedError).
local STATUS = { passed = "passed", pending = "skipped", failed = "failed" }

-- `status: ""`: the example had begun when the process ended (`exit` in it, a
-- signal); RSpec's at_exit still writes the report, without the examples after it.
local ENDED_INSIDE = "the run ended inside this example (exit, abort or a signal): RSpec wrote no "
  .. "status for it, and the examples after it did not run"

-- A run time in seconds as ms; anything but a number of seconds up to a year
-- (a damaged or hostile report) counts as 0.
local function seconds_ms(v)
  if type(v) ~= "number" or v ~= v or v < 0 or v > 31536000 then return 0 end
  return v * 1000
end

-- Writes a result of `file` (relative) whose suites are `levels`, with labels as
-- allure-rspec writes them: the example groups as parentSuite / suite / subSuite,
-- the spec file's directory as package and its name as testClass. The same fullName
-- twice in a file (a loop whose values are not in the description, shared examples
-- included twice): another test.
local function emit(state, result, file, levels)
  local labels = {}
  model.suite_labels(labels, levels)
  if file then
    local dir, base = file:match("^(.*)/([^/]*)$")
    model.label(labels, "package", dir)
    model.label(labels, "testClass", ((base or file):gsub("%.rb$", "")))
  end
  model.producer(labels, "rspec", "ruby", "rspec-json")
  result.labels, result.parameters = labels, {}
  model.occurrence(state.seen, result.fullName, result.parameters)
  state.ctx:emit(result, file and { file = file })
end

-- An exception's details: the message (with the class for errors, which say
-- less on their own than an expectation's "expected: 5, got: 4") and the
-- backtrace as the trace.
local function details_of(e, result_status)
  if type(e) ~= "table" then return nil end
  local class = nonblank(e.class)
  local message = nonblank(e.message) and ansi.strip(e.message):gsub("^%s*\n", ""):gsub("%s+$", "") or nil
  if class and result_status == "broken" then
    message = message and (class .. ": " .. message) or class
  end
  return status.details(message or class, coerce.joined(e.backtrace))
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
  local keys, key = {}, file .. "["
  for number in scope:gmatch("%d+") do
    if #keys > MAX_GROUP_DEPTH then return nil end
    keys[#keys + 1] = key .. number
    key = key .. number .. ":"
  end
  keys[#keys] = nil                                -- the example's own number
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
  local ends, from = {}, #above + 1
  if chain:sub(1, #above) ~= above then return ends end
  local c = chain:sub(from, from)
  if above ~= "" and c == " " then
    from = from + 1
  elseif above ~= "" and not c:find("^[#.:]") then
    return ends
  end
  for i = from, #chain - 1 do
    if chain:sub(i, i) ~= " " and (chain:find("^[ #.]", i + 1) or chain:find("^::", i + 1)) then
      ends[chain:sub(1, i)] = true
    end
  end
  return ends
end

-- Each group by key: .chain, its full description when an example in it says it,
-- and .below, the set of full descriptions of the groups below it.
local function collect_groups(examples)
  local groups = {}
  for _, ex in ipairs(examples) do
    local keys = type(ex) == "table" and group_keys(ex.id) or {}
    local chain, exact
    if keys[1] then chain, exact = chain_of(ex) end
    for n = 1, exact and #keys or 0 do                -- a chain that is not exact says nothing
      local g = groups[keys[n]] or { below = {} }
      groups[keys[n]] = g
      if n == #keys then
        g.chain = chain
      else
        g.below[chain] = true
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
  local above = not chain and next(g.below) and (n == 1 and "" or resolve(groups, keys, n - 1))
  if above then
    local fits                                       -- the ends every description below allows
    for below in pairs(g.below) do
      local ends = group_ends(below, above)
      for c in pairs(fits or {}) do if not ends[c] then fits[c] = nil end end
      fits = fits or ends
    end
    local only, count = nil, 0
    for c in pairs(fits) do only, count = c, count + 1 end
    if count == 1 then chain = only end
  end
  g.resolved = chain or false
  return chain
end

-- The suite levels of an example: the descriptions of its groups, outermost first.
local function levels_of(ex, groups)
  local keys, chain = group_keys(ex.id), chain_of(ex)
  if not keys or #keys == 0 then return chain ~= "" and { chain } or {} end
  local levels, above = {}, ""
  for n = 1, #keys do
    local c = resolve(groups, keys, n) or (n == #keys and chain or nil)   -- the example's own: its chain
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
  local path = { file }
  for _, level in ipairs(levels) do path[#path + 1] = level end

  local ended_inside = ex.status == ""
  local result_status = ended_inside and "broken" or STATUS[str(ex.status) or ""] or "unknown"
  local e = type(ex.exception) == "table" and ex.exception or nil
  if result_status == "failed" then
    result_status = exception.status(e and str(e.class)) or "failed"
  end
  local details = details_of(e, result_status)
  local pending = nonblank(ex.pending_message)
  if pending then
    details = details or {}
    details.message = details.message and (details.message .. "\nPending: " .. pending) or pending
  end
  if ended_inside and not details then
    details = { message = ENDED_INSIDE }
  elseif result_status ~= "passed" and not details then
    details = { message = ("rspec reported the example as %s"):format(tostring(ex.status)) }
  end

  local line = math.tointeger(ex.line_number)
  local location = file and (line and ("%s:%d"):format(file, line) or file)
  local start = state.clock
  state.clock = start + seconds_ms(ex.run_time)
  emit(state, {
    name = description ~= "" and description or full, fullName = full_name, titlePath = path,
    status = result_status, statusDetails = details, start = start, stop = state.clock,
    description = location and ("`%s`"):format(location) or nil,
  }, file, levels)
end

--}

--{ Errors outside of examples -------------------------------------------------------------

-- "An error occurred while loading ./spec/a_spec.rb. - Did you mean? ...",
-- "An error occurred in a `before(:suite)` hook.", "... in an `after(:context)`
-- hook.": the error's class is the line "LoadError:" and its message the
-- indented lines after it; the backtrace lines start with "# ".
local function convert_outside_error(text, state)
  text = ansi.strip(text)
  local header = text:match("^%s*([^\n]*)"):gsub("%s+%-%s+Did you mean%?.*$", ""):gsub("%.%s*$", "")
  local class, lines, frame, in_message = nil, {}, nil, false
  for l in (text .. "\n"):gmatch("([^\n]*)\n") do
    in_message = in_message and l:find("^  ") ~= nil
    if in_message then
      lines[#lines + 1] = l:sub(3)
    elseif l:find("^# ") then
      frame = frame or l:sub(3)
    elseif not class and l:find("^%u[%w_:]*:$") then
      class, in_message = l:sub(1, -2), true
    end
  end
  local file = state.relative(header:match("while loading (%S+)$") or (frame and frame:match("^(.-):%d+")))
  local loading = header:find("while loading", 1, true) ~= nil
  local what = loading and "(load error)" or header:gsub("^An error occurred ", "")
  local message = lines[1] and table.concat(lines, "\n")
  message = class and message and (class .. ": " .. message) or message or header
  state.ctx:warn(("%s: %s"):format(header, message))
  emit(state, {
    name = header, fullName = (file or "rspec") .. "#" .. what, titlePath = { file },
    status = loading and "broken" or (exception.status(class) or "broken"),
    statusDetails = { message = message, trace = (text:gsub("^%s+", ""):gsub("%s+$", "")) },
    start = state.clock, stop = state.clock,
  }, file, { file })
end

--}

local function is_rspec(doc)
  local is_array = coerce.is_array
  return type(doc) == "table" and is_array(doc.examples)
    and (type(doc.summary) == "table" or type(doc.version) == "string" or is_array(doc.messages))
end

return kit.converter {
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
    { "root",
      help = "directory absolute spec file paths are made relative to (default: the working directory "
        .. "when they all lie under it, else the directory they share)" },
  },

  detect = kit.detect {
    { 90, "RSpec JSON (examples with full_description)",
      keys = { "examples" }, text = '"full_description"%s*:' },
    { 85, "RSpec JSON (version, examples, summary_line)",
      keys = { "version", "examples", "summary", "summary_line" } },
  },

  convert = function(input, ctx, state)
    local doc, err = kit.json(input, 'an RSpec JSON report (expected an object with "examples")', is_rspec)
    if not doc then return doc, err end
    -- Paths and the total run time first: identities need the project root, and
    -- the report has no start time, so its examples end at the report's time.
    state.clock = kit.report_files(state, doc.examples, "file_path", "run_time", seconds_ms)
    state.seen, state.groups = {}, collect_groups(doc.examples)

    for _, ex in ipairs(doc.examples) do
      if type(ex) == "table" then convert_example(ex, state) end
    end

    local errors = 0
    for _, text in ipairs(list(doc.messages)) do
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
