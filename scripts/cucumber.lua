-- Cucumber JSON and Cucumber Messages (NDJSON) -> Allure results.
--
-- Two inputs, told apart by their first line: a JSON document (`[` ...) is the
-- JSON formatter's report in any of its dialects (cucumber-jvm, cucumber-js,
-- cucumber-ruby, behave), read one feature at a time and written scenario by
-- scenario; a stream of one JSON object per line is Cucumber Messages (`--format
-- message`, the maintained format), read line by line: each scenario is written when
-- its testCaseFinished arrives, so a followed file or a pipe converts while the tests
-- run. Both give the same results: a scenario (an example row of an outline) is a
-- test, its steps Allure steps, its hooks fixtures. docs/formats/cucumber.md has the
-- whole mapping.
--
-- One event model: each reader turns what it reads into the same records, Allure steps
-- and fixtures made by `item` and placed by `arrange`, and a scenario record per attempt
-- (its identity, times, tags, status), and `write` makes every result from those: the
-- statuses, hooks, attachments, identity, retries and results are mapped once.
--
-- Over 500 lines, on purpose: two formats and four JSON dialects that must give the
-- same results for one run (tests/cucumber-identity.lua checks the identities); the
-- readers are each format's own (the JSON dialects' fields and quirks, the Messages
-- protocol's declarations joined by id), the mapping they share sits next to them.
local kit = require "allure.kit"
local json, status, time, model, meta, ansi = kit.require("json", "status", "time", "model", "meta", "ansi")
local attach, relpath, exception, stream = kit.require("attach", "relpath", "exception", "stream")
local jsondoc, fingerprint, gherkin, coerce = kit.require("jsondoc", "fingerprint", "gherkin", "coerce")
local str, list, num, trim, nonblank = coerce.str, coerce.list, coerce.finite, coerce.trim, coerce.nonblank

-- One empty list for every missing one: reports of 100k steps miss most fields.
local EMPTY = list(nil)

local NOT_CUCUMBER_JSON = ": not a Cucumber report (expected an array of features with \"elements\")"

-- Times in range (a damaged or hostile report's others count as missing).
local epoch, span = coerce.epoch_ms, coerce.span_ms

--{ Paths ------------------------------------------------------------------------------

-- Feature paths relative to the project. Paths that are relative already
-- (cucumber-js, cucumber-ruby, behave) stay as they are; absolute ones (some
-- cucumber-jvm and cucumber-js 1.x reports) lose the working directory, or the
-- directory they all share.
local function is_absolute(path)
  return path:find("^/") or path:find("^%a:[/\\]") or path:find("^\\\\")
end

-- cucumber-jvm names features by URI: classpath:io/x.feature, file:///abs/x.feature,
-- file:src/test/x.feature (relative).
local function clean_uri(uri)
  if type(uri) ~= "string" then return nil end
  uri = uri:gsub("^classpath:", "")
  local file = uri:match("^file:(.*)$")
  if not file then return uri end
  return (file:gsub("^//localhost/", "/"):gsub("^///", "/"):gsub("^//", "/")
    :gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end))
end

local function relativizer(uris, root)
  local absolute = {}
  for _, uri in ipairs(uris) do
    local path = clean_uri(uri)
    if path and is_absolute(path) then absolute[#absolute + 1] = path end
  end
  local relative = relpath.relativizer(absolute, { root = root })
  return function(uri) return relative(clean_uri(uri)) end
end

--}

--{ Statuses and items ------------------------------------------------------------------

-- Cucumber's step statuses (JSON: lower case; Messages: upper case) and what
-- they mean for Allure. `failed` is decided by the exception (an assertion:
-- failed; any other error: broken); `undefined` by --opt undefined.
local STEP_STATUS = {
  passed = "passed",
  skipped = "skipped",
  untested = "skipped",                  -- behave: not run after a failure
  pending = "skipped",                   -- marked "not implemented yet" on purpose
  ambiguous = "broken",                  -- two step definitions match: a defect of the test code
  hook_error = "broken",                 -- behave: a hook raised
  unknown = "unknown",
}

-- Cucumber's statuses in lower case: a report holds a handful of spellings.
local LOWER = setmetatable({}, { __index = function(t, k)
  local v = type(k) == "string" and k:lower() or "unknown"
  if type(k) == "string" then t[k] = v end
  return v
end })

local function step_status(cucumber_status, error_class, opts)
  local s = cucumber_status ~= nil and LOWER[cucumber_status] or "unknown"
  local known = STEP_STATUS[s]           -- most steps: passed or skipped
  if known then return known end
  if s == "failed" then
    -- The exception's class tells an assertion from an error; a wrapper or no
    -- class at all keeps Cucumber's verdict.
    return exception.status(error_class) or "failed"
  end
  if s == "undefined" then return opts.undefined end
  return "unknown"
end

local SENTENCES = {
  undefined = 'Undefined step: no step definition matches "%s"',
  pending = "Pending step: %s",
  ambiguous = 'Ambiguous step: several step definitions match "%s"',
}

-- The details of an outcome. A failure's error gives the message (its first line
-- when it has no message of its own) and the trace; the other outcomes get their
-- text whole as the message (cucumber's list of ambiguous step definitions, a
-- PendingException's "TODO"), or a sentence saying what happened.
local function outcome_details(cucumber_status, message, trace, name, text, hook)
  local s = type(cucumber_status) == "string" and LOWER[cucumber_status] or ""
  if s == "failed" or s == "hook_error" then return status.details(message or exception.message_of(trace), trace) end
  local whole = nonblank(message) or nonblank(trace)
  if whole then
    -- A stack (a PendingException's): its first line says it; otherwise the
    -- whole text is the message (cucumber's list of matching step definitions).
    if whole:find("\n%s+at ") or whole:find("\n# ") then return status.details(exception.message_of(whole), whole) end
    return { message = trim(whole) }
  end
  local sentence = SENTENCES[s]
  if sentence then return { message = sentence:format(text) } end
  if s == "skipped" and hook == "before" then return { message = name .. " skipped the scenario" } end
  return nil
end

-- A hook or step outcome as an Allure step (or fixture), from either reader. `name`:
-- as shown; `text`: a step's text without its keyword; `hook`: where a hook ran
-- ("before", "after", "before_step", "after_step", "run"), nil for a step.
local function item(state, outcome, class, message, trace, name, text, hook, start, stop, attachments)
  -- step_status's first lookups inline (LOWER takes any value): most items passed or skipped.
  local s = STEP_STATUS[LOWER[outcome]] or step_status(outcome, class, state.opts)
  local details
  if s ~= "passed" then details = outcome_details(outcome, message, trace, name, text, hook) end
  return { name = name, status = s, statusDetails = details, start = start,
           stop = stop > start and stop or start, attachments = attachments, stage = "finished" }
end

-- The outcome of a scenario from its items (hooks and steps, in the order they
-- ran): the most severe status; its details from the first item that has it.
local function scenario_outcome(items)
  local result = "passed"
  for _, i in ipairs(items) do
    local s = i.status
    -- "passed" never changes the worst (and "unknown" ranks below it): most items.
    if s ~= "passed" then result = status.worst(result, s or "unknown") end
  end
  if result == "passed" then return result, nil end
  for _, i in ipairs(items) do
    if i.status == result and i.statusDetails then return result, i.statusDetails end
  end
  for _, i in ipairs(items) do
    if i.status ~= "passed" and i.statusDetails then return result, i.statusDetails end
  end
  return result, nil
end

-- Hooks and steps as they ran, placed: Before and After hooks are the scenario's
-- fixtures; BeforeStep hooks sub-steps of the step that follows, AfterStep hooks of
-- the step before them (before any step: a fixture). `items` keeps them all in order.
local function arranger()
  return { befores = {}, afters = {}, steps = {}, items = {} }
end

local function arrange(a, kind, it)
  local items = a.items
  items[#items + 1] = it
  local last = a.last
  if kind == "step" then
    local pending, steps = a.pending, a.steps
    if pending then
      it.steps, a.pending = pending, nil
      it.start = math.min(it.start, pending[1].start)
    end
    steps[#steps + 1], a.last = it, it
  elseif kind == "before_step" then
    a.pending = a.pending or {}
    a.pending[#a.pending + 1] = it
  elseif kind == "after_step" and last then
    last.steps = last.steps or {}
    last.steps[#last.steps + 1] = it
    last.stop = math.max(last.stop, it.stop)
  elseif kind == "after" then
    a.afters[#a.afters + 1] = it
  else
    a.befores[#a.befores + 1] = it
  end
end

--}

--{ Arguments and attachments ---------------------------------------------------------

local function csv_cell(v)
  v = tostring(v or "")
  if v:find('[",\r\n]') then v = '"' .. v:gsub('"', '""') .. '"' end
  return v
end

-- A data table (rows of cell strings) as CSV: Allure shows text/csv as a table.
local function data_table(rows)
  local lines = {}
  for _, row in ipairs(rows) do
    local cells = {}
    for i, cell in ipairs(row) do cells[i] = csv_cell(cell) end
    lines[#lines + 1] = table.concat(cells, ",")
  end
  if #lines == 0 then return nil end
  return { name = "Data table", content = table.concat(lines, "\n") .. "\n", type = "text/csv" }
end

-- Doc string content types as Gherkin writes them after the delimiter.
local DOC_TYPES = {
  json = "application/json", xml = "text/xml", html = "text/html", yaml = "text/yaml",
  markdown = "text/markdown", md = "text/markdown", csv = "text/csv",
}

local function doc_string(content, media_type)
  if type(content) ~= "string" then return nil end
  local kind = str(media_type) and media_type:lower() or ""
  local mime = DOC_TYPES[kind] or (kind:find("/", 1, true) and kind) or "text/plain"
  return { name = "Doc string", content = content, type = mime }
end

-- Cucumber's log attachments (`this.log`, `scenario.log`) are plain text.
local LOG_TYPES = { ["text/x.cucumber.log+plain"] = true }

-- An attachment the tests made (JSON embeddings, Messages attachments): `data` base64
-- when `encoded`, else text.
local function made_attachment(data, encoded, media_type, name)
  if type(data) ~= "string" and not attach.is_span(data) then return nil end   -- a span: over 1 MiB
  local a, note               -- attach.inline decodes, and over the size cap gives a note instead
  local shown = nonblank(name) or "Attachment"
  if encoded then a, note = attach.inline(data, { name = shown, type = "application/octet-stream" }) end
  if encoded and not a then media_type = "text/plain" end   -- not base64 after all: keep the text
  if not a then a, note = attach.inline(data, { base64 = false, name = shown, type = "text/plain" }) end
  if note then return a end
  local mime = str(media_type) and media_type:lower() or nil
  if mime and LOG_TYPES[mime] then name, mime = name or "Log", "text/plain" end
  if mime == "" then mime = nil end
  name = nonblank(name) or (mime and mime:find("^image/") and "Screenshot") or "Attachment"
  return { name = name, content = a.content, type = mime or "application/octet-stream",
           ext = not mime and "bin" or nil }
end

--}

--{ Results ---------------------------------------------------------------------------

-- Hooks are fixtures of a container around the result (Allure's set-up and
-- tear-down), or with --opt hooks=steps steps before and after the scenario's own.
local function emit(state, result, befores, afters, outside_run)
  local ctx = state.ctx
  if state.opts.hooks == "steps" then
    local steps = {}
    for _, f in ipairs(befores) do steps[#steps + 1] = f end
    for _, s in ipairs(result.steps or EMPTY) do steps[#steps + 1] = s end
    for _, f in ipairs(afters) do steps[#steps + 1] = f end
    result.steps, befores, afters = steps, EMPTY, EMPTY
  end
  local uuid = ctx:emit(result)
  if uuid and (#befores > 0 or #afters > 0) then
    ctx:container { name = result.name, children = { uuid }, befores = befores, afters = afters,
                    start = result.start, stop = result.stop }
  end
  -- BeforeAll/AfterAll hooks apply to every scenario that ran.
  if uuid and state.collect_children and not outside_run then state.children[#state.children + 1] = uuid end
  return uuid
end

local function hook_name(kind, name, location)
  local what = nonblank(name) or nonblank(location)
  return what and ("%s (%s)"):format(kind, what) or kind
end

-- titlePath: the feature file's directories, the feature and the rule.
local function title_path(uri, feature, rule)
  local path = {}
  for dir in (uri or ""):gmatch("([^/]+)/") do path[#path + 1] = dir end
  if nonblank(feature) then path[#path + 1] = feature end
  if nonblank(rule) then path[#path + 1] = rule end
  return path
end

-- The labels every scenario of a feature (and rule) has; each result gets a copy.
local function base_labels(state, feature, rule)
  local labels, suites = {}, {}
  if nonblank(feature) then suites[#suites + 1] = feature end
  if nonblank(rule) then suites[#suites + 1] = rule end
  model.suite_labels(labels, suites)
  model.label(labels, "feature", nonblank(feature))
  model.label(labels, "story", nonblank(rule))
  model.producer(labels, state.framework, state.language, state.format)
  return labels
end

-- Tags (JSON, Messages): {name=, line=} objects, or behave's bare strings (without "@").
local function tags_of(into, tags)
  for _, t in ipairs(list(tags)) do
    local name = type(t) == "table" and str(t.name) or str(t)
    if name then into[#into + 1] = name end
  end
  return into
end

local function copy(t)
  -- A few items (a feature's labels and tags): made at their size in one constructor;
  -- table.move into {} would grow the copy at every power of two. Long lists (a hostile
  -- report's) stay below the stack's bound that unpack has.
  if #t <= 64 then return { table.unpack(t) } end
  return table.move(t, 1, #t, 1, {})
end

-- The worst status of a scenario's attempts, packed with its occurrence (a report of
-- 100k scenarios keeps one integer each, not a table).
local STATUS_OF = { "passed", "failed", "broken", "skipped", "unknown" }
local STATUS_CODE = { passed = 1, failed = 2, broken = 3, skipped = 4, unknown = 5 }

-- One attempt of a scenario as a result: the one mapping both readers' records go
-- through. `result`: what a reader found, in Allure's fields (its labels those of its
-- feature and rule, shared: copied here); `a`: its items, arranged; `tags`; `key`: what
-- its attempts share (Messages: the test case), or nil (JSON): then the identity and
-- `line` (the same scenario at the same line again is another attempt of it,
-- cucumber-ruby --retry), and its items lie on the scenario's own clock and move with
-- it; `last` (Messages): no retry follows, the attempt is forgotten; `worker`: a thread.
--
-- The same scenario and values again (a repeated row or name) get an occurrence
-- parameter; tags give labels (feature, rule and scenario tags, each once: the Allure
-- conventions @allure.label.x:y, @allure.id:N, @issue:X, @tms:X, @severity:x, @owner:x
-- through allure.meta, any other tag a `tag` label); an attempt that passed after one
-- that did not (the worst status of the earlier ones) is flaky.
local function write(state, result, a, tags, key, line, last, worker)
  -- Kept for the whole report by fingerprint (not by the strings): the identity's count,
  -- and for each attempt key its occurrence, its attempts' worst status and last start.
  local id = result.fullName
  for _, p in ipairs(result.parameters) do id = id .. "\0" .. p.name .. "\0" .. p.value end
  local moves = key == nil
  key = key or fingerprint(id .. "\0" .. line)
  local attempts, start, stop = state.attempts, result.start, result.stop
  local occurrence, previous = attempts[key], nil
  if occurrence then
    previous = STATUS_OF[occurrence % 8]
    occurrence = occurrence // 8
    -- Attempts at least 1 ms apart, the later one last.
    local before = state.starts[key]
    if moves then
      local shift = before + 1 - start
      if shift > 0 then
        start, stop = start + shift, stop + shift
        for _, i in ipairs(a.items) do i.start, i.stop = i.start + shift, i.stop + shift end
      end
    elseif start <= before then
      start = before + 1
    end
  else
    local seen = fingerprint(id)              -- how many times the identity was seen, this one included
    occurrence = (state.seen[seen] or 0) + 1
    state.seen[seen] = occurrence
  end
  if last then
    attempts[key], state.starts[key] = nil, nil
  else
    attempts[key] = occurrence * 8 + (STATUS_CODE[status.worst(previous, result.status)] or 5)
    state.starts[key] = start
  end

  local parameters = result.parameters
  if occurrence > 1 then parameters[#parameters + 1] = { name = "occurrence", value = tostring(occurrence) } end
  result.start, result.stop = start, math.max(start, stop)
  result.labels = copy(result.labels)
  if worker then model.label(result.labels, "thread", worker) end
  -- A scenario has a few tags (its feature's and its own): the earlier ones are compared
  -- without a table; a hostile report's hundreds through one.
  local seen = #tags > 8 and {} or nil
  for i, tag in ipairs(tags) do
    local again = seen and seen[tag]
    if seen then
      seen[tag] = true
    else
      for j = 1, i - 1 do
        if tags[j] == tag then again = true break end
      end
    end
    if not again then state.tag(result, tag) end
  end
  if result.status == "passed" and (previous == "failed" or previous == "broken") then
    result.statusDetails = model.flaky(result.statusDetails)
  end
  emit(state, result, a.befores, a.afters)
  state.clock = state.clock and math.max(state.clock, result.stop) or result.stop
end

--}

--{ Cucumber JSON -----------------------------------------------------------------------

-- Text a dialect writes as a string or as a list of lines (error messages, descriptions).
local function text_of(v)
  return nonblank(type(v) == "table" and coerce.joined(v) or v)
end

local function json_description(d)
  if d == "" then return nil end                 -- most elements
  d = text_of(d)
  return d and trim(d)
end

-- Attachments a step or hook carries: embeddings (base64; `mime_type`,
-- cucumber-js 1.x `media.type`, cucumber-jvm `name`), doc strings, data
-- tables (JSON `rows`, cucumber-js `arguments`, behave `text`/`table`) and
-- printed output (`output` lines).
local function json_attachments(it)
  local out = {}
  local doc = type(it.doc_string) == "table" and it.doc_string or nil
  if doc then out[#out + 1] = doc_string(str(doc.value) or str(doc.content), doc.content_type or doc.contentType) end
  if type(it.text) == "string" then out[#out + 1] = doc_string(it.text) end      -- behave
  local rows = {}
  local function add_rows(from)
    for _, row in ipairs(list(from)) do
      if type(row) == "table" then rows[#rows + 1] = list(row.cells) end
    end
  end
  add_rows(it.rows)
  for _, arg in ipairs(list(it.arguments)) do
    if type(arg) == "table" then
      if type(arg.content) == "string" then out[#out + 1] = doc_string(arg.content, arg.content_type) end
      add_rows(arg.rows)
    end
  end
  if type(it.table) == "table" then                                                  -- behave
    if type(it.table.headings) == "table" then rows[#rows + 1] = it.table.headings end
    for _, row in ipairs(list(it.table.rows)) do if type(row) == "table" then rows[#rows + 1] = row end end
  end
  out[#out + 1] = data_table(rows)
  for _, e in ipairs(list(it.embeddings)) do
    if type(e) == "table" then
      local mime = str(e.mime_type) or (type(e.media) == "table" and str(e.media.type)) or nil
      out[#out + 1] = made_attachment(e.data, true, mime, str(e.name))
    end
  end
  if type(it.output) == "table" then out[#out + 1] = model.text_attachment("Output", text_of(it.output)) end
  return out
end

-- A step without a result did not run (behave lists a skipped scenario's steps so).
local NOT_RUN = { status = "skipped" }

-- One step or hook of a JSON element as an Allure step, placed on the clock:
-- durations in nanoseconds, behave's in seconds.
local function json_item(it, name, step_text, hook, clock, state)
  local result = it.result
  if type(result) ~= "table" then result = NOT_RUN end
  local text = result.error_message                      -- most steps have none
  if text ~= nil then
    text = text_of(text)
    text = text and ansi.strip(text) or nil
  end
  local start = clock.now
  local d = result.duration
  -- span's range test alone: NaN, infinities and anything not a number count as 0.
  clock.now = start + span(type(d) == "number" and (state.behave and d * 1000 or d / 1e6) or nil)
  -- Most steps have none of the members attachments come from: one shared, read-only list.
  local attachments = EMPTY
  if it.doc_string or it.text or it.rows or it.arguments or it.table or it.embeddings or it.output then
    attachments = json_attachments(it)
  end
  return item(state, result.status, text and exception.class_of(text), nil, text, name, step_text, hook,
              start, clock.now, attachments)
end

local HOOK_KEYWORDS = { Before = "before", After = "after", BeforeStep = "before_step", AfterStep = "after_step" }
local HOOK_LABELS = { before = "Before", after = "After", before_step = "BeforeStep", after_step = "AfterStep" }

-- Keywords without their blanks: a report holds a handful of them.
local TRIMMED = setmetatable({}, { __index = function(t, k)
  local v = trim(k)
  t[k] = v
  return v
end })

-- Hook names, by kind and location: a report's hooks are a few, run for every scenario.
local function hook_of(h, kind, state)
  local match = h.match
  local location = type(match) == "table" and str(match.location) or nil
  local names, key = state.hook_names[kind], location or "\1"
  local name = names[key]
  if not name then
    if location and is_absolute(location) then location = state.relative(location) end
    name = hook_name(HOOK_LABELS[kind], nil, location)
    names[key] = name
  end
  return name
end

-- What a step's keyword member (any value) gives, once per keyword: the keyword as shown
-- before the step's text (followed by a blank), and the kind of hook it names
-- (cucumber-js), if any.
local STEP_KEYWORDS = setmetatable({}, { __index = function(t, k)
  if type(k) ~= "string" then return t[""] end
  local v = { shown = (k == "" or k:find("%s$")) and k or k .. " ", hook = HOOK_KEYWORDS[TRIMMED[k]] }
  t[k] = v
  return v
end })


-- English keywords of an outline (other languages' rows are found by their line alone);
-- by keyword member (any value), once per keyword.
local OUTLINE_KEYWORDS = setmetatable({}, { __index = function(t, k)
  if type(k) ~= "string" then return false end
  local v = (k:find("Outline", 1, true) or k:find("Template", 1, true)) ~= nil
  t[k] = v
  return v
end })

-- The lists of hooks and steps of an element.
local ITEM_LISTS = { "before", "steps", "after" }

-- Whether a hook or step of the element has a result (it ran).
local function any_ran(element)
  for _, key in ipairs(ITEM_LISTS) do
    for _, it in ipairs(list(element[key])) do
      if type(it) == "table" and type(it.result) == "table" then return true end
    end
  end
  return false
end

-- The hooks and steps of a scenario element (with the background element that ran
-- before it) on the clock, arranged.
-- Hooks of one kind (`placed`: where they go when not by their kind) arranged in a.
local function json_hooks(a, hooks, kind, clock, state, placed)
  if hooks == nil then return end                 -- most elements have no After hooks
  for _, h in ipairs(list(hooks)) do
    if type(h) == "table" then
      arrange(a, placed or kind, json_item(h, hook_of(h, kind, state), nil, kind, clock, state))
    end
  end
end

local function json_steps(a, steps, only_run, clock, state)
  for _, step in ipairs(list(steps)) do
    -- behave lists a background's steps without results: they ran (and are
    -- reported) as the scenario's own.
    if type(step) == "table" and (not only_run or type(step.result) == "table") then
      local keyword, name = STEP_KEYWORDS[step.keyword], step.name
      if type(name) ~= "string" then name = "" end
      -- cucumber-js writes hooks as hidden steps (or steps without a name), in the order
      -- they ran, with the keyword of their kind.
      local hook = keyword.hook and (step.hidden or not nonblank(name)) and keyword.hook
      if hook == "before" or hook == "after" then
        json_hooks(a, { step }, hook, clock, state, hook == "before" and a.last and "after" or nil)
      else
        -- Step hooks (cucumber-jvm BeforeStep/AfterStep, cucumber-ruby AfterStep) as sub-steps.
        if step.before then json_hooks(a, step.before, "before_step", clock, state) end
        arrange(a, "step", json_item(step, keyword.shown .. name, name, nil, clock, state))
        if step.after then json_hooks(a, step.after, "after_step", clock, state) end
      end
    end
  end
end

local function json_items(element, background, clock, state)
  local a = arranger()
  if background then json_hooks(a, background.before, "before", clock, state) end
  json_hooks(a, element.before, "before", clock, state)
  if background then json_steps(a, background.steps, true, clock, state) end
  json_steps(a, element.steps, false, clock, state)
  if background then json_hooks(a, background.after, "after", clock, state) end
  json_hooks(a, element.after, "after", clock, state)
  return a
end

-- The clock of a report without start times: it ends at the report's time, so it starts
-- as long before as its items' durations add up to. Summed by another reading of the
-- report the first time a scenario has no start time (most reports have them); the
-- later scenarios follow the last one written.
local function json_clock(state)
  if state.durations then
    local start = state.durations()
    state.durations = nil
    state.clock = state.clock and math.max(start, state.clock) or start
  end
  return state.clock
end

local BEHAVE_HOOK_FAILED = "the scenario failed before its first step ran: a hook failed "
  .. "(behave writes no error into the JSON report; --junit has it)"

-- A scenario element (with the background element that ran before it) as a result.
local function json_scenario(element, background, feature, state)
  local start = epoch(time.iso(str(element.start_timestamp))) or json_clock(state)
  local clock = { now = start }
  local a = json_items(element, background, clock, state)
  local outcome, details = scenario_outcome(a.items)
  -- behave writes the scenario's own status too: it tells when no step ran (a
  -- scenario skipped by a tag or a hook, or one without steps).
  if str(element.status) and not any_ran(element) then
    outcome = step_status(element.status, nil, state.opts)
    -- A before_scenario hook that raised: behave says "failed", runs no step and
    -- writes the error nowhere in the JSON (--junit has it as HOOK-ERROR).
    if state.behave and outcome == "failed" and not details then
      outcome, details = "broken", { message = BEHAVE_HOOK_FAILED }
    end
  end

  -- Identity: the feature file and the scenario's name. An outline's rows have
  -- their values in the name; rows (or scenarios) whose names repeat get an
  -- occurrence parameter; the same scenario at the same line again is another
  -- attempt of it (cucumber-ruby --retry).
  local name = nonblank(str(element.name)) or ("%s (line %s)"):format(str(element.keyword) or "Scenario",
    tostring(num(element.line) or "?"))
  local full_name = feature.uri .. "#" .. name
  local parameters = {}
  if state.dialect == "behave" then
    -- behave names an outline's rows "<name> -- @<table>.<row> <examples name>":
    -- the outline's name is the identity, the row a parameter.
    local base, row = name:match("^(.-) %-%- @(%d+%.%d+)")
    if base and base:find("%S") then
      full_name = feature.uri .. "#" .. base
      parameters[1] = { name = "example", value = row }
    end
  end
  -- An outline's row (its line is a row of an Examples table in the feature file):
  -- the outline's name as written is the identity, the row's cells the parameters,
  -- named by the table's header, as in Messages.
  -- behave gives no line but a location ("features/x.feature:35"): the row's line too,
  -- and the row from the feature file beats the " -- @1.1" name (whose values vary).
  local line = num(element.line) or (str(element.location) and tonumber(element.location:match(":(%d+)$")))
  local row_line = line and math.tointeger(line)
  if row_line then
    local lines, why = state.feature_lines(feature.source)
    local row = lines and gherkin.example_row(lines, row_line, str(element.keyword))
    if row then
      full_name = feature.uri .. "#" .. row.name
      parameters = {}
      local cells = {}
      for k, p in ipairs(row.parameters) do parameters[k], cells[p.name] = p, p.value end
      -- cucumber-ruby 2 names a row as the outline is written ("<name>"): shown with
      -- its values, as cucumber-js and the Messages name it.
      if name == row.name then name = name:gsub("<([^<>]+)>", cells) end
    elseif not lines and not state.warned_features and OUTLINE_KEYWORDS[element.keyword] then
      state.warned_features = true     -- once per input: every row of every outline would repeat it
      state.ctx:warn(why .. ": outline rows keep the names they ran with, without parameters (--opt features=DIR)")
    end
  end
  write(state, {
    name = name, fullName = full_name, titlePath = feature.title_path, status = outcome, statusDetails = details,
    description = json_description(element.description) or feature.description, start = start,
    stop = clock.now, labels = feature.labels, links = {}, parameters = parameters, steps = a.steps,
    -- the line's text only keys this run's attempts: an integer's, the cheaper, when it is one
  }, a, tags_of(copy(feature.tags), element.tags), nil, tostring(row_line or line or ""))
end

local function is_background(element)
  local t = str(element.type)
  if t then return t == "background" end
  return TRIMMED[str(element.keyword) or ""] == "Background"
end

-- behave writes `step_type` on steps and a `status` on features; cucumber-js
-- hidden hook steps; cucumber-jvm and cucumber-ruby hooks in before/after lists.
-- The first features tell (the first 20 at most): a dialect shows in every scenario.
-- One feature's verdict, or nil.
local function feature_dialect(feature)
  if feature.status ~= nil or feature.location ~= nil then return "behave" end
  for _, element in ipairs(list(feature.elements)) do
    for _, step in ipairs(type(element) == "table" and list(element.steps) or EMPTY) do
      if type(step) == "table" then
        if step.step_type ~= nil then return "behave" end
        if step.hidden ~= nil or step.arguments ~= nil then return "cucumber-js" end
      end
    end
  end
end

local DIALECT_LANGUAGE = { behave = "python", ["cucumber-js"] = "javascript" }

local function feature_uri(feature)
  return str(feature.uri) or (str(feature.location) and feature.location:match("^(.-):%d+$"))
    or str(feature.location) or str(feature.id) or str(feature.name) or ""
end

local function is_feature(feature)
  return type(feature) == "table"
    and not (feature.elements == nil and feature.keyword == nil and feature.uri == nil)
end

-- What the first pass reads of a feature: is_feature and feature_uri, and of the first
-- ones feature_dialect too; what the durations' pass reads.
local FEATURE_KEYS = { "uri", "location", "id", "name", "keyword", "elements" }
local DIALECT_KEYS = { "uri", "location", "id", "name", "keyword", "elements", "steps", "status", "step_type",
                       "hidden", "arguments" }
local DURATION_KEYS = { "elements", "before", "steps", "after", "result", "duration" }

-- The durations of an element's hooks and steps added to the sums: nanoseconds (most
-- dialects) and seconds (behave), json_item's two readings of one value.
local function add_durations(element, total, behave_total)
  for _, key in ipairs(ITEM_LISTS) do
    for _, it in ipairs(list(element[key])) do
      if type(it) == "table" then
        local result = it.result
        local d = num(type(result) == "table" and result.duration or nil) or 0
        behave_total = behave_total + span(d * 1000)
        total = total + span(d / 1e6)
      end
    end
  end
  return total, behave_total
end

-- read.rewound() gives next(keys) over the features from the first one: over a
-- json.elements reader (rewound: the report is read twice, one feature at a time, the
-- first time skimmed: only the members named by keys) or over a decoded array; it
-- gives false, err for a feature that does not decode. read.each(keys, f) calls f for
-- each feature with a reader of its own (a pass inside the main one).
local function convert_json(read, input, ctx, state)
  -- First pass: a damaged report or one that is not Cucumber's gives no result at all;
  -- the paths (identities need the project root) and the dialect are known before the
  -- first scenario is written.
  local uris = {}
  local dialect, decided, cucumber = nil, false, true
  local next_feature, n = read.rewound(), 0
  while true do
    local i, feature = next_feature((not decided and n < 20) and DIALECT_KEYS or FEATURE_KEYS)
    if i == nil then break end
    if i == false then return nil, feature end
    n = i
    if cucumber and not is_feature(feature) then cucumber = false end
    if cucumber then
      if not decided and i <= 20 then
        dialect = feature_dialect(feature)
        decided = dialect ~= nil
      end
      uris[#uris + 1] = feature_uri(feature)
    end
  end
  if not cucumber then
    return false, input.name .. NOT_CUCUMBER_JSON
  end
  state.format, state.dialect, state.framework = "cucumber-json", dialect, dialect
  state.behave = dialect == "behave"
  state.language = DIALECT_LANGUAGE[dialect or ""]
  local relative = relativizer(uris, ctx.opts.root)
  state.relative = relative
  function state.durations()
    local total, behave_total = 0, 0
    read.each(DURATION_KEYS, function(feature)
      for _, element in ipairs(list(feature.elements)) do
        if type(element) == "table" then total, behave_total = add_durations(element, total, behave_total) end
      end
    end)
    return ctx.base_time - math.floor(dialect == "behave" and behave_total or total)
  end
  -- Feature files, for the names and Examples headers of outline rows: relative
  -- paths are the run's working directory's (--opt features), else the report's.
  local features_dir = ctx.opts.features ~= "" and ctx.opts.features or "."
  state.feature_lines = gherkin.reader { base = features_dir,
    from = { features_dir, input.file and input.file:match("^(.*)/[^/]*$") or "." } }

  next_feature = read.rewound()
  for i, f in function() return next_feature() end do
    if i == false then return nil, f end
    local uri = feature_uri(f)
    local feature = { uri = relative(uri) or "", source = clean_uri(uri), name = str(f.name),
                      tags = tags_of({}, f.tags), description = json_description(f.description) }
    feature.title_path = title_path(feature.uri, feature.name)
    feature.labels = base_labels(state, feature.name)
    local background
    for _, element in ipairs(list(f.elements)) do
      if type(element) == "table" then
        if is_background(element) then
          background = element
        elseif element.type ~= "scenario_outline" then
          -- (an outline itself, old cucumber-jvm: its rows follow as scenarios)
          json_scenario(element, background, feature, state)
          background = nil
        end
      end
    end
  end
  return true
end

--}

--{ Cucumber Messages ---------------------------------------------------------------------

-- The envelope keys of the Messages protocol: a line holding one of them is a message.
local ENVELOPES = {}
for kind in ([[attachment externalAttachment gherkinDocument hook meta parameterType parseError pickle
  source stepDefinition suggestion testCase testCaseFinished testCaseStarted testRunFinished
  testRunHookFinished testRunHookStarted testRunStarted testStepFinished testStepStarted
  undefinedParameterType]]):gmatch("%a+") do ENVELOPES[kind] = true end

local function envelope_kind(v)
  if type(v) ~= "table" then return nil end
  local key = next(v)
  if key and ENVELOPES[key] and next(v, key) == nil and type(v[key]) == "table" then return key end
end

-- {seconds=, nanos=} as ms (a timestamp, or with span a duration); NaN and infinities
-- fail epoch's and span's range checks.
local function seconds_nanos(t, check)
  if type(t) ~= "table" then return check(nil) end
  local s, n = t.seconds, t.nanos
  if type(s) ~= "number" and check == epoch then return nil end
  return check((type(s) == "number" and s * 1000 or 0) + (type(n) == "number" and n / 1e6 or 0))
end

local function timestamp(t) return seconds_nanos(t, epoch) end

-- The implementation that wrote the messages: framework and language labels.
local LANGUAGES = {
  ["cucumber-js"] = "javascript", ["cucumber-jvm"] = "java", ["cucumber-ruby"] = "ruby",
  ["cucumber-go"] = "go", godog = "go", ["cucumber-dotnet"] = "csharp", reqnroll = "csharp",
  behave = "python", ["pytest-bdd"] = "python", ["cucumber-php"] = "php",
}
local RUNTIMES = { { "node", "javascript" }, { "jvm", "java" }, { "java", "java" }, { "ruby", "ruby" } }

local HOOK_KINDS = {
  BEFORE_TEST_CASE = "before", AFTER_TEST_CASE = "after",
  BEFORE_TEST_STEP = "before_step", AFTER_TEST_STEP = "after_step",
}

-- "features/support/hooks.js:12" from a Messages sourceReference.
local function source_location(ref)
  if type(ref) ~= "table" or not str(ref.uri) then return nil end
  local line = type(ref.location) == "table" and num(ref.location.line)
  return ref.uri .. (line and (":" .. math.floor(line)) or "")
end

-- The cells of a table row ({cells = {{value=}, ...}}) as strings.
local function cell_values(row)
  local values = {}
  for i, cell in ipairs(type(row) == "table" and list(row.cells) or EMPTY) do
    values[i] = type(cell) == "table" and str(cell.value) or ""
  end
  return values
end

-- The reader of one stream: what the messages declared (documents, pickles, hooks,
-- test cases, by id) and the attempts running. A handler per envelope kind.
local Messages = {}
Messages.__index = Messages

function Messages:meta(m)
  local state = self.state
  local impl = type(m.implementation) == "table" and str(m.implementation.name) or nil
  if impl then state.framework, state.language = impl, LANGUAGES[impl:lower()] end
  if not state.language and type(m.runtime) == "table" then
    local runtime = (str(m.runtime.name) or ""):lower()
    for _, r in ipairs(RUNTIMES) do
      if runtime:find(r[1], 1, true) then
        state.language = r[2]
        break
      end
    end
  end
end

function Messages:ast_steps(steps)
  for _, step in ipairs(list(steps)) do
    if type(step) == "table" and str(step.id) then self.keywords[step.id] = str(step.keyword) end
  end
end

-- Scenarios and example rows of a feature file by their ids.
function Messages:scenario(s, feature, rule)
  if type(s) ~= "table" or not str(s.id) then return end
  local location = type(s.location) == "table" and s.location or EMPTY
  self.scenarios[s.id] = { name = str(s.name) or "", description = nonblank(str(s.description)),
                           line = num(location.line), feature = feature, rule = rule }
  self:ast_steps(s.steps)
  for _, examples in ipairs(list(s.examples)) do
    if type(examples) == "table" then
      local header = cell_values(examples.tableHeader)
      for _, row in ipairs(list(examples.tableBody)) do
        if type(row) == "table" and str(row.id) then
          local params = {}
          for i, value in ipairs(cell_values(row)) do
            params[i] = { name = nonblank(header[i]) or ("column " .. i), value = value }
          end
          self.rows[row.id] = params
        end
      end
    end
  end
end

-- The children of a feature or of a rule in it.
function Messages:children(children, feature, rule)
  for _, child in ipairs(list(children)) do
    if type(child) == "table" then
      if type(child.background) == "table" then self:ast_steps(child.background.steps) end
      if child.scenario then self:scenario(child.scenario, feature, rule) end
      if not rule and type(child.rule) == "table" then
        self:children(child.rule.children, feature, { name = str(child.rule.name) })
      end
    end
  end
end

function Messages:gherkinDocument(d)
  local f = type(d.feature) == "table" and d.feature or nil
  if not f then return end
  self:children(f.children, { uri = self.state.relative(str(d.uri)) or "", name = str(f.name),
                              description = nonblank(str(f.description)) })
end

function Messages:pickle(p)
  if not str(p.id) then return end
  self.pickles[p.id] = p
  for _, step in ipairs(list(p.steps)) do
    if type(step) == "table" and str(step.id) then self.pickle_steps[step.id] = step end
  end
end

function Messages:hook(h)
  if not str(h.id) then return end
  self.hooks[h.id] = h
  -- Run hooks are declared before any scenario runs: only then the scenarios'
  -- uuids are kept, for the container that gives them those hooks.
  if h.type == "BEFORE_TEST_RUN" or h.type == "AFTER_TEST_RUN" then self.state.collect_children = true end
end

function Messages:suggestion(s)
  if not str(s.pickleStepId) then return end
  local code = {}
  for _, snippet in ipairs(list(s.snippets)) do
    if type(snippet) == "table" and str(snippet.code) then code[#code + 1] = snippet.code end
  end
  if #code > 0 then self.suggestions[s.pickleStepId] = table.concat(code, "\n\n") end
end

function Messages:testCase(tc)
  if str(tc.id) then self.test_cases[tc.id] = tc end
end

function Messages:testCaseStarted(m)
  if not str(m.id) then return end
  self.started[m.id] = { id = m.id, test_case = str(m.testCaseId), start = timestamp(m.timestamp),
                         worker = str(m.workerId), steps = {}, attachments = {} }
end

function Messages:step_record(case_started_id, step_id)
  local run = self.started[case_started_id]
  if not run or type(step_id) ~= "string" then return nil end
  local rec = run.steps[step_id]
  if not rec then rec = { attachments = {} }; run.steps[step_id] = rec end
  return rec
end

function Messages:testStepStarted(m)
  local rec = self:step_record(m.testCaseStartedId, m.testStepId)
  if rec then rec.start = timestamp(m.timestamp) end
end

function Messages:testStepFinished(m)
  local rec = self:step_record(m.testCaseStartedId, m.testStepId)
  if rec then
    rec.result = type(m.testStepResult) == "table" and m.testStepResult or {}
    rec.stop = timestamp(m.timestamp)
  end
end

function Messages:attachment(a)
  local url = str(a.url)
  local att = not url and made_attachment(a.body, (str(a.contentEncoding) or ""):upper() == "BASE64",
                                          str(a.mediaType), str(a.fileName)) or nil
  local target
  local run = self.started[a.testCaseStartedId]
  if run then
    target = str(a.testStepId) and self:step_record(run.id, a.testStepId) or run
  elseif str(a.testRunHookStartedId) then
    target = self.run_hooks[a.testRunHookStartedId]
  end
  if target then
    if att then target.attachments[#target.attachments + 1] = att end
    if url then
      target.links = target.links or {}
      table.insert(target.links, { type = "link", url = url, name = str(a.fileName) or url })
    end
  elseif att then
    -- Made outside any scenario (BeforeAll, the run itself): a run-level attachment.
    att.timestamp = timestamp(a.timestamp)
    self.state.ctx:globals { attachments = { att } }
  end
end
Messages.externalAttachment = Messages.attachment

-- A hook or step outcome as an Allure step (or fixture); rec: its times and attachments.
function Messages:item(result, name, text, hook, rec, attachments)
  local exc = type(result.exception) == "table" and result.exception or EMPTY
  local message_text = nonblank(str(result.message)) and ansi.strip(result.message) or nil
  local trace = nonblank(str(exc.stackTrace)) and ansi.strip(exc.stackTrace) or message_text
  local message = nonblank(str(exc.message)) and ansi.strip(exc.message)
  if message and str(exc.type) and not message:find(exc.type, 1, true) then
    message = exc.type .. ": " .. message
  end
  local start = rec.start or self.state.clock
  return item(self.state, result.status, str(exc.type) or exception.class_of(message_text), message, trace,
              name, text, hook, start, rec.stop or (start + seconds_nanos(result.duration, span)),
              attachments or rec.attachments)
end

-- BeforeAll/AfterAll hooks: fixtures of a container around every result of the run.
function Messages:testRunHookStarted(m)
  if not str(m.id) then return end
  self.run_hooks[m.id] = { hook = self.hooks[m.hookId], start = timestamp(m.timestamp), attachments = {} }
end

function Messages:testRunHookFinished(m)
  local run_hook = self.run_hooks[m.testRunHookStartedId]
  if not run_hook then return end
  local hook = run_hook.hook or EMPTY
  local after = hook.type == "AFTER_TEST_RUN"
  local fixture = self:item(type(m.result) == "table" and m.result or EMPTY,
    hook_name(after and "AfterAll" or "BeforeAll", str(hook.name), source_location(hook.sourceReference)),
    nil, "run", run_hook)
  fixture.stop = timestamp(m.timestamp) or fixture.stop
  table.insert(after and self.run_afters or self.run_befores, fixture)
  if fixture.status ~= "passed" and fixture.status ~= "skipped" then
    local message = fixture.statusDetails and fixture.statusDetails.message or fixture.status
    self.state.ctx:warn(("%s failed: %s"):format(fixture.name, message))
    self.state.ctx:globals { errors = { { message = fixture.name .. ": " .. message,
      trace = fixture.statusDetails and fixture.statusDetails.trace, timestamp = fixture.stop } } }
  end
end

-- A feature file that did not parse: its scenarios never ran.
function Messages:parseError(m)
  local state = self.state
  local source = type(m.source) == "table" and m.source or EMPTY
  local uri = state.relative(str(source.uri)) or ""
  local loc = type(source.location) == "table" and source.location or EMPTY
  local where = uri .. (num(loc.line) and (":" .. math.floor(loc.line)) or "")
  local message = str(m.message) or "parse error"
  state.ctx:warn(("%s: %s"):format(where, message))
  emit(state, {
    name = uri .. " (parse error)", fullName = uri .. "#(parse error)", status = "broken",
    statusDetails = { message = message }, start = state.clock, stop = state.clock,
    titlePath = title_path(uri), labels = base_labels(state, nil), links = {}, parameters = {},
  }, EMPTY, EMPTY, true)
end

-- A step of a test case, with its doc string, data table and, when it is
-- undefined, the step definition cucumber suggests.
function Messages:step_item(ts, rec)
  local ps = self.pickle_steps[ts.pickleStepId] or EMPTY
  local text = str(ps.text) or ""
  local attachments = {}
  local arg = type(ps.argument) == "table" and ps.argument or EMPTY
  if type(arg.docString) == "table" then
    attachments[1] = doc_string(str(arg.docString.content), arg.docString.mediaType)
  end
  if type(arg.dataTable) == "table" then
    local rows = {}
    for i, row in ipairs(list(arg.dataTable.rows)) do rows[i] = cell_values(row) end
    attachments[#attachments + 1] = data_table(rows)
  end
  if LOWER[str(rec.result.status) or ""] == "undefined" and self.suggestions[ps.id] then
    attachments[#attachments + 1] = { name = "Suggested step definition", content = self.suggestions[ps.id],
                                      type = "text/plain" }
  end
  for _, a in ipairs(rec.attachments) do attachments[#attachments + 1] = a end
  local keyword = self.keywords[list(ps.astNodeIds)[1]] or ""
  return self:item(rec.result, keyword .. text, text, nil, rec, attachments)
end

-- The hooks and steps of one attempt, arranged. A hook's type says where it ran;
-- hooks of the older protocol have none: before the first step they are Before
-- hooks, after the last After hooks, between steps AfterStep hooks.
function Messages:items(run, test_steps, cut)
  local first, last
  for i, ts in ipairs(test_steps) do
    if type(ts) == "table" and ts.pickleStepId then first = first or i; last = i end
  end
  local a = arranger()
  for i, ts in ipairs(test_steps) do
    if type(ts) == "table" then
      local rec = run.steps[ts.id] or { attachments = {} }
      -- A step without a result did not run; when the stream was cut, nobody knows.
      rec.result = rec.result or { status = cut and "UNKNOWN" or "SKIPPED" }
      for _, l in ipairs(rec.links or EMPTY) do run.links[#run.links + 1] = l end
      if ts.hookId then
        local hook = self.hooks[ts.hookId] or EMPTY
        local kind = HOOK_KINDS[hook.type]
          or ((not first or i < first) and "before" or (i > last and "after" or "after_step"))
        arrange(a, kind, self:item(rec.result, hook_name(HOOK_LABELS[kind], str(hook.name),
          source_location(hook.sourceReference)), nil, kind, rec))
      else
        arrange(a, "step", self:step_item(ts, rec))
      end
    end
  end
  return a
end

-- The test case is done (no retry follows): forget it, so memory does not grow
-- with the run.
function Messages:forget(test_case_id, pickle)
  self.test_cases[test_case_id] = nil
  for _, ps in ipairs(list(pickle.steps)) do
    if type(ps) == "table" and ps.id then self.pickle_steps[ps.id] = nil; self.suggestions[ps.id] = nil end
  end
  if pickle.id then self.pickles[pickle.id] = nil end
end

-- The result of one attempt of a test case.
function Messages:finish(run, will_be_retried, stop_time, cut)
  local state = self.state
  local tc = self.test_cases[run.test_case]
  if not tc then return end
  local pickle = self.pickles[tc.pickleId] or EMPTY
  local ast_ids = list(pickle.astNodeIds)
  local scenario = self.scenarios[str(ast_ids[1]) or ""] or { name = str(pickle.name) or "", feature = {} }
  local feature, rule = scenario.feature or EMPTY, scenario.rule
  local uri = state.relative(str(pickle.uri)) or feature.uri or ""

  run.links = {}
  local a = self:items(run, list(tc.testSteps), cut)
  local outcome, details = scenario_outcome(a.items)
  if cut then
    outcome = "broken"
    details = { message = "the report ended while this scenario was running", trace = details and details.trace }
  end

  -- Identity: the feature file and the scenario as written (an outline's name
  -- with its <placeholders>), the example row's values as parameters. So the
  -- testCaseId is the one allure-cucumberjs gives the same scenario.
  local full_name = uri .. "#" .. (nonblank(scenario.name) or ("line " .. tostring(scenario.line or "?")))
  local parameters = {}
  for i, p in ipairs(self.rows[str(ast_ids[2]) or ""] or EMPTY) do
    parameters[i] = { name = p.name, value = p.value }
  end
  local start = run.start or (a.items[1] and a.items[1].start) or state.clock
  -- The labels of the feature and rule are made once.
  scenario.labels = scenario.labels or base_labels(state, feature.name, rule and rule.name)
  write(state, {
    name = nonblank(str(pickle.name)) or full_name, fullName = full_name,
    titlePath = title_path(uri, feature.name, rule and rule.name), status = outcome, statusDetails = details,
    description = trim(scenario.description or feature.description), start = start,
    stop = stop_time or (a.items[#a.items] and a.items[#a.items].stop) or start,
    labels = scenario.labels, links = run.links, parameters = parameters, steps = a.steps,
    attachments = run.attachments,
  }, a, tags_of({}, pickle.tags), run.test_case, nil, not will_be_retried, run.worker)
  if not will_be_retried then self:forget(run.test_case, pickle) end
end

function Messages:testCaseFinished(m)
  local run = self.started[m.testCaseStartedId]
  if not run then return end
  self.started[m.testCaseStartedId] = nil
  self:finish(run, m.willBeRetried == true, timestamp(m.timestamp), false)
end

-- Test cases started but never finished: the stream was cut.
function Messages:close()
  local unfinished = {}
  for _, run in pairs(self.started) do unfinished[#unfinished + 1] = run end
  table.sort(unfinished, function(a, b)
    if (a.start or 0) ~= (b.start or 0) then return (a.start or 0) < (b.start or 0) end
    return a.id < b.id
  end)
  self.started = {}
  for _, run in ipairs(unfinished) do self:finish(run, false, nil, true) end
  -- BeforeAll/AfterAll hooks around every result of the run.
  if (#self.run_befores > 0 or #self.run_afters > 0) and #self.state.children > 0 then
    self.state.ctx:container { name = "Test run", children = self.state.children,
                               befores = self.run_befores, afters = self.run_afters }
  end
end

-- Handlers of the envelopes the mapping reads (the others are passed over).
local HANDLED = {}
for kind in pairs(ENVELOPES) do HANDLED[kind] = Messages[kind] end

-- Reads the messages: `first` is the first message, already decoded.
local function convert_messages(first, s, ctx, state)
  state.format = "cucumber-messages"
  -- Streamed: the paths are not known in advance, only the working directory is.
  state.relative = relativizer({}, ctx.opts.root ~= "" and ctx.opts.root or require("allure.host").cwd())
  state.clock = ctx.base_time
  local m = setmetatable({
    state = state, scenarios = {}, rows = {}, keywords = {}, pickles = {}, pickle_steps = {}, hooks = {},
    test_cases = {}, started = {}, suggestions = {}, run_hooks = {}, run_befores = {}, run_afters = {},
  }, Messages)
  local follow = stream.follow_options(ctx.opts).follow
  local v, err = first, nil
  while v ~= nil do
    if v == false then
      m:close()
      return nil, err
    end
    if type(v) == "table" then
      local kind = next(v)
      local handler = HANDLED[kind]
      if handler and type(v[kind]) == "table" then handler(m, v[kind]) end
      -- A followed file ends with the run: no need to wait out follow-timeout.
      if kind == "testRunFinished" and follow then break end
    end
    v, err = s:decode()
  end
  m:close()
  return true
end

--}

--{ Which input ---------------------------------------------------------------------------

local detect_json = kit.detect { { 90, "Cucumber JSON (features with keyword and elements)",
  text = { "^%s*%[", '"keyword"%s*:%s*"', '"elements"%s*:' } } }

-- The bound of a line of Messages (json.lines' default).
local MESSAGE_MAX_LINE = 64 * 1024 * 1024

-- A JSON document from a regular file: read one feature at a time (json.elements), twice.
local function convert_file(input, ctx, state)
  -- Embeddings over 1 MiB stay in the file as spans, decoded by the writer piece by piece.
  local reader <close>, err = json.elements(input.file, { name = input.name, spans = { "data" } })
  if not reader then return nil, err end
  return convert_json({
    rewound = function()
      local ok, rerr = reader:rewind()
      if not ok then return function() return false, rerr end end
      return function(keys) return reader:next(keys) end
    end,
    each = function(keys, f)
      local again <close> = json.elements(input.file, { name = input.name, spans = { "data" } })
      if not again then return end
      for i, feature in again:elements(keys) do
        if i == false then return end
        f(feature)
      end
    end,
  }, input, ctx, state)
end

-- A JSON document on standard input or a FIFO (it may arrive as one long line): the rest
-- of it after its first line, then decoded whole.
local function convert_piped(line, s, input, ctx, state)
  local parts, size = { line }, #line
  for rest, n in s:lines() do
    if rest == false then return nil, n end
    parts[#parts + 1] = rest
    size = size + #rest + 1
    if size > jsondoc.MAX_SIZE then
      return nil, ("%s: larger than %d bytes (max_size)"):format(input.name, jsondoc.MAX_SIZE)
    end
  end
  local doc, err = json.decode(table.concat(parts, "\n"), input.name)
  if doc == nil then return nil, err end
  if type(doc) ~= "table" then return false, input.name .. NOT_CUCUMBER_JSON end
  return convert_json({
    rewound = function()
      local n = 0
      return function()
        n = n + 1
        if doc[n] ~= nil then return n, doc[n] end
      end
    end,
    each = function(_, f) for _, feature in ipairs(doc) do f(feature) end end,
  }, input, ctx, state)
end

local function convert(input, ctx, state)
  state.children, state.seen, state.attempts, state.starts = {}, {}, {}, {}
  state.hook_names = { before = {}, after = {}, before_step = {}, after_step = {} }
  state.tag = meta.tagger(state.meta)
  -- A file's first character tells the formats apart; a JSON document may be one
  -- line of hundreds of MB, never read as a line.
  -- Only a regular file is peeked at: a FIFO would lose what was read.
  local head = jsondoc.head(input, 4096)
  if head and head:gsub("^\239\187\191", ""):match("^%s*(%S)") == "[" then
    return convert_file(input, ctx, state)
  end

  -- Messages, or standard input: line by line, following a growing file (--opt follow);
  -- on standard input or a FIFO a JSON document may arrive as one long line.
  local opts = stream.follow_options(ctx.opts)
  if not jsondoc.rereadable(input) then opts.max_line = jsondoc.MAX_SIZE end
  local s, err = input:lines(opts)
  if not s then return nil, err end
  local line, lineno
  repeat line, lineno = s:read() until not line or line:find("%S")
  if line == false then return nil, lineno end
  if line == nil then return false, input.name .. ": empty, not a Cucumber report" end
  if line:find("^%s*%[") then return convert_piped(line, s, input, ctx, state) end

  local first, derr = json.decode(line)
  -- Messages: one envelope a line, each bounded as usual (the first line may have been
  -- read under the bound of a whole document).
  s:limit(MESSAGE_MAX_LINE)
  if envelope_kind(first) then return convert_messages(first, s, ctx, state) end
  local key = line:match('^%s*{%s*"([%w]+)"')
  if key and ENVELOPES[key] then
    -- A message that does not decode: a damaged report, not another format.
    return nil, ("%s:%d: %s"):format(input.name, lineno, derr or "not a Cucumber message")
  end
  return false, input.name .. ": not a Cucumber report (neither a JSON array of features nor Cucumber Messages)"
end

--}

return kit.converter {
  name = "cucumber",
  description = "Cucumber JSON (cucumber-jvm, -js, -ruby, behave) and Cucumber Messages NDJSON",
  extensions = { "json", "ndjson", "jsonl" },
  help = [==[
Reads the JSON formatter's report of cucumber-jvm, cucumber-js, cucumber-ruby
and behave, and Cucumber Messages (`--format message`, NDJSON), told apart by
the first line. Every scenario (each example row of an outline) is a test: steps
with their keyword, doc strings and data tables as attachments, Before/After
hooks as set-up and tear-down fixtures, embeddings as attachments, retried
attempts as retries. Tags follow the Allure conventions (@allure.label.x:y,
@allure.id:N, @issue:X, @tms:X, @severity:x, @owner:x). docs/formats/cucumber.md
has the mapping.]==],
  options = {
    { name = "undefined", default = "broken", choices = { "broken", "failed", "skipped", "unknown" },
      help = "status of a scenario with an undefined step" },
    { name = "hooks", default = "fixtures", choices = { "fixtures", "steps" },
      help = "Before/After hooks as fixtures (set-up/tear-down) or as steps" },
    { "root", help = "directory absolute feature file paths are made relative to (default: the working "
        .. "directory when they all lie under it, else the directory they share)" },
    { name = "features", default = "",
      help = "directory the feature files of a JSON report are read from (and must lie under), for the "
        .. "names and Examples headers of outline rows (default: the working directory)" },
    { "link", help = "KIND=URL-TEMPLATE for tag keys, e.g. issue=https://jira.example.com/browse/{}" },
    "follow", "follow-timeout",
  },

  detect = function(sniff)
    if envelope_kind(sniff:first_json()) then return 95, "Cucumber Messages (NDJSON envelopes)" end
    return detect_json(sniff)
  end,

  convert = convert,
}
