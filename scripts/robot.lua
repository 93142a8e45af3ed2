-- Robot Framework output.xml -> Allure results.
--
-- Streams the report: each <test> is read as one tree (its keywords, their
-- messages) and written at once; a suite's setup and teardown keywords become
-- the befores and afters of a container over every test below the suite.
-- Robot fails the tests of a suite whose teardown failed only when it reads
-- the output (the tests in the file still say PASS), and the teardown comes
-- after the tests: a first, cheap pass over the file finds the suite teardowns
-- (and suite metadata) so the second can write each test with its final status.
-- Schemas from Robot Framework 2.8 to 7.x are read; the tables below name what
-- differs. docs/formats/robot.md has the whole mapping.
--
-- Over 500 lines, on purpose: output.xml is six schemas (RF 2.8 to 7) of keyword
-- trees whose elements each become a step named as Robot's log names them, a first
-- pass for the suite teardowns Robot applies only when it reads the file, and
-- rebot --merge's retries read back from HTML messages. The skeleton (options,
-- setup, both read loops) is allure.kit's.
local kit = require "allure.kit"
local status, time, model, meta, attach = kit.require("status", "time", "model", "meta", "attach")
local xmlnode, coerce = kit.require("xmlnode", "coerce")
local child, texts = xmlnode.child, xmlnode.texts
local trim = coerce.trim

-- <status status=...> values. NOT RUN (NOT_RUN before RF 4) marks keywords of a
-- dry run and branches that were not taken.
local STATUSES = { PASS = "passed", FAIL = "failed", SKIP = "skipped", ["NOT RUN"] = "skipped", NOT_RUN = "skipped" }

-- Elements that are steps: keywords and, since RF 4, control structures.
-- `if` and `try` are only wrappers: their branches are the steps, as in Robot's log.
local STEPS = {
  kw = true, ["for"] = true, iter = true, branch = true, ["while"] = true, ["break"] = true,
  ["continue"] = true, ["return"] = true, variable = true, group = true, error = true,
}
local WRAPPERS = { ["if"] = true, try = true }

-- A keyword's type: RF < 4 writes kw/setup/teardown/for/foritem, RF 4+ SETUP/TEARDOWN.
local function kw_type(attrs)
  return (attrs.type or "kw"):lower()
end

local function status_of(st)
  return STATUSES[st and st.attrs.status or ""]
end

--{ Time ---------------------------------------------------------------------------

-- "20130719 14:09:09.506" (RF < 7) or ISO "2023-11-13T15:33:07.168900" (RF 7),
-- both in the local time of the machine that ran the tests.
local function timestamp(s, zone)
  if type(s) ~= "string" or s == "" or s == "N/A" then return nil end
  local y, mo, d, rest = s:match("^(%d%d%d%d)(%d%d)(%d%d) (.*)$")
  if y then s = ("%s-%s-%sT%s"):format(y, mo, d, rest) end
  return time.iso(s, zone)
end

-- Start and stop of a <status>: starttime/endtime (RF < 7), start/elapsed (RF 7).
local function status_times(st, zone)
  if not st then return nil end
  local a = st.attrs
  if a.start then
    local start = timestamp(a.start, zone)
    return start, start and start + (time.seconds(a.elapsed) or 0)
  end
  return timestamp(a.starttime, zone), timestamp(a.endtime, zone)
end

--}

--{ Messages -----------------------------------------------------------------------

-- A <msg> as a line of a log: "time LEVEL text".
local function log_line(m, level)
  return ("%s %s %s"):format(m.attrs.timestamp or m.attrs.time or "", level, m.text)
end

-- Files and embedded images an HTML message shows (SeleniumLibrary and Browser
-- screenshots: <img src="selenium-screenshot-1.png">, or a data: URI when embedded).
local function html_attachments(text, state, attachments)
  local seen = {}
  for src in text:gmatch('[Ss][Rr][Cc]%s*=%s*"([^"]+)"') do
    if not seen[src] then
      seen[src] = true
      local mime, data = src:match("^data:([%w/+.%-]+);base64,(.*)$")
      if mime then
        local a = attach.inline(data, { name = "embedded " .. mime, type = mime, warn = state.meta.warn })
        if a then attachments[#attachments + 1] = a end
      elseif not src:find("^%a[%w+.%-]*:") then   -- a file next to the output, not a URL
        local a, err = state.resolve(src)
        if a then attachments[#attachments + 1] = a else state.ctx:warn(err) end
      end
    end
  end
  -- A data: URI cut by the text cap of <msg> (xml max_text) has no closing quote: a note
  -- in the image's place and a warning, not an image silently missing.
  local cut = text:match('[Ss][Rr][Cc]%s*=%s*"data:([%w/+.%-]+);base64,[^"]*\n%[truncated: %d+ bytes not kept%]$')
  if cut then
    local note, message = attach.cut_note("embedded " .. cut, text, "data: URI", "msg")
    state.ctx:warn(message)
    attachments[#attachments + 1] = note
  end
end

-- The messages of a keyword (or a test): one "Log" text attachment in Robot's
-- order, screenshots of HTML messages, and the FAIL-level texts for the trace.
local function read_messages(node, state, attachments, failures, path)
  local lines = {}
  local last_failure, skip_text
  for _, m in ipairs(node) do
    if m.name == "msg" then
      local level, text, html = m.attrs.level or "INFO", m.text, m.attrs.html
      lines[#lines + 1] = log_line(m, level)
      if html == "true" or html == "yes" then html_attachments(text, state, attachments) end
      if level == "FAIL" then
        last_failure = { path = path, text = trim(text) }
        failures[#failures + 1] = last_failure
      elseif level == "SKIP" then
        skip_text = trim(text)
      elseif level == "DEBUG" and last_failure and text:find("^%s*Traceback") then
        last_failure.traceback = trim(text)
      end
    end
  end
  attachments[#attachments + 1] = model.text_attachment("Log", table.concat(lines, "\n"))
  return skip_text
end

--}

--{ Keywords -> steps ---------------------------------------------------------------

-- The name Robot's log shows for a step element.
local function step_name(node)
  local a, kind = node.attrs, node.name
  if kind == "kw" then
    local t, name = kw_type(a), a.name or ""
    if t == "for" then return "FOR " .. name end             -- RF < 4: "${i} IN RANGE [ 3 ]"
    if t == "foritem" then return name end                   -- RF < 4: "${i} = 0"
    local owner = a.owner or a.library
    local full = (owner and owner ~= "") and (owner .. "." .. name) or name
    local vars, n = texts(child(node, "assign") or node, "var", ", ")     -- RF < 4: <assign>
    if n > 0 then full = vars .. " = " .. full end
    if t == "setup" then return "Setup: " .. full end
    if t == "teardown" then return "Teardown: " .. full end
    return full
  elseif kind == "for" then
    local vars, values = texts(node, "var", "    "), texts(node, "value", "    ")
    return trim(("FOR %s %s %s"):format(vars, a.flavor or "IN", values))
  elseif kind == "iter" then
    local parts = {}
    for _, v in ipairs(node) do
      if v.name == "var" then parts[#parts + 1] = (v.attrs.name or "") .. " = " .. v.text end
    end
    return #parts > 0 and table.concat(parts, ", ") or "ITERATION"
  elseif kind == "branch" then
    if a.condition then return (a.type or "") .. " " .. a.condition end
    local patterns, n = texts(node, "pattern", "    ")
    local text = (a.type or "") .. (n > 0 and (" " .. patterns) or "")
    local as = a.assign or a.variable                        -- RF 7; RF 5 and 6
    return as and (text .. " AS " .. as) or text
  elseif kind == "while" then
    return trim("WHILE " .. (a.condition or "") .. (a.limit and ("    limit=" .. a.limit) or ""))
  elseif kind == "return" or kind == "error" then
    return trim(kind:upper() .. " " .. texts(node, "value", "    "))
  elseif kind == "variable" then
    return trim(("VAR %s %s"):format(a.name or "", texts(node, "var", "    ")))
  elseif kind == "group" then
    return "GROUP " .. (a.name or "")
  end
  return kind:upper()                                        -- break, continue
end

local function step_arguments(node)
  local parameters = {}
  for _, arg in ipairs(child(node, "arguments") or node) do  -- RF < 4: <arguments>
    if arg.name == "arg" then
      parameters[#parameters + 1] = { name = "arg" .. (#parameters + 1), value = arg.text }
    end
  end
  return #parameters > 0 and parameters or nil
end

local to_steps

-- One step element -> an Allure step (a fixture has the same fields).
local function to_step(node, state, failures, path, depth)
  local name = step_name(node)
  path = path and (path .. " > " .. name) or name
  local st = child(node, "status")
  local start, stop = status_times(st, state.zone)
  local step = { name = name, status = status_of(st) or "unknown", start = start, stop = stop,
                 parameters = node.name == "kw" and step_arguments(node) or nil, attachments = {} }
  local own_failures = {}
  local skip_text = read_messages(node, state, step.attachments, own_failures, path)
  local before = #failures
  step.steps = to_steps(node, state, failures, path, (depth or 1) + 1)
  local inner = #failures > before and failures[#failures] or nil
  if #step.steps == 0 then step.steps = nil end
  if #step.attachments == 0 then step.attachments = nil end
  for _, f in ipairs(own_failures) do failures[#failures + 1] = f end
  -- RF < 7 writes no message into a keyword's <status>: its own FAIL (SKIP) message,
  -- else the last one of the keywords below it.
  local f = step.status == "failed" and (own_failures[#own_failures] or inner)
  local message = coerce.nonempty(st and trim(st.text)) or f and f.text
    or step.status == "skipped" and skip_text or ""
  if message ~= "" then step.statusDetails = { message = message } end
  return step
end

-- The step elements among node's children, in order (branches of IF and TRY in
-- place of their wrapper), nested as deep as Allure takes (model.add_step).
function to_steps(node, state, failures, path, depth)
  depth = depth or 1
  local steps = {}
  for _, c in ipairs(node) do
    if STEPS[c.name] then
      model.add_step(steps, to_step(c, state, failures, path, depth), depth)
    elseif WRAPPERS[c.name] then
      for _, branch in ipairs(xmlnode.children(c, "branch")) do
        model.add_step(steps, to_step(branch, state, failures, path, depth), depth)
      end
    end
  end
  return steps
end

--}

--{ Suite teardowns ----------------------------------------------------------------

-- What a failed or skipped suite teardown does to each test below the suite, as
-- Robot's SuiteTeardownFailed visitor does it (inner suites first).
local function apply_teardown(test, teardown)
  if teardown.status == "failed" then
    if test.status ~= "skipped" then test.status = "failed" end
    test.message = test.message .. (test.message ~= "" and "\n\nAlso parent suite teardown failed:\n"
      or "Parent suite teardown failed:\n") .. teardown.message
  elseif teardown.status == "skipped" then
    test.status = "skipped"
    test.message = test.message ~= ""
      and ("Skipped in parent suite teardown:\n%s\n\nEarlier message:\n%s"):format(teardown.message, test.message)
      or ("Skipped in parent suite teardown:\n" .. teardown.message)
  end
end

-- FAIL-level messages of a keyword and the keywords below it (RF < 4 leaves a
-- keyword's own <status> empty).
local function fail_texts(node, list)
  for _, c in ipairs(node) do
    if c.name == "msg" and c.attrs.level == "FAIL" then
      list[#list + 1] = trim(c.text)
    elseif STEPS[c.name] or WRAPPERS[c.name] then
      fail_texts(c, list)
    end
  end
  return list
end

-- The teardown of a suite (a kw tree) as the outcome tests get from it.
local function teardown_outcome(kw)
  local st = child(kw, "status")
  local outcome = status_of(st)
  if outcome ~= "failed" and outcome ~= "skipped" then return nil end
  if st.attrs.status == "NOT RUN" or st.attrs.status == "NOT_RUN" then return nil end
  local message = trim(st.text)
  if message == "" then message = table.concat(fail_texts(kw, {}), "\n") end
  return { status = outcome, message = message }
end

-- Whether an element at depth is a child of the innermost open suite (its keywords,
-- doc, metadata, status); stack holds the open suites, each with its depth.
local function in_suite(stack, depth)
  local top = stack[#stack]
  return top ~= nil and top.depth == depth - 1
end

-- The element at r read whole and given to fn(node, state); stops the read when
-- it cannot be had.
local function tree(r, fn, state)
  local node, err = r:tree()
  if not node then return nil, err end
  return fn(node, state)
end

local skip = kit.skip

-- The first pass: suite teardowns and metadata by suite number (the order the
-- <suite> elements start in), tests skipped whole in C.
local function ahead_metadata(node, found)
  local number = found.stack[#found.stack].number
  local list = found.metadata[number] or {}
  local items = node.name == "meta" and { node } or xmlnode.children(node, "item")   -- RF < 4: <metadata>
  for _, item in ipairs(items) do list[#list + 1] = { item.attrs.name or "", trim(item.text) } end
  found.metadata[number] = list
end

local AHEAD = {
  start = {
    suite = function(_, found, depth)
      found.count = found.count + 1
      found.stack[#found.stack + 1] = { depth = depth, number = found.count }
    end,
    kw = function(r, found, depth)
      if not in_suite(found.stack, depth) then return end
      if kw_type(r:attrs()) ~= "teardown" then return skip(r) end
      local kw, err = r:tree()
      if not kw then return nil, err end
      if found.robot then found.teardowns[found.stack[#found.stack].number] = teardown_outcome(kw) end
    end,
    test = skip, statistics = skip, errors = skip,
  },
  start_other = function(r, name, found, depth)
    if depth == 0 then
      local generator = r:attr("generator") or ""
      found.robot = (generator:match("^%s*(%S+)") or ""):upper() == "ROBOT"
    elseif (name == "meta" or name == "metadata") and in_suite(found.stack, depth) then
      return tree(r, ahead_metadata, found)
    end
  end,
  ["end"] = { suite = function(found) found.stack[#found.stack] = nil end },
}

local function look_ahead(input)
  local r, err = input:xml()
  if not r then return nil, err end
  local found = { teardowns = {}, metadata = {}, stack = {}, count = 0 }
  local ok, aerr = kit.xml(r, AHEAD, found)
  r:close()
  if not ok then return nil, aerr end
  return found
end

--}

--{ Merged outputs (rebot --merge) ---------------------------------------------------

-- rebot --merge replaces a test of the first output by the one of the same name in a
-- later output (a --rerunfailed run) and writes both outcomes into the message
-- (robot/result/merger.py, unchanged from RF 3 to 7):
--   *HTML* <span class="merge">Test has been re-executed and results merged.</span><hr>
--   <span class="new-status">New status:</span> <span class="pass">PASS</span><br>
--   <span class="new-message">New message:</span> MESSAGE<br><hr>
--   <span class="old-status">Old status:</span> <span class="fail">FAIL</span><br>...
-- with one "Old status" part per earlier run. A skipped rerun is ignored ("Latter result
-- had SKIP status and was ignored. Message:\n...<hr>Original message:\n..."), a test only
-- in the later output is "added from merged output.<hr>MESSAGE". Messages are HTML there.

local MERGED = "has been re-executed and results merged.</span><hr>"

local function unhtml(s)
  s = s:gsub('<a href="[^"]*">(.-)</a>', "%1"):gsub('<img src="([^"]*)"[^>]*>', "%1")
  return (s:gsub("&lt;", "<"):gsub("&gt;", ">"):gsub("&quot;", '"'):gsub("&amp;", "&"))
end

local STATUS_PART = '^<span class="%a+%-status">%a+ status:</span> <span class="%a+">([%u ]+)</span><br>(.*)$'
local MESSAGE_PART = '^<span class="%a+%-message">%a+ message:</span> (.*)<br>$'

-- The message of a test in a merged output: nil when it is not one; else the latest
-- run's message and the earlier runs ({ status = "FAIL", message = ... }, latest first).
local function merged_runs(message)
  if message:sub(1, 6) ~= "*HTML*" then return nil end
  local at = message:find(MERGED, 1, true)
  if at then
    local parts = {}
    for part in (message:sub(at + #MERGED) .. "<hr>"):gmatch("(.-)<hr>") do
      local st, rest = part:match(STATUS_PART)
      if st then
        parts[#parts + 1] = { status = st, message = unhtml(rest:match(MESSAGE_PART) or rest) }
      elseif #parts > 0 then                       -- "<hr>" inside a message of HTML
        local last = parts[#parts]
        last.message = last.message .. "\n" .. unhtml(part:match("^(.*)<br>$") or part)
      end
    end
    if #parts == 0 then return nil end
    local latest = table.remove(parts, 1)
    return latest.message, parts
  end
  local skipped, original = message:match("results merged%. Latter result had .- status and was ignored%. Message:\n(.-)<hr>Original message:\n(.*)$")
  if not skipped then
    skipped = message:match("results merged%. Latter result had .- status and was ignored%. Message:\n(.*)$")
  end
  if skipped then
    return unhtml(original or ""), { { status = "SKIP", message = unhtml(skipped), ignored = true } }
  end
  local added = message:match("^%*HTML%* %a+ added from merged output%.<hr>(.*)$")
  if added or message:find("^%*HTML%* %a+ added from merged output%.$") then return unhtml(added or ""), {} end
  return nil
end

--}

--{ Tests --------------------------------------------------------------------------

-- Suite metadata with an Allure meaning (Owner, Issue, ...) for the labels and
-- links the test does not set itself; the innermost suite first.
local function inherit_metadata(result, state)
  local own = {}
  for _, l in ipairs(result.labels) do own[l.name] = true end
  for i = #state.stack, 1, -1 do
    for _, p in ipairs(state.stack[i].metadata) do
      local scratch = { labels = {}, links = {} }
      meta.property(scratch, p[1], p[2], state.meta)
      for _, l in ipairs(scratch.labels) do
        if not own[l.name] then result.labels[#result.labels + 1] = l end
      end
      for _, l in ipairs(scratch.links) do result.links[#result.links + 1] = l end
    end
    for _, l in ipairs(result.labels) do own[l.name] = true end
  end
end

-- The status details of a test: its message (a merged output's latest one, with the
-- earlier runs after it) and the trace of its failures. The earlier runs of a merged
-- output are retries whose steps and times the output no longer has: counted, not
-- made up (model.retried); flaky when it passed in the end after a run that failed.
local function test_details(test, failures, parameters)
  local message, retries, failed_before, history = test.message, 0, false, {}
  local latest, earlier = merged_runs(message)
  for _, run in ipairs(earlier or {}) do
    if not run.ignored then retries = retries + 1 end
    failed_before = failed_before or (run.status == "FAIL" and not run.ignored)
    history[#history + 1] = ("%s run: %s%s"):format(run.ignored and "Ignored later" or "Earlier", run.status,
      run.message ~= "" and (": " .. run.message) or "")
  end
  message = latest or message
  if message == "" and test.status == "failed" and #failures > 0 then message = failures[#failures].text end
  local traces = {}
  for _, f in ipairs(failures) do
    traces[#traces + 1] = (f.path and (f.path .. ":\n") or "") .. f.text .. (f.traceback and ("\n" .. f.traceback) or "")
  end
  -- A passed test keeps its message (Pass Execution's reason); traces are for failures.
  if #history > 0 then
    history = table.concat(history, "\n")
    message = message ~= "" and (message .. "\n\n" .. history) or history
  end
  local details = status.details(message, test.status ~= "passed" and table.concat(traces, "\n\n") or nil)
  return model.retried(parameters, retries, failed_before and test.status or nil, details)
end

local function convert_test(tc, state)
  local suite = state.stack[#state.stack]
  local name = tc.attrs.name or ""
  local full_name = (suite and suite.longname ~= "") and (suite.longname .. "." .. name) or name
  local st = child(tc, "status")
  local test = { status = status_of(st) or "unknown", message = st and trim(st.text) or "" }
  local failures = {}
  local result = { name = name, fullName = full_name, titlePath = suite and suite.path or nil,
                   labels = {}, links = {}, parameters = {}, attachments = {} }
  read_messages(tc, state, result.attachments, failures, name)
  result.steps = to_steps(tc, state, failures, nil)
  if #result.steps == 0 then result.steps = nil end

  -- Suite teardowns, innermost first, as Robot applies them.
  for i = #state.stack, 1, -1 do
    local teardown = state.stack[i].teardown
    if teardown then apply_teardown(test, teardown) end
  end

  model.labels(result.labels, suite and suite.path or {}, { testClass = suite and suite.longname, testMethod = name,
    framework = "Robot Framework", resultFormat = "robot" })
  for _, tag in ipairs(xmlnode.children(child(tc, "tags") or tc, "tag")) do      -- RF < 4: <tags>
    meta.tag(result, tag.text, state.meta)
  end
  inherit_metadata(result, state)
  local doc = child(tc, "doc")
  if doc and doc.text:find("%S") then result.description = doc.text end

  -- Robot warns about two tests of one name in a suite and runs both: two tests.
  model.occurrence(state.seen, full_name, result.parameters)
  result.status = test.status
  local details = test_details(test, failures, result.parameters)
  result.statusDetails = status.with_flags(details, result.statusDetails)   -- allure.flaky / muted / known tags

  local start, stop = status_times(st, state.zone)
  start = start or state.clock
  result.start, result.stop = start, stop or start
  state.clock = math.max(state.clock, result.stop)
  local uuid = state.ctx:emit(result)
  for _, frame in ipairs(uuid and state.stack or {}) do
    frame.children[#frame.children + 1] = uuid
    -- A merged output holds tests of several runs: a suite spans them all.
    frame.first = math.min(frame.first or result.start, result.start)
    frame.last = math.max(frame.last or result.stop, result.stop)
  end
end

--}

--{ Suites -------------------------------------------------------------------------

local function open_suite(r, state, depth)
  state.suite_count = state.suite_count + 1
  local parent, name, number = state.stack[#state.stack], r:attr("name") or "", state.suite_count
  local ahead = state.ahead
  local path = {}
  for i, frame in ipairs(state.stack) do path[i] = frame.name end
  path[#path + 1] = name
  state.stack[#state.stack + 1] = {
    name = name, depth = depth, path = path, children = {}, opened = state.clock,
    longname = parent and parent.longname ~= "" and (parent.longname .. "." .. name) or name,
    teardown = ahead and ahead.teardowns[number],            -- nil: from standard input
    metadata = ahead and ahead.metadata[number] or {},
  }
end

local function close_suite(state)
  local frame = table.remove(state.stack)
  if #frame.children == 0 or not (frame.setup or frame.teardown_fixture) then return end
  state.ctx:container {
    name = frame.name, children = frame.children,
    befores = frame.setup and { frame.setup } or nil,
    afters = frame.teardown_fixture and { frame.teardown_fixture } or nil,
    start = math.min(frame.setup and frame.setup.start or frame.first or frame.opened, frame.first or math.huge),
    stop = math.max(frame.teardown_fixture and frame.teardown_fixture.stop or frame.last or state.clock,
                    frame.last or -math.huge),
  }
end

-- A suite's setup or teardown keyword: a fixture of the suite's container.
local function suite_fixture(kw, state)
  local frame = state.stack[#state.stack]
  local fixture = to_step(kw, state, {}, nil)
  fixture.name = fixture.name:gsub("^Setup: ", ""):gsub("^Teardown: ", "")
  local teardown = kw_type(kw.attrs) == "teardown"
  frame[teardown and "teardown_fixture" or "setup"] = fixture
  local outcome = teardown and not state.ahead and teardown_outcome(kw)
  if outcome then
    state.ctx:warn(("suite %s: teardown %s; tests read from standard input keep the status the file gives"):format(
      frame.longname, outcome.status))
  end
end

-- <errors>: problems of the run itself (a library that did not load, a bad
-- setting). Allure 3 shows the ERROR ones as run-level errors.
local function read_errors(node, state)
  local lines, errors = {}, {}
  for _, m in ipairs(xmlnode.children(node, "msg")) do
    local level = m.attrs.level or ""
    lines[#lines + 1] = log_line(m, level)
    if level == "ERROR" then
      errors[#errors + 1] = { message = trim(m.text),
                              timestamp = timestamp(m.attrs.timestamp or m.attrs.time, state.zone) }
      state.ctx:warn("Robot Framework error: " .. trim(m.text))
    end
  end
  -- No messages, or only blank ones (no ERROR among them): nothing to show.
  local log = model.text_attachment("Test execution errors", table.concat(lines, "\n"))
  if not log then return end
  log.timestamp = state.clock
  state.ctx:globals { errors = #errors > 0 and errors or nil, attachments = { log } }
end

local XML = {
  tree = { test = convert_test },
  start = {
    suite = open_suite,
    kw = function(r, state, depth)
      if in_suite(state.stack, depth) then return tree(r, suite_fixture, state) end
    end,
    errors = function(r, state, depth)
      if depth == 1 then return tree(r, read_errors, state) end
      if in_suite(state.stack, depth) then return skip(r) end
    end,
    statistics = skip,                               -- totals
  },
  -- Suite doc, metadata (read ahead), status.
  start_other = function(r, _, state, depth)
    if in_suite(state.stack, depth) then return skip(r) end
  end,
  ["end"] = { suite = close_suite },
}

--}

return kit.converter {
  name = "robot",
  description = "Robot Framework output.xml (RF 2.8 to 7.x)",
  extensions = { "xml" },
  help = [==[
Reads Robot Framework's output.xml (robot and rebot, schemas of RF 2.8 to 7.x).
Tests become results, their keywords nested steps (setup and teardown included),
suite setups and teardowns fixtures; a failed suite teardown fails the suite's tests
as Robot does. docs/formats/robot.md has the mapping.]==],
  options = {
    { "tz", help = "zone of the timestamps (Robot writes local time): UTC, local, or +hh:mm" },
    { "link",
      help = "KIND=URL-TEMPLATE for keys in tags and metadata, e.g. issue=https://jira.example.com/browse/{}" },
    { "attachments-base",
      help = "directory that screenshot files of HTML messages must lie under (default: the working directory)" },
  },

  detect = kit.detect { { 95, "Robot Framework output.xml (<robot>)", root = "robot" } },

  convert = function(input, ctx, state)
    state.stack, state.seen, state.suite_count, state.clock = {}, {}, 0, ctx.base_time
    local r, err = input:xml_root("a Robot Framework output", { "robot" })
    if not r then return r, err end
    -- Standard input cannot be read twice: its tests keep the status the file
    -- gives. A malformed file is read on as far as it goes, for the complete
    -- tests before the error.
    if input.file then state.ahead = look_ahead(input) end
    return kit.xml(r, XML, state)
  end,
}
