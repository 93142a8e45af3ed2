-- TAP (Test Anything Protocol, versions 12, 13 and 14) -> Allure results.
--
-- Read line by line. A test point becomes a result as soon as what belongs to it
-- has been read: its YAML diagnostics block ("  ---" ... "  ..."), the comments a
-- failing point is followed by (Test::More, cmocka), or, for a subtest, its indented
-- block. Each leaf point is a result, its subtests the suite path (--opt
-- subtests=steps: nested steps of the top-level point's result). Comments and other
-- lines before a test point are its output. docs/formats/tap.md has the whole mapping.
--
-- Over 500 lines, on purpose: TAP has no schema to map with tables, only a grammar
-- read line by line (indented and "# Subtest:" subtests, Test2's "{ }" blocks, YAML
-- and comment diagnostics, prove's interleaved files, cmocka's named groups), and
-- each producer's quirks are state here. The skeleton (options, the followed line
-- stream, malformed-input handling) is allure.kit's.
local yaml = require "allure.yaml"
local status = require "allure.status"
local model = require "allure.model"
local stream = require "allure.stream"
local coerce = require "allure.coerce"
local kit = require "allure.kit"

-- Directives after "#" in a test point's description.
local DIRECTIVES = { SKIP = "skipped", TODO = "skipped" }

-- node:test failure types that are errors of the test, not failed assertions. A hook's
-- is "hookFailed" (node's kHookFailure constant, whose name this list had alone).
local BROKEN_FAILURES = {
  hookFailed = true, hookFailure = true, callbackAndPromisePresent = true, parentAlreadyFinished = true,
  cancelledByParent = true, testTimeoutFailure = true, uncaughtException = true, unhandledRejection = true,
}

-- Lines prove (TAP::Harness) writes around each test file's TAP: not TAP, not output.
local PROVE_LINES = {
  "^Dubious, test returned ", "^Failed %d+/%d+ subtests", "^%s+%(less %d+ skipped", "^Test Summary Report",
  "^%-%-%-%-%-+$", "^%S+%s+%(Wstat: ", "^%s+Failed tests?: ", "^%s+Non%-zero exit status: ", "^%s+Parse errors: ",
  "^%s+TODO passed: ", "^Files=%d+, Tests=%d+", "^Result: ", "^All tests successful%.", "^FAILED%-%-",
}

--{ Small helpers --------------------------------------------------------------------

local matches_any = stream.matches_any

-- A value from a YAML block as text: 2.0 as YAML wrote it "2", tables as JSON with
-- sorted keys (stable output).
local function show(v)
  return kit.lazy.jserror.value_text(v)
end

local function text_of(v)
  if type(v) == "table" and #v > 0 then
    -- A list of lines (old node-tap writes stacks so).
    local lines = {}
    for i, x in ipairs(v) do lines[i] = (show(x) or ""):gsub("\n$", "") end
    return table.concat(lines, "\n")
  end
  return show(v)
end

-- "ok 3 - add # SKIP reason" -> ok, number, description, directive, reason, buffered.
local function parse_point(text)
  local ok, rest = text:match("^(not ok)(.*)$")
  if not ok then ok, rest = text:match("^(ok)(.*)$") end
  if not ok or (rest ~= "" and not rest:find("^[%s]")) then return nil end
  local number, after = rest:match("^%s+(%d+)(.*)$")
  after = (after or rest):gsub("^%s*%-?%s*", "", 1)
  local description, directive, reason, time_ms = after, nil, nil, nil
  -- The directive follows the first unescaped "#" that starts SKIP or TODO.
  for at in after:gmatch("()#") do
    local tail = after:sub(at + 1)
    local escaped = at > 1 and after:sub(at - 1, at - 1) == "\\"
    local ms = not escaped and tail:match("^%s*time=([%d.]+)ms%s*$")
    if ms then                                         -- node-tap's "# time=12.3ms": a duration
      description, time_ms = after:sub(1, at - 1), coerce.number(ms)
      break
    end
    local word, why = tail:match("^%s*(%a+)%s*(.-)%s*$")
    local kind = not escaped and word and (word:upper():match("^SKIP") or word:upper():match("^TODO"))
    if kind then
      description, directive, reason = after:sub(1, at - 1), kind, why
      break
    end
  end
  local buffered = description:find("%s{%s*$") ~= nil or description == "{"   -- Perl Test2's buffered subtest
  if buffered then description = description:gsub("%s*{%s*$", "") end
  description = description:gsub("%s+$", ""):gsub("\\([#\\])", "%1")
  description = description:gsub("^Subtest: ", "")   -- Test2 names a streamed subtest's point so
  return { ok = ok == "ok", number = tonumber(number), number_text = number, description = description, directive = directive,
           reason = reason ~= "" and reason or nil, buffered = buffered, time_ms = time_ms }
end

--}

--{ What a failing point's YAML and comments say ------------------------------------------

-- From a YAML diagnostics block: message, trace, expected, actual, duration and
-- whether the failure was an error rather than a failed assertion.
local function from_yaml(doc)
  if type(doc) ~= "table" then return {} end
  local d = {}
  local err = doc.error
  if type(err) == "table" then err = err.message end
  d.message = text_of(doc.message) or text_of(err)
  local stack = text_of(doc.stack)
  local at = doc.at
  if type(at) == "table" and (at.file or at.fileName) then      -- node-tap 18+: fileName, lineNumber
    at = ("%s:%s:%s%s"):format(at.file or at.fileName, show(at.line or at.lineNumber) or "?",
      show(at.column or at.columnNumber) or "?",
      at["function"] and (" (" .. tostring(at["function"]) .. ")") or "")
  else
    at = text_of(at)
  end
  -- node-tap's failed assertion says nothing but its diff: that is the message.
  local diff = text_of(doc.diff)
  if not d.message and diff then d.message, diff = diff, nil end
  -- The trace: the stack, else where the assertion is; then the diff, if not the message.
  local parts = {}
  local function add(p) if p and p:find("%S") then parts[#parts + 1] = (p:gsub("\n$", "")) end end
  add(stack)
  if stack == nil then add(at) end
  add(diff)
  d.trace = #parts > 0 and table.concat(parts, "\n\n") or nil
  d.expected = show(doc.expected) or show(doc.wanted)
  d.actual = show(doc.actual) or show(doc.found)
  d.duration = coerce.number(doc.duration_ms)
  local failure = doc.failureType
  local name = type(doc.name) == "string" and doc.name or (type(doc.type) == "string" and doc.type ~= "suite"
    and doc.type ~= "test" and doc.type) or nil
  -- An exception other than an assertion's (node:test, node-tap): broken.
  d.error = BROKEN_FAILURES[failure] ~= nil
    or (failure == "testCodeFailure" and name ~= nil and not name:find("Assertion") and doc.code ~= "ERR_ASSERTION")
    or (doc.tapCaught ~= nil and not (name and name:find("Assertion")))   -- a plain Error has no name
  d.subtests_failed = failure == "subtestsFailed"
  -- node --test: a test file whose process ended badly (it threw at top level) is a crash.
  local code = math.tointeger(doc.exitCode)
  local ended = code and code ~= 0 and "exited with code " .. code
    or type(doc.signal) == "string" and "was killed by " .. doc.signal or nil
  -- (node-tap writes exitCode 1 for a file whose tests failed: that is no crash.)
  if ended and failure == "testCodeFailure" then
    d.error, d.crashed = true, true
    d.message = ("the test file %s (%s)"):format(ended, d.message or "failed")
  elseif ended and failure == nil then
    -- node-tap's point of a file whose process ended badly: a crash when none of the
    -- file's points failed (see the group rule in finish_point).
    d.exit = "the test file " .. ended
  end
  return d
end

-- From the comments after a failing point: Test::More's "#   Failed test 'x'\n#   at
-- t/a.t line 7.\n#          got: '6'\n#     expected: '7'", cmocka's "# 0x4 != 0x5".
local function from_comments(text)
  local lines = {}
  for line in text:gmatch("[^\n]+") do
    local body = line:match("^%s*#%s?(.*)$")
    -- Summaries that say nothing about this test: Test::More's count, cmocka's group.
    if body and body:find("%S") and not body:find("^%s*Looks like you ") and not body:find("^not ok %- %S+$")
        and not body:find("^ok %- %S+$") then
      lines[#lines + 1] = body
    end
  end
  if #lines == 0 then return {} end
  local first = 1
  if lines[1]:find("^%s*Failed ") then
    first = 2
    if lines[2] and lines[2]:find("^%s*at .* line %d+%.?$") then first = 3 end
  end
  -- The rest is the message, less the indentation its lines share.
  local body = table.move(lines, first, #lines, 1, {})
  local indent = math.huge
  for _, l in ipairs(body) do indent = math.min(indent, #l:match("^(%s*)")) end
  for i, l in ipairs(body) do body[i] = l:sub(indent + 1) end
  local d = { trace = table.concat(lines, "\n") }
  d.message = #body > 0 and table.concat(body, "\n") or nil
  local m = d.message or ""
  local got = m:match("got: '(.-)'\n") or m:match("got: '(.-)'$")
  local want = m:match("expected: '(.-)'$") or m:match("expected: '(.-)'\n")
  if got and want then d.actual, d.expected = got, want end
  return d
end

--}

--{ Levels: the top level, and each subtest indented below it --------------------------------

-- results/bad: the results written for the level's points (and their subtests), and how
-- many of them failed or broke; uuids (subtests only): those results' uuids, the children
-- of a container when the point closing the subtest says its after hook failed.
local function new_level(indent, parent, name)
  return { indent = indent, parent = parent, name = name, steps = {}, count = 0, output = stream.capture(),
           numbers = nil, results = 0, bad = 0, uuids = parent and {} or nil }
end

-- A point's name: its description, else what announced it, else its number.
local function point_name(point, level)
  if point.description ~= "" then return point.description end
  if point.subtest then return point.subtest end
  -- cmocka writes a skipped test's name as the reason: "not ok 3 # SKIP test_skipped".
  if point.directive == "SKIP" and point.reason and not point.reason:find("%s") then return point.reason end
  return "#" .. tostring(point.number or level.count)
end

local Converter = {}
Converter.__index = Converter

-- The status, details and timing of a finished point.
local function settle(self, level, point)
  local result_status = point.ok and "passed" or "failed"
  local y = point.yaml_doc and from_yaml(point.yaml_doc) or {}
  local c = point.diag and from_comments(point.diag:text() or "") or {}
  local message = y.message or c.message
  local trace = y.trace or c.trace
  point.exit = y.exit
  if y.crashed and point.output and point.output:find("%S") then trace = point.output end   -- what it printed
  if point.directive then
    result_status = DIRECTIVES[point.directive]
    local what = point.directive == "TODO" and (point.ok and "TODO, passes now" or "TODO") or "skipped"
    message = what .. (point.reason and (": " .. point.reason) or "")
    trace = not point.ok and (y.trace or c.trace) or nil
  elseif not point.ok then
    if y.error then result_status = "broken" end
    -- Catch2 writes a throw or a signal in its test case as a failed assertion.
    if point.header and (point.description:find("^unexpected exception with message:")
        or point.description:find("^fatal error condition with message:")) then
      result_status = "broken"
    end
    local failing = {}
    for _, step in ipairs(point.steps or {}) do
      if step.status == "failed" or step.status == "broken" then
        failing[#failing + 1] = step.name
        if step.status == "broken" and (y.subtests_failed or not message) then result_status = "broken" end
      end
    end
    if #failing > 0 and (y.subtests_failed or not message) then message = status.subtests_failed(failing) end
  end
  if point.yaml_error and result_status ~= "passed" then
    -- The test stays; what its refused block said is in the attachment.
    message = (message and message .. "\n" or "") .. "(YAML diagnostics not decoded: " .. point.yaml_error:match(": (.*)$") .. ")"
  end
  local details
  if result_status ~= "passed" then
    details = status.details(message, trace) or {}
    if result_status ~= "skipped" then details.expected, details.actual = y.expected or c.expected, y.actual or c.actual end
    if not next(details) then details = nil end
  end
  -- Time: TAP has none. A live stream gives the moment the point was read; its YAML
  -- may give a duration (node). A file is laid out from its base time.
  local ms = y.duration or point.time_ms
  local since = level.last_stop or point.read_at            -- live, no duration: since the last point
  local start, stop = self.clock:span(ms and math.floor(ms + 0.5), point.read_at, since)
  level.last_stop = stop
  local attachments = {}
  attachments[#attachments + 1] = model.text_attachment("Output", point.output)
  if point.yaml_text and (result_status ~= "passed" or point.yaml_extra) then
    attachments[#attachments + 1] = { name = "Diagnostics", content = point.yaml_text, type = "text/plain", ext = "yaml" }
  end
  if point.yaml_error then self.ctx:warn(point.yaml_error) end
  return {
    name = point_name(point, level), status = result_status, statusDetails = details,
    start = math.min(start, stop), stop = stop, steps = point.steps, attachments = attachments,
    group = point.header,
  }
end

-- The open YAML block ended: decoded with libyaml.
function Converter:yaml_done()
  local point = self.yaml.point
  self.yaml = nil
  local text = table.concat(point.yaml_lines, "\n") .. "\n"
  point.yaml_lines = nil
  point.yaml_text = text
  local doc, err = yaml.decode(text)
  if doc == nil then
    -- The position in the block, made a position in the input.
    local l, c, msg = err:match("^(%d+):(%d+): (.*)$")
    if l then err = ("%s:%d:%d: %s"):format(self.input.name, point.yaml_line + l - 1, c + point.yaml_indent, msg) end
    point.yaml_error = "diagnostics of test " .. (point.number or "?") .. " not decoded: " .. err
    return
  end
  point.yaml_doc = doc
  if type(doc) == "table" then
    for k in pairs(doc) do
      if k ~= "duration_ms" and k ~= "type" and k ~= "location" then point.yaml_extra = true end
    end
  end
end

-- Identity: what the stream says (prove's file header, the subtest path) and --opt suite,
-- never the report's file name: two files of one run (prove plain and --merge) and a file
-- renamed by CI keep their historyIds. The file name is only the suite shown.
function Converter:emit(step, path)
  local id_suite = self.prove_file or self.opt_suite
  local base = table.concat(path, " > ")
  local full = (id_suite and id_suite .. "#" or "") .. base
  local occurrence = (self.seen[full] or 0) + 1
  self.seen[full] = occurrence
  local labels = {}
  local title = {}
  local shown = self.prove_file or self.suite
  if shown then title[1] = shown end
  for i = 1, #path - 1 do title[#title + 1] = path[i] end
  model.suite_labels(labels, title)
  model.label(labels, "resultFormat", "tap")
  local result = {
    name = step.name, fullName = full, titlePath = title,
    status = step.status, statusDetails = step.statusDetails, start = step.start, stop = step.stop,
    labels = labels, steps = step.steps, attachments = step.attachments,
    -- The same name again in one stream is another test (TAP has no retries); the first
    -- has no parameters at all (model.occurrence would write an empty list).
    parameters = occurrence > 1 and { { name = "occurrence", value = tostring(occurrence) } } or nil,
  }
  return self.ctx:emit(result)
end

-- The names of the subtests around a level, outermost first; nil while one of them is not
-- named yet (an indented block without "# Subtest:" is named by the point that closes it),
-- with the outermost such level.
local function names_of(level)
  local names, unnamed = {}, nil
  local at = level
  while at.parent do
    if not at.name then unnamed = at end
    table.insert(names, 1, at.name or "")
    at = at.parent
  end
  if unnamed then return nil, unnamed end
  return names
end

-- cmocka (CMOCKA_MESSAGE_OUTPUT=TAP) names a group after its tests ("1..N", the points,
-- "# ok - calc"): while a plan-first stream looks like one (C identifiers as names), its
-- results wait for that line, at most HOLD of them, to be written with the group as suite.
local HOLD = 10000

local function cmocka_name(point)
  local d = point.description
  return d:find("^[%a_][%w_]*$") or d:find("^[%a_][%w_]* Could not run test: ")
    or d:find(" %[  FAILED  %] GROUP SETUP$") or d:find(" %[  FAILED  %] GROUP TEARDOWN$")
    or (d == "" and point.directive == "SKIP")
end

-- The held results, written under the group that ran them (nil: no group after all).
function Converter:release(group)
  local held = self.held
  self.held = nil
  for _, h in ipairs(held or {}) do
    self:emit(h.step, group and { group, h.step.name } or { h.step.name })
  end
end

-- A result of a point at a level: written now (its uuid returned, and kept by the level), or
-- when the unnamed block above it is named.
function Converter:emit_at(level, step)
  if level.parent == nil and self.held then
    self.held[#self.held + 1] = { step = step }
    if #self.held >= HOLD then self:release(nil) end
    return
  end
  local names, unnamed = names_of(level)
  if not names then
    -- The outermost unnamed block holds it (bounded by that block's size).
    unnamed.deferred = unnamed.deferred or {}
    unnamed.deferred[#unnamed.deferred + 1] = { level = level, step = step }
    return
  end
  names[#names + 1] = step.group
  names[#names + 1] = step.name
  local uuid = self:emit(step, names)
  if level.uuids then level.uuids[#level.uuids + 1] = uuid end
  return uuid
end

-- A level got its name: what waited for it is written.
function Converter:named(level)
  local waiting = level.deferred
  level.deferred = nil
  for _, w in ipairs(waiting or {}) do
    -- w.level closed already: the uuid is kept here, where the subtest's results are.
    local uuid = self:emit_at(w.level, w.step)
    if uuid and w.level ~= level then level.uuids[#level.uuids + 1] = uuid end
  end
end

-- A result that is no test point: a crash, a bail-out, a broken plan (one per file or
-- subtest, however many of them happened), so that the run shows red.
function Converter:abnormal(level, message, output)
  local names = names_of(level) or {}
  if #names == 0 then names[1] = self.prove_file or self.suite or self.input.name end
  local name = names[#names]
  local now = self.clock:now()
  self:emit({ name = name, status = "broken", start = now, stop = now,
              statusDetails = status.details(message, output),
              attachments = { model.text_attachment("Output", output) } }, names)
end

-- A subtest block that ended is taken by the point that closes it.
local function adopt(level, point)
  local child = level.child_level
  if child then
    point.steps, point.child_level = child.steps, child
    point.subtest = point.subtest or child.name
    level.child_level = nil
  end
end

local BAD = { failed = true, broken = true }

-- node:test's failureType of a point, from its YAML.
local function failure_of(point)
  local doc = point.yaml_doc
  return type(doc) == "table" and doc.failureType or nil
end

-- A point and everything that belongs to it has been read.
function Converter:finish_point(level, point)
  if point.header then
    -- Catch2's test case name before the point (see on_point): its group, not its output,
    -- once a second point confirms the shape; until then the first point waits.
    if self.headed == nil then
      self.parked = { level = level, point = point }
      return
    end
    if self.headed or point.confirmed then
      point.output = point.output:sub(1, -#point.header_line - 2)
    else
      point.header = nil
    end
  end
  if level.parent == nil and not point.ok and point.directive ~= "TODO" then
    self.section_failed = self.section_failed + 1      -- Test::More's exit status counts these
  end
  if not self.as_results then
    local step = settle(self, level, point)
    if level.parent == nil then self:emit(step, step.group and { step.group, step.name } or { step.name })
    else level.steps[#level.steps + 1] = step end
    return
  end
  -- Leaf points are the tests; a point that closes a subtest is a group (node's describe
  -- says so in its YAML too: type 'suite'), written only when it is the only sign that
  -- something failed or was skipped (an empty failed subtest, a failing hook).
  local child = point.child_level
  local group = child ~= nil or point.buffered
    or (type(point.yaml_doc) == "table" and point.yaml_doc.type == "suite")
  point.steps = nil
  local cmocka_error, cmocka
  if self.held and level.parent == nil then
    if not cmocka_name(point) then
      self:release(nil)                                -- not cmocka: written as they come
    else
      cmocka = true
      -- cmocka's errors of a test's setup or teardown, and of its group's setup.
      local name, why = point.description:match("^(%S+) (Could not run test: .*)$")
      if name then point.description, cmocka_error = name, why end
      if point.description:find(" %[  FAILED  %] GROUP SETUP$") then
        point.description, cmocka_error = "group setup", "the group's setup failed"
        self.group_setup_failed = true
      elseif point.description:find(" %[  FAILED  %] GROUP TEARDOWN$") then
        -- After the group's tests: no test of its plan.
        point.description, cmocka_error = "group teardown", "the group's teardown failed"
        level.count = level.count - 1
      end
    end
  end
  local step = settle(self, level, point)
  local after_hook
  -- cmocka caught a signal in the test ("# Test failed with exception: Segmentation
  -- fault(11)"): broken, as a crash is, not a failed assertion.
  if cmocka and step.status == "failed" and step.statusDetails
      and (step.statusDetails.message or ""):find("^Test failed with exception: ") then
    step.status = "broken"
  end
  if cmocka_error then
    local out = point.output and point.output:find("%S") and point.output:gsub("%s+$", "") or nil
    step.status = "broken"
    step.statusDetails = status.details(out and cmocka_error .. ": " .. out or cmocka_error, out)
  end
  if child then
    if not child.name then
      child.name = step.name
      self:named(child)
    end
    level.results = level.results + child.results
    level.bad = level.bad + child.bad
    after_hook = not child.cancelled and #child.uuids > 0 and (failure_of(point) == "hookFailed"
      or failure_of(point) == "hookFailure")
    if child.cancelled then self:release_cancelled(child, level, point, step) end
    if level.uuids then table.move(child.uuids, 1, #child.uuids, #level.uuids + 1, level.uuids) end
  end
  if after_hook then
    -- node --test: a hook failed on a describe (or a test with subtests) whose tests ran
    -- (a failed before hook cancels them: release_cancelled): its after hook, shown as
    -- their tear-down; they keep their own status.
    local name = "after hook of " .. step.name
    local details = step.statusDetails
    -- A warning, but no run-level error: the tests it ran around carry it.
    self.ctx:warn(name .. " failed: " .. (details and details.message or step.status))
    -- Its diagnostics and output go with it (model.fixture_container takes no attachments).
    self.ctx:container { name = name, children = child.uuids, start = step.start, stop = step.stop,
      afters = { { name = name, status = step.status, statusDetails = details, start = step.stop, stop = step.stop,
                   attachments = step.attachments } } }
    level.bad = level.bad + 1                          -- a failure under the level is shown
    return
  end
  if group then
    local under = child and child.results or 0
    if child and child.skip_all and child.count == 0 and step.status == "passed" then
      -- A subtest that skipped all (1..0 # SKIP why): the runner counts its point, which
      -- Test2's buffered subtests write as a plain "ok": one skipped result.
      step.status = "skipped"
      step.statusDetails = { message = "skipped" .. (child.skip_all ~= "" and ": " .. child.skip_all or "") }
    elseif step.status == "passed" or (child and child.bad > 0) or (step.status == "skipped" and under > 0) then
      return
    end
    if BAD[step.status] and point.exit then
      step.status = "broken"
      step.statusDetails = status.details(point.exit, step.statusDetails and step.statusDetails.trace)
    elseif BAD[step.status] and not (step.statusDetails and step.statusDetails.message) then
      step.statusDetails = step.statusDetails or {}
      step.statusDetails.message = under == 0 and "the subtest failed without a test point of its own"
        or ("the subtest failed, none of its %d test points did"):format(under)
    end
  end
  level.results = level.results + 1
  if BAD[step.status] then level.bad = level.bad + 1 end
  if level.parent and not group and failure_of(point) == "cancelledByParent" then
    -- node --test: why it was cancelled (a failed before hook) is on the describe's point,
    -- which follows the describe's tests: they wait for it.
    level.cancelled = level.cancelled or {}
    level.cancelled[#level.cancelled + 1] = { level = level, step = step }
    return
  end
  self:emit_at(level, step)
end

-- The tests cancelled in a subtest that closed, given the error of the point that closed it
-- (a before hook that failed: node writes "hookFailed" there), or passed up to the subtest
-- around it when that one was cancelled too. nil point: the stream ended, written as they are.
function Converter:release_cancelled(child, level, point, step)
  local held = child.cancelled
  child.cancelled = nil
  local failure = point and failure_of(point)
  if failure == "cancelledByParent" and level.parent then
    level.cancelled = level.cancelled or {}
    for _, h in ipairs(held) do level.cancelled[#level.cancelled + 1] = h end
    return
  end
  local why = step and step.statusDetails
  for _, h in ipairs(held) do
    if (failure == "hookFailed" or failure == "hookFailure") and why and why.message then
      h.step.statusDetails = status.details(("cancelled: the before hook of %s failed: %s"):format(step.name, why.message),
        why.trace)
    end
    self:emit_at(h.level, h.step)
  end
end

-- Something went wrong outside any test point of a level: for a subtest one broken
-- result now; for the top level one per file, written when the file's TAP ends.
function Converter:problem(level, message)
  model.run_error(self.ctx, message, self.input.name .. ": " .. message, nil, self.clock:now())
  if not self.as_results and level.parent then level = self:top() end
  if level.parent then
    level.results, level.bad = level.results + 1, level.bad + 1
    self:abnormal(level, message, level.output:text())
  else
    for _, m in ipairs(self.problems) do
      if m == message then return end
    end
    self.problems[#self.problems + 1] = message
  end
end

-- Whether the stream is shaped as Catch2's (-r tap) writes it is known: the point that waited
-- for it is finished.
function Converter:set_headed(headed)
  self.headed = headed
  local parked = self.parked
  self.parked = nil
  if parked then self:finish_point(parked.level, parked.point) end
end

function Converter:top()
  local at = self.level
  while at.parent do at = at.parent end
  return at
end

function Converter:flush_pending()
  local p = self.pending
  if not p then return end
  self.pending = nil
  if p.point.buffered then
    p.level.buffered = p.point                        -- its subtest follows, then "}"
  else
    self:finish_point(p.level, p.point)
  end
end

-- Checks a level's plan against what ran: out-of-plan and missing tests are reported
-- (warnings, and Allure 3 run-level errors).
function Converter:check_plan(level, where)
  local plan = level.plan
  if self.bailed or self.stopped or not plan or not plan.n or level.skip_all then return end
  local n, ran = plan.n, level.count
  local what = ran < n and ("planned %d tests but %d ran"):format(n, ran)
    or ran > n and ("%d tests ran beyond the plan of %d"):format(ran - n, n)
  if what then self:problem(level, (where and where .. ": " or "") .. what) end
end

-- A subtest's block ended (a line less indented): its points go to its parent.
function Converter:close_level(level)
  self:flush_pending()
  self:check_plan(level, "subtest " .. (level.name or "?"))
  level.parent.child_level = level
  self.level = level.parent
end

-- A test point at a level.
function Converter:on_point(level, point, lineno)
  point.read_at = self.clock.live and self.clock:now() or nil
  point.output = level.output:text()
  level.output = stream.capture()
  point.subtest = level.subtest_name
  level.subtest_name = nil
  adopt(level, point)
  level.count = level.count + 1
  -- Catch2's TAP reporter writes "# <test case name>" right before every assertion's point
  -- (no version line, the plan at the end): that name groups the points as a subtest's would.
  if level.parent == nil and self.headed ~= false then
    local header = self.comment_at == lineno - 1 and self.comment:match("^#%s(%S.*)$")
    if header and not self.version and not self.prove and not level.plan then
      point.header, point.header_line = header, self.comment
      self.headed_points = self.headed_points + 1
      if self.headed_points == 2 then self:set_headed(true) end
      point.confirmed = self.headed                   -- stays a group if the shape breaks later
    else
      self:set_headed(false)
    end
  end
  if point.number and not math.tointeger(point.number) then
    self.ctx:warn(("line %d: test number %s does not fit in 64 bits, ignored"):format(lineno, point.number_text))
    point.number = nil
  end
  if point.number then
    level.numbers = level.numbers or {}
    if level.numbers[point.number] then self.ctx:warn(("line %d: test number %d again"):format(lineno, point.number)) end
    level.numbers[point.number] = true
  end
  if level.plan and level.plan.after_points and level.parent == nil then
    -- A plan that follows test points closes the stream: TAP 13 and 14 say so.
    if (self.version or 12) >= 13 then
      return nil, ("%s:%d: test point after the closing plan at line %d"):format(self.input.name, lineno, level.plan.line)
    end
    if not level.plan.warned then                     -- TAP 12 (Test::Harness) is lenient: once
      level.plan.warned = true
      self.ctx:warn(("line %d: test points after the closing plan at line %d"):format(lineno, level.plan.line))
    end
  end
  self.pending = { level = level, point = point, indent = level.indent }
  return true
end

--}

-- One line of TAP. Returns true, or nil, err for a stream that breaks the protocol.
function Converter:line(line, lineno)
  local lead, text = line:match("^([ \t]*)(.-)%s*$")
  local d = #lead:gsub("\t", "    ")

  -- Inside a YAML block: its lines, up to "..." at its indentation.
  local y = self.yaml
  if y then
    if text == "..." and d == y.indent then
      self:yaml_done()
      return true
    end
    if text == "" or d >= y.indent then
      y.point.yaml_lines[#y.point.yaml_lines + 1] = line:sub(y.indent + 1)
      return true
    end
    self:yaml_done()                                  -- no "...": the block ends here
  end
  -- A comment held after a failing Catch2-shaped point (below): the next point's test case
  -- when a point (or Catch2's "warning N -", "info N -") follows, else that point's diagnostics.
  local held = self.maybe_header
  if held then
    self.maybe_header = nil
    if d == 0 and (parse_point(text) or text:find("^warning %S+ %-") or text:find("^info %S+ %-")) then
      self:flush_pending()
      self.level.output:add(held.text .. "\n")
      self.comment, self.comment_at = held.text, lineno - 1
    else
      self:set_headed(false)
      local read, err = self:line(held.line, held.lineno)
      if not read then return nil, err end
    end
  end
  local p = self.pending
  if p and text == "---" and d == p.indent + 2 and not p.point.yaml_lines and not p.point.yaml_text then
    p.point.yaml_lines, p.point.yaml_line, p.point.yaml_indent = {}, lineno + 1, d
    self.yaml = { indent = d, point = p.point }
    return true
  end
  -- Comments right after a failing point are its diagnostics (Test::More, cmocka).
  if p and not p.point.ok and not p.point.buffered and not p.point.yaml_text
      and (text == "" or (text:find("^#") and not text:find("^#%s*Subtest:")
        and not (self.held and text:find("^#%s*n?o?t? ?ok %- %S+$")))) and d >= p.indent then
    if text ~= "" then
      if p.point.header and self.headed ~= false and not p.point.diag and d == 0 and text:find("^#%s%S")
          and not text:find("^#%s*Looks like you") then
        self.maybe_header = { text = text, line = line, lineno = lineno }
        return true
      end
      stream.output(p.point, line .. "\n", 256 * 1024, "diag")
      -- What a script that died says goes to the file's broken result too.
      if d == 0 and text:find("^#%s*Looks like your test exited") then
        self.last_words = (self.last_words or "") .. text .. "\n"
      end
    end
    return true
  end
  if text == "" then return true end

  -- prove -v: "t/basic.t .. " starts the TAP of another file.
  local file, verdict = text:match("^(%S+)%s%.%.+%s*(.-)$")
  if file and not file:find("^#") and not text:find("^ok") and not text:find("^not ok")
      and (file:find("%.t$") or file:find("%.pl$")) then
    self:end_section()
    self.prove_file = file
    self.prove = true
    if verdict:find("^skipped:") then
      local now = self.clock:now()
      self:emit({ name = file, status = "skipped", start = now, stop = now,
                  statusDetails = { message = verdict } }, { file })
    end
    return true
  end
  if self.prove then
    -- The exit status of a Test::More script is the number of its failed tests: another
    -- one (255: it died) is a crash of the file.
    local code = text:match("^Dubious, test returned (%d+)")
    if code then self:flush_pending() end
    if code and tonumber(code) ~= self.section_failed then
      self:problem(self:top(), (self.prove_file and self.prove_file .. ": " or "") .. text)
      return true
    end
    if matches_any(line, PROVE_LINES) then return true end
  end
  local prove_bail = text:match("^Bailout called%.%s+Further testing stopped:%s*(.*)$")
  if prove_bail then
    -- prove prints it out of place (in the TAP of another file): the run's, not a file's.
    model.run_error(self.ctx, ("line %d: %s"):format(lineno, text), self.input.name .. ": " .. text, nil, self.clock:now())
    self.prove_bail = text                            -- for the next file that ends badly
    return true
  end

  self:flush_pending()
  if self.bailed then return true end

  -- Which level: less indented TAP closes subtests, more indented TAP opens one. A line
  -- that is not TAP is output of the level it is in, whatever its indentation: node-tap
  -- writes what a test prints at the file's indentation, inside the test's subtest.
  local level = self.level
  local point = parse_point(text)
  local is_tap = point or text:find("^1%.%.%d+") or text:find("^#") or text:find("^Bail out!")
    or text:find("^TAP version") or text == "}"
  while d < level.indent and level.parent and is_tap do
    self:close_level(level)
    level = self.level
  end
  if d > level.indent and is_tap and not (text == "}") then
    level = new_level(d, level, level.subtest_name or (level.buffered and point_name(level.buffered, level)))
    self.level = level
  end

  if point then
    -- "ok" alone after a satisfied plan, in prove's output, is prove's verdict on the file.
    if self.prove and level.parent == nil and text == "ok" and level.plan and level.count >= (level.plan.n or math.huge) then
      return true
    end
    return self:on_point(level, point, lineno)
  end
  local group_ok, group = text:match("^#%s*(n?o?t? ?ok) %- (%S+)$")
  if group and self.held and level.parent == nil and (group_ok == "ok" or group_ok == "not ok") then
    -- cmocka's group ends: its plan is checked (unless its setup failed: nothing ran).
    if not self.group_setup_failed then self:check_plan(level, "group " .. group) end
    self:release(group)
    level.plan, level.count, level.numbers, self.group_setup_failed = nil, 0, nil, nil
    return true
  end
  if text == "}" and level.buffered then
    self:finish_buffered(level)
    return true
  end
  local n, rest = text:match("^1%.%.(%d+)(.*)$")
  if n then
    if not math.tointeger(tonumber(n)) then
      -- More tests than a 64-bit count holds: no plan to check, the points still read.
      self.ctx:warn(("line %d: plan 1..%s does not fit in 64 bits, not checked"):format(lineno, n))
      level.plan = { line = lineno, after_points = level.count > 0 }
      return true
    end
    if level.plan then self.ctx:warn(("line %d: a second plan"):format(lineno)) end
    level.plan = { n = math.tointeger(tonumber(n)), line = lineno, after_points = level.count > 0 }
    if level.parent == nil and level.count == 0 and not self.version and not self.prove and self.as_results
        and not self.clock.live then
      self.held = self.held or {}                     -- perhaps a cmocka group: see HOLD
    end
    local why = rest:match("^%s*#%s*[Ss][Kk][Ii][Pp]%S*%s*(.-)%s*$")
    -- (a subtest's "1..0" without a SKIP ran nothing: Test::More fails it)
    if tonumber(n) == 0 and level.count == 0 and (level.parent == nil or why) then
      level.skip_all = why or ""
    end
    return true
  end
  local bail = text:match("^Bail out!%s*(.*)$")
  if bail then
    self:problem(self:top(), ("line %d: Bail out!%s"):format(lineno, bail ~= "" and " " .. bail or ""))
    -- Nothing after it counts; the rest is still read, so a producer writing into a
    -- pipe is not stopped by a closed reader.
    self.bailed = true
    return true
  end
  local version = text:match("^TAP version (%d+)$")
  if version then
    if level.parent == nil then self.version = tonumber(version) end
    return true
  end
  if text:find("^pragma [+-]") then return true end
  local subtest = text:match("^#%s*Subtest:%s*(.-)%s*$")
  if subtest then
    -- Test::More writes the header inside the block it names, node and Test2 before it.
    if level.parent and not level.name and level.count == 0 then
      level.name = subtest
      self:named(level)
    else
      level.subtest_name = subtest
    end
    return true
  end
  -- A comment or any other line: output of the next test point.
  level.output:add(text .. "\n")
  if level.parent == nil and text:find("^#") then self.comment, self.comment_at = text, lineno end
  return true
end

-- A Test2 buffered point whose "{ }" block ended (or the stream did: `cut`, its
-- subtest not taken).
function Converter:finish_buffered(level, cut)
  local point = level.buffered
  level.buffered = nil
  if not cut then adopt(level, point) end
  self:finish_point(level, point)
end

-- The end of one file's TAP (prove) or of the stream: what is open is finished.
function Converter:end_section()
  if self.yaml then self:yaml_done() end
  local held = self.maybe_header
  if held then                                        -- nothing followed: diagnostics
    self.maybe_header = nil
    stream.output(self.pending.point, held.line .. "\n", 256 * 1024, "diag")
  end
  self:flush_pending()
  while self.level.parent do
    local parent = self.level.parent
    if self.level.cancelled then self:release_cancelled(self.level, parent) end
    self:close_level(self.level)
    if parent.buffered then self:finish_buffered(parent) end
  end
  if self.headed == nil then self:set_headed(false) end   -- one point: not known as Catch2's
  local top = self.level
  if top.buffered then self:finish_buffered(top, true) end
  if top.skip_all and top.count == 0 then
    local now = self.clock:now()
    local name = self.prove_file or self.suite or self.input.name
    self:emit({ name = name, status = "skipped", start = now, stop = now,
                statusDetails = { message = "skipped" .. (top.skip_all ~= "" and ": " .. top.skip_all or "") } },
      { name })
  end
  if self.held then self:release(nil) end
  self:check_plan(top, self.prove_file)
  if not top.plan and top.count > 0 and not self.bailed and not self.stopped and not top.skip_all then
    -- Every producer ends with its plan when it does not start with one: a stream
    -- without one was cut off (a killed producer, a script that died), and tests may be missing.
    self:problem(top, (self.prove_file and self.prove_file .. ": " or "")
      .. ("no plan after %d tests: the stream ended early, tests may be missing"):format(top.count))
  end
  if #self.problems > 0 and self.prove_bail then
    self.problems[#self.problems + 1] = self.prove_bail
    self.prove_bail = nil
  end
  if #self.problems > 0 then
    -- One broken result for the file, with what it printed last (a die message, Test::More's
    -- "Looks like your test exited with 255 just after 3.").
    self:abnormal(top, table.concat(self.problems, "\n"), (top.output:text() or "") .. (self.last_words or ""))
  end
  self.problems, self.last_words, self.section_failed = {}, nil, 0
  self.level = new_level(0, nil, nil)
  self.bailed = false
  self.version = nil
  self.headed, self.headed_points, self.comment_at = nil, 0, nil
end

return kit.converter {
  name = "tap",
  description = "TAP 12/13/14 (node --test, node-tap, tape, Test::More/prove, cmocka, Catch2, pytest-tap, bats)",
  extensions = { "tap", "txt", "out", "log" },
  help = [==[
Reads the Test Anything Protocol: test points, plans, # SKIP / # TODO, YAML
diagnostics (decoded with libyaml), indented and TAP 14 "# Subtest:" subtests, Perl
Test2's buffered "{ }" subtests, Bail out!, and `prove -v --merge` output (each file
its suite). Each leaf test point is a result, the subtests around it its suite path;
--opt subtests=steps makes subtests nested steps of the top-level point's result
instead. docs/formats/tap.md has the mapping.]==],
  options = {
    "suite",
    { name = "subtests", choices = { "results", "steps" }, default = "results",
      help = "results (each leaf test point a result, its subtests the suite path) or steps (nested steps of the top-level point)" },
  },
  stream = true,

  detect = function(sniff)
    local points = 0
    for _, line in ipairs(sniff:lines(40)) do
      if line:find("^TAP version 1[34]%s*$") then return 95, "TAP version line" end
      if line:find("^not ok %d") or line:find("^ok %d+ ") then return 60, "TAP test points" end
      if line:find("^1%.%.%d+$") then return 50, "TAP plan" end
      if line:find("^ok %S") or line:find("^not ok %S") then points = points + 1 end
    end
    -- test points without numbers (Catch2's approval files write "ok {test-number}")
    if points >= 2 then return 40, "TAP test points" end
  end,

  convert = function(input, ctx, state)
    local mode = ctx.opts.subtests
    local opt_suite = ctx.opts.suite ~= "" and ctx.opts.suite or nil
    local suite = opt_suite or (input.file and input.file:match("([^/]+)$"):gsub("%.[^.]*$", "") or nil)
    local self = setmetatable({
      ctx = ctx, input = input, clock = state.clock, suite = suite, opt_suite = opt_suite, seen = {},
      as_results = mode == "results", level = new_level(0, nil, nil), problems = {}, section_failed = 0, headed_points = 0,
    }, Converter)
    local any, read_any = false, false
    -- A line that cannot be had (too long, a read error) or read: the input is reported,
    -- and the test points read before it are written (they are complete; no plan check).
    local ok, err = kit.lines(state.stream, function(line, lineno)
      read_any = true
      local read, perr = self:line(line, lineno)
      if not read then return nil, perr end
      any = any or self.level.count > 0 or self.level.plan ~= nil or self.version ~= nil or self.prove
    end, function(stopped)
      self.stopped = stopped
      self:end_section()
    end)
    if not ok then return nil, err end
    -- An empty stream is an empty run; text without any TAP is another format.
    if not any and next(self.seen) == nil and input.file and read_any then
      return false, ("%s: not TAP (no test point, plan or version line)"):format(input.name)
    end
    return true
  end,
}
