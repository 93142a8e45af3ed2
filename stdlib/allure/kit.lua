-- The converter kit: the skeleton every converter script shares, written once, so
-- that a script is its format's mapping (tables of elements and fields to Allure,
-- status tables, dialect tables) and the few functions only its format needs.
-- docs/writing-converters.md walks through a script written with it.
--
--   local kit = require "allure.kit"
--   return kit.converter {
--     name = "myformat", description = "...", extensions = { "xml" },
--     options = { "tz", "link", { "suite", help = "this format's own help text" } },
--     convert = function(input, ctx, state) ... end,   -- state: see kit.state
--   }
--
-- Nothing here runs per test: the read loops dispatch each event with one table
-- lookup, and the lazily made helpers (the attachment resolver, the path
-- relativizer) load their modules on first use only.
local kit = {}

-- allure.* modules loaded on first use (kit.lazy.meta is require "allure.meta"), for
-- the ones most inputs never need: compiling them would be much of a small report's
-- start-up.
kit.lazy = setmetatable({}, { __index = function(t, name)
  local m = require("allure." .. name)
  t[name] = m
  return m
end })

--{ Options --------------------------------------------------------------------------------

-- The options several formats take, by name. A script names one ("tz"), or names
-- it with the fields it words differently ({ "tz", help = "..." }).
kit.OPTIONS = {
  tz = { name = "tz", default = "UTC", help = "zone of timestamps that carry none: UTC, local, or +hh:mm" },
  link = { name = "link", type = "list",
           help = "KIND=URL-TEMPLATE for keys in properties, e.g. issue=https://jira.example.com/browse/{}" },
  ["attachments-base"] = { name = "attachments-base",
    help = "directory that [[ATTACHMENT|path]] files must lie under (default: the working directory)" },
  suite = { name = "suite",
    help = "suite name (part of every test's identity; default: the input file's name without extension)" },
  -- What becomes of a test's own properties (meta.properties' as_labels: "labels").
  properties = { name = "properties", default = "labels", choices = { "labels", "known" },
    help = "test properties: labels (all; names with an Allure meaning mapped), known (only those)" },
  params = { name = "params", type = "boolean", default = true, help = "take parameters from parametrised test names" },
  root = { name = "root", default = "",
    help = "directory test file paths are made relative to (default: the working directory when "
      .. "every file lies under it, else the directory the files share)" },
}

-- follow and follow-timeout live with the line streams (allure.stream), loaded only
-- by the scripts that read one.
local STREAM_OPTIONS = { follow = 1, ["follow-timeout"] = 2 }

-- One entry of a script's option list as the runtime takes it (a new table: the
-- shared specs are never changed).
function kit.option(entry)
  local name = type(entry) == "string" and entry or entry[1]
  if name == nil then return entry end                  -- a whole spec of the script's own
  local shared = kit.OPTIONS[name]
  if not shared and STREAM_OPTIONS[name] then shared = require("allure.stream").OPTIONS[STREAM_OPTIONS[name]] end
  if not shared then error(("allure.kit: no shared option '%s'"):format(tostring(name)), 2) end
  local spec = {}
  for k, v in pairs(shared) do spec[k] = v end
  if type(entry) == "table" then
    for k, v in pairs(entry) do
      if k ~= 1 then spec[k] = v end
    end
  end
  return spec
end

-- The stdlib modules a script starts with, by name and in order:
--   local status, time, model = kit.require("status", "time", "model")
-- is allure.status, allure.time, allure.model (the header every script repeats).
function kit.require(...)
  local modules = {}
  for i = 1, select("#", ...) do modules[i] = require("allure." .. select(i, ...)) end
  return table.unpack(modules, 1, select("#", ...))
end

--}

--{ Detection -------------------------------------------------------------------------------

-- A script's detect function from rules tried in order, each
--   { score, reason, keys = { ... }, text = PATTERN, kind = "json" }
-- fitting a file whose sniff:kind() is `kind` (default "json"), whose top-level JSON
-- keys include all of `keys` and whose head has `text` (each optional; `text` may be
-- a list of patterns the head has all of); the first rule that fits gives its score
-- and reason. An XML format names its root instead: `root = NAME` (kind "xml"; with
-- `attr`, the root must carry that attribute); an event stream its first line:
-- `first = { field = value, ... }`, the line decoded as JSON has each field equal to
-- value (`true`: present), whatever the kind. A rule that is a function(sniff) is
-- called in its turn (what a table cannot say: a scan of the first lines).
local function has_text(sniff, text)
  if type(text) == "string" then return sniff:text():find(text) ~= nil end
  for _, pattern in ipairs(text) do
    if not sniff:text():find(pattern) then return false end
  end
  return true
end

local function has_root(sniff, name, attr)
  local root = sniff:xml_root()
  return root ~= nil and root.name == name and (not attr or root.attrs[attr] ~= nil)
end

local function has_fields(ev, fields)
  if type(ev) ~= "table" then return false end
  for k, v in pairs(fields) do
    if v == true then
      if not ev[k] then return false end
    elseif ev[k] ~= v then
      return false
    end
  end
  return true
end

local function fits(sniff, rule)
  local kind = rule.kind or (rule.root and "xml") or (not rule.first and "json") or nil
  return (not kind or sniff:kind() == kind)
    and (not rule.root or has_root(sniff, rule.root, rule.attr))
    and (not rule.first or has_fields(sniff:first_json(), rule.first))
    and (not rule.keys or sniff:has_keys(table.unpack(rule.keys)))
    and (not rule.text or has_text(sniff, rule.text))
end

function kit.detect(rules)
  return function(sniff)
    for _, rule in ipairs(rules) do
      if type(rule) == "function" then
        local score, reason = rule(sniff)
        if score then return score, reason end
      elseif fits(sniff, rule) then
        return rule[1], rule[2]
      end
    end
  end
end

--}

--{ The per-input setup ---------------------------------------------------------------------

-- What convert needs before it reads: state.ctx, .input, .opts; .zone (the tz
-- option's offset, when the script takes tz); .meta (what allure.meta's property
-- readers take: the link templates, warnings, and with attachments-base the files
-- properties name); .resolve(path) (an attachment from [[ATTACHMENT|path]], confined
-- to attachments-base) and .relative(path) (a path relative to --opt root, else the
-- working directory), each made on first use. `fields` (optional) is the table to
-- fill: the script's own state.
function kit.state(input, ctx, script, declared, fields)
  local opts = ctx.opts
  local state = fields or {}
  state.ctx, state.input, state.opts = ctx, input, opts
  if declared.tz then state.zone = require("allure.zone").option(opts.tz, script) end
  local links = declared.link and opts.link
  state.meta = {
    templates = links and #links > 0 and require("allure.meta").link_templates(links, script) or {},
    warn = function(m) ctx:warn(m) end,
    attach = declared["attachments-base"] and function(path) return state.resolve(path) end or nil,
  }
  function state.resolve(path)
    state.resolve = require("allure.attach").resolver { report = input.file, base = opts["attachments-base"] }
    return state.resolve(path)
  end
  function state.relative(path)
    local root = opts.root
    state.relative = require("allure.relpath").relativizer({},
      { root = root and root ~= "" and root or require("allure.host").cwd() })
    return state.relative(path)
  end
  return state
end

-- A script table for the runtime: `spec` with its options resolved (kit.option) and
-- a convert that gets the prepared state as its third argument. spec.state(input,
-- ctx), when given, makes the table kit.state fills (the script's own fields).
-- spec.stream: the input is a line stream (an event stream, a runner's output): the
-- follow options come after the script's own, and convert finds the stream and its
-- clock (kit.stream) at state.stream and state.clock; one that cannot be opened is
-- the input's error, before convert.
function kit.converter(spec)
  local declared, options = {}, {}
  local entries = spec.options or {}
  if spec.stream then
    entries = table.move(entries, 1, #entries, 1, {})   -- (the script's list stays as written)
    entries[#entries + 1] = "follow"
    entries[#entries + 1] = "follow-timeout"
  end
  for i, entry in ipairs(entries) do
    options[i] = kit.option(entry)
    declared[options[i].name] = true
  end
  local convert, script, fields, is_stream = spec.convert, spec.name, spec.state, spec.stream
  local out = {}
  for k, v in pairs(spec) do out[k] = v end
  out.options, out.state, out.stream = options, nil, nil
  out.convert = function(input, ctx)
    local state = kit.state(input, ctx, script or "converter", declared, fields and fields(input, ctx))
    if is_stream then
      local s, clock = kit.stream(input, ctx)
      if not s then return nil, clock end
      state.stream, state.clock = s, clock
    end
    return convert(input, ctx, state)
  end
  return out
end

--}

--{ Nested suites ---------------------------------------------------------------------------

-- A stack of nested suites (junit's <testsuite>s, nunit's <test-suite>s), each frame
-- with `clock` (where its next test starts) and `children` (an allure.uuids list of
-- its tests, for its container). Pops the innermost: the enclosing suite goes on
-- where it ended and holds its tests too. Returns the frame and the enclosing one.
function kit.pop_suite(stack)
  local frame = table.remove(stack)
  local parent = stack[#stack]
  if parent then
    if frame.clock > parent.clock then parent.clock = frame.clock end
    parent.children:append(frame.children)
  end
  return frame, parent
end

--}

--{ Read loops: each handles malformed input the one way docs/design.md promises --------------
-- The results written before the error stay (they are complete tests: `done` is
-- called first, to write what a script holds), and the input's error is returned as
-- the reader gave it ("file:line:col: what was expected"), so the run exits 1.

local NONE = {}

-- Whether a handler's return values stop the read: nil or false with a message.
local function stopped(a, b)
  if b ~= nil and not a then return true end
  return false
end

-- The XML read loop over reader r. handlers:
--   tree[name](node, state, depth)   the element read whole (r:tree()): a test, a class
--   start[name](r, state, depth)     an element's start, its attributes at r:attrs()
--   start_other(r, name, state, depth)  any other start (optional)
--   ["end"][name](state, depth)      an element's end
--   empty(r, state)                  a document that is only an XML declaration (documents =
--                                    "many"; r:line() is its line): optional, else passed over
--   done(state)                      at the end of the input, or before an error is returned
-- Returns true, or what a handler or the reader stopped with (nil/false, message).
function kit.xml(r, handlers, state)
  local trees, starts, ends = handlers.tree or NONE, handlers.start or NONE, handlers["end"] or NONE
  local other, done, empty = handlers.start_other, handlers.done, handlers.empty
  local function fail(a, b)
    if done then done(state) end
    return a, b
  end
  while true do
    local event, name, depth = r:next()
    if not event then
      if name then return fail(nil, name) end          -- malformed: "file:line:col: ..."
      if done then done(state) end
      return true
    end
    local a, b
    if event == "start" then
      local fn = trees[name]
      if fn then
        local node, err = r:tree()
        if not node then return fail(nil, err) end
        a, b = fn(node, state, depth)
      else
        fn = starts[name]
        if fn then a, b = fn(r, state, depth)
        elseif other then a, b = other(r, name, state, depth) end
      end
    elseif event == "end" then
      local fn = ends[name]
      if fn then a, b = fn(state, depth) end
    elseif empty then
      a, b = empty(r, state)
    end
    if b ~= nil and not a then return fail(a, b) end   -- stopped (inline: this runs per event)
  end
end

-- An ["end"] handler for an element that opened a frame at state[field] (an assembly,
-- a class, ...): fn(frame, state, depth) when one is open, then state[field] = nil.
function kit.closes(field, fn)
  return function(state, depth)
    local frame = state[field]
    if frame == nil then return end
    local a, b
    if fn then a, b = fn(frame, state, depth) end
    state[field] = nil
    return a, b
  end
end

-- Moves past the element at a "start" event without building it (a tree of one level
-- stops at its first child and skips the rest in C). true, or nil, err on a parse error.
function kit.skip(r)
  local t, err = r:tree(1)
  if t or err:find("element nested deeper than 1 levels in tree()", 1, true) then return true end
  return nil, err
end

-- Standard input (or a FIFO) copied to a new temporary file: its path, or nil, err. The
-- file is removed however the copy ends (an error, a signal's stop) unless it is returned.
local function spool(input)
  local from, err = io.stdin, nil
  if input.file then
    from, err = io.open(input.file, "rb")
    if not from then return nil, err end
  end
  local path = os.tmpname()
  local to, terr = io.open(path, "wb")
  local guard <close> = setmetatable({}, { __close = function(g)
    if from ~= io.stdin then from:close() end
    if g.kept then return end
    if to then to:close() end
    os.remove(path)
  end })
  local function fail(why)
    return nil, ("%s: cannot copy to a temporary file (%s): %s"):format(input.name, path, why)
  end
  if not to then return fail(terr) end
  while true do
    local block, rerr = from:read(65536)
    if not block then
      if rerr then return nil, ("%s: read error: %s"):format(input.name, rerr) end
      break
    end
    local ok, werr = to:write(block)
    if not ok then return fail(werr) end
  end
  local ok, cerr = to:close()
  to = nil
  if not ok then return fail(cerr) end
  guard.kept = true
  return path
end

-- An XML input read twice, for a format that writes what a part needs after it (TRX's
-- definitions after the results): the reader at the root as input:xml_root gives it,
-- and a function that opens a second reader over the same bytes. Standard input or a
-- FIFO is copied to a temporary file first, which both readers open before it is removed.
function kit.twice(input, what, roots, opts)
  if input.file and require("allure.host").stat(input.file) == "file" then
    local r, err = input:xml_root(what, roots, opts)
    if not r then return r, err end
    return r, function() return input:xml(opts) end
  end
  local path, serr = spool(input)
  if not path then return nil, serr end
  local copy = setmetatable({ file = path }, { __index = input })   -- its readers close with the input
  local r, err = copy:xml_root(what, roots, opts)
  local again, aerr
  if r then again, aerr = copy:xml(opts) end
  os.remove(path)
  if not r then return r, err end
  if not again then return nil, aerr end
  return r, function() return again end
end

-- A whole JSON document: input:json() (or read(input) for a script that repairs a
-- known defect first, allure.jsondoc), then is_format(doc). A document of another
-- shape is `false, "NAME: not WHAT"`: the script does not fit the file.
function kit.json(input, what, is_format, read)
  local doc, err
  if read then doc, err = read(input) else doc, err = input:json() end
  if doc == nil then return nil, err end
  if not is_format(doc) then return false, ("%s: not %s"):format(input.name, what) end
  return doc
end

-- What a JSON report without start times needs before its tests are written:
-- state.relative for the paths its tests name (field `file` of each test) and the
-- clock to lay the tests out from, one after another by their durations (field
-- `duration`, read by ms(value) -> ms), so that the last ends at ctx.base_time.
-- Only absolute paths decide the root: reports that write paths relative to the
-- project (RSpec's ./spec/a_spec.rb, CTRF's) keep those as they are.
function kit.report_files(state, tests, file, duration, ms)
  local relpath = require "allure.relpath"
  local files, total = relpath.scan(tests, file, duration, ms)
  state.relative = relpath.relativizer(relpath.absolute_only(files), { root = state.opts.root })
  return state.ctx.base_time - math.floor(total)
end

-- A line stream (allure.stream.open: followed as --opt follow says) and its clock.
function kit.stream(input, ctx)
  local stream = require "allure.stream"
  local s, err = stream.open(input, ctx)
  if not s then return nil, err end
  return s, stream.clock(ctx, s)
end

-- The line loop over stream s: each(line, lineno) per line. A line that cannot be
-- had (too long, a read error) or that each refuses (nil, message) ends the read:
-- done(true) writes what the script holds, then the error is returned. At the end of
-- the stream done(false). Returns true or nil, message.
function kit.lines(s, each, done)
  for line, lineno in s:lines() do
    if line == false then
      if done then done(true) end
      return nil, lineno
    end
    local a, b = each(line, lineno)
    if stopped(a, b) then
      if done then done(true) end
      return nil, b
    end
  end
  if done then done(false) end
  return true
end

-- NDJSON events over stream s: event(ev, lineno) for each line that is a JSON object
-- with a string field `key` (its kind), noise:add for other lines with text (a
-- stream.noise: reported as "not WHAT" once the stream showed it is the format).
-- event returns true to stop early (the run's last event of a followed file).
-- Returns the number of events, or nil, message for a line that cannot be had.
function kit.events(s, noise, key, event)
  local decode = require("allure.json").decode
  local n = 0
  for line, lineno in s:lines() do
    if line == false then return nil, lineno end
    local ev = line:find("^%s*[{%[]") and decode(line)
    if type(ev) == "table" and type(ev[key]) == "string" then
      n = n + 1
      noise:confirm()
      if event(ev, lineno) then break end
    elseif ev == nil and line:find("%S") then
      noise:add(lineno, line)
    end
  end
  return n
end

-- Events among other lines (a runner's standard error merged into the stream, text
-- output, a compiler's messages): h.line(line, lineno) per line. When it returns a
-- message, the line began like an event but does not decode: it is held, and if
-- another line follows it was a stray line after all (h.held(lineno, line)); the
-- stream's last line, it was cut off mid-write. At the end h.done() writes what the
-- script holds (a false or nil and message from it is returned: another format),
-- noise:finish() reports the stray lines, then the cut-off line is the input's error.
-- A line that cannot be had (too long, a read error) ends the read at once.
-- Returns true or what stopped it.
function kit.mixed(s, name, noise, h)
  local each, held, cut = h.line, h.held, nil
  for line, lineno in s:lines() do
    if line == false then return nil, lineno end
    if cut then
      held(cut[1], cut[2])
      cut = nil
    end
    local err = each(line, lineno)
    if err then cut = { lineno, line, err } end
  end
  local a, b = h.done()
  if b ~= nil and not a then return a, b end
  noise:finish()
  if cut then return nil, require("allure.stream").cut_off(name, cut[1], cut[3]) end
  return true
end

--}

return kit
