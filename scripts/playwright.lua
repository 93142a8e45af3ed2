-- Playwright JSON reporter -> Allure results.
--
-- The report is one JSON document: file suites hold describe suites and specs;
-- a spec holds one test per project (and per repetition), and a test one result
-- per attempt (retries). Each attempt becomes a result as the tree is walked, so
-- nothing but the identities seen (for repetitions) is kept. A merged report
-- (playwright merge-reports) has the same shape; shard reports convert one by
-- one into the same results directory. docs/formats/playwright.md has the mapping.
local kit = require "allure.kit"
local json, time, model, status, meta, ansi = kit.require("json", "time", "model", "status", "meta", "ansi")
local attach, base64, jserror, jsreport = kit.require("attach", "base64", "jserror", "jsreport")
local relpath, coerce, attempts = kit.require("relpath", "coerce", "attempts")
local str, list, int, duration_of = coerce.str, coerce.list, coerce.int, coerce.duration

-- allure-js's runtime API (allure.label(), allure.link(), ...) inside Playwright tests
-- sends its calls as attachments of these types; applied, not attached.
local ALLURE_MESSAGE = "application/vnd.allure.message+json"
local ALLURE_METADATA = "application/vnd.allure.metadata+json"

-- Steps nest as test.step calls do; deeper than this is not a real report.
local MAX_STEP_DEPTH = 50

--{ Errors -----------------------------------------------------------------------------

-- Status and details of an error. Its location (relative to rootDir) and snippet
-- (the source around the failing line) follow the stack in the trace.
local function error_details(err, state)
  if type(err) ~= "table" then return "broken", nil end
  -- Playwright's messages start with the error's class ("Error: expect(received)...").
  local message = str(err.message) and (ansi.strip(err.message):gsub("^%s*Error: ", "")) or str(err.value)
  local stack = str(err.stack) and ansi.strip(err.stack)
  local e = { message = message, stack = stack }
  local s = jserror.status(e)
  local d = jserror.details(e) or { message = "failed" }
  local parts = { d.trace }
  local location = type(err.location) == "table" and err.location
  local snippet = str(err.snippet) and ansi.strip(err.snippet)
  if location and str(location.file) then
    parts[#parts + 1] = ("%s:%d:%d"):format(state.relative(location.file), int(location.line) or 0,
      int(location.column) or 0)
  end
  if snippet and snippet:find("%S") then parts[#parts + 1] = snippet end
  d.trace = #parts > 0 and table.concat(parts, "\n\n") or nil
  d.expected, d.actual = jserror.expected_received(message)
  return s, d
end

--}

--{ One attempt ------------------------------------------------------------------------

-- test.step calls: the report gives each a duration but no start, so they follow
-- one another from the start of their parent.
local function convert_steps(steps, start, depth, state)
  local out, clock, worst = {}, start, nil
  for _, s in ipairs(list(steps)) do
    if type(s) == "table" then
      local duration = duration_of(s.duration)
      local title = str(s.title) or "step"
      if str(s.subtitle) then title = title .. " " .. s.subtitle end
      local step = { name = title, status = "passed", start = clock, stop = clock + duration }
      if s.error ~= nil then step.status, step.statusDetails = error_details(s.error, state) end
      if depth < MAX_STEP_DEPTH and type(s.steps) == "table" and #s.steps > 0 then
        local inner, inner_worst = convert_steps(s.steps, clock, depth + 1, state)
        step.steps = inner
        -- A step whose inner step failed failed too (a soft assertion leaves no error on it).
        if inner_worst ~= "passed" then step.status = status.worst(step.status, inner_worst) end
      end
      out[#out + 1] = step
      worst = status.worst(worst, step.status)
      clock = clock + duration
    end
  end
  return out, worst or "passed"
end

-- Labels, links, parameters and description from allure-js runtime messages.
local function apply_allure_message(body, result)
  local doc = json.decode(body)
  if type(doc) ~= "table" then return end
  local data = doc.type == "metadata" and doc.data or (doc.type == nil and doc) or nil
  if type(data) ~= "table" then return end
  for _, l in ipairs(list(data.labels)) do
    if type(l) == "table" and str(l.name) then model.label(result.labels, l.name, str(l.value) or "") end
  end
  for _, l in ipairs(list(data.links)) do
    if type(l) == "table" and str(l.url) then
      result.links[#result.links + 1] = { url = l.url, name = str(l.name), type = str(l.type) }
    end
  end
  for _, p in ipairs(list(data.parameters)) do
    if type(p) == "table" and str(p.name) and (str(p.value) or type(p.value) == "number") then
      result.parameters[#result.parameters + 1] = { name = p.name, value = p.value, excluded = p.excluded == true or nil,
        mode = (p.mode == "masked" or p.mode == "hidden") and p.mode or nil }
    end
  end
  local description = str(data.description) or (type(data.description) == "table" and str(data.description.value))
  if description then result.description = description end
  if str(data.descriptionHtml) then result.descriptionHtml = data.descriptionHtml end
  if str(data.displayName) then result.name = data.displayName end
end

-- The attempt's attachments: inline bodies decoded, files copied when they exist.
local function attachments_of(r, result, state)
  local out = {}
  for _, a in ipairs(list(r.attachments)) do
    if type(a) == "table" then
      local name, ctype = str(a.name) or "attachment", str(a.contentType)
      local body = str(a.body) or attach.is_span(a.body) and a.body or nil   -- a span: over 1 MiB
      if ctype == ALLURE_MESSAGE or ctype == ALLURE_METADATA then
        -- Labels and links, a few bytes: a body over the cap is not one, and is not decoded.
        if body and #body * 3 // 4 > attach.MAX_SIZE then
          state.ctx:warn(("attachment %q: an Allure message larger than the attachment limit: ignored"):format(name))
        elseif body then
          if attach.is_span(body) then body = assert(body:read()) end
          apply_allure_message(base64.decode(body) or body, result)
        end
      elseif body then
        local content, err = attach.inline(body, { name = name, type = ctype, warn = function(m) state.ctx:warn(m) end })
        if content then
          out[#out + 1] = content
        else
          state.ctx:warn(("attachment %q: %s"):format(name, err))
        end
      elseif str(a.path) then
        local file, note = state.resolve(a.path)
        if file then
          -- A file over the size limit comes back as a note in its place (with the message).
          if file.path then file.name, file.type = name, ctype or file.type end
          if note then state.ctx:warn(note) end
          out[#out + 1] = file
        else
          state.missing = state.missing + 1
          state.first_missing = state.first_missing or note
        end
      end
    end
  end
  return out
end

--}

--{ One test (a spec in one project) ------------------------------------------------------

-- Annotations of the test and of its results (Playwright 1.52+ keeps run-time ones
-- there), each once.
-- `out` is made for the first one (most tests have none); out.seen: the ones it holds.
local NONE = {}
local function add_annotations(out, annotations)
  for _, a in ipairs(list(annotations)) do
    if type(a) == "table" and str(a.type) then
      local k = a.type .. "\0" .. (str(a.description) or "")
      if out == NONE then out = { seen = {} } end
      if not out.seen[k] then
        out.seen[k] = true
        out[#out + 1] = a
      end
    end
  end
  return out
end

local function annotations_of(test)
  local out = add_annotations(NONE, test.annotations)
  for _, r in ipairs(list(test.results)) do
    if type(r) == "table" then out = add_annotations(out, r.annotations) end
  end
  return out
end

-- What the first annotation of the given types says: its description, else what
-- `types` gives for it.
local function reason(annotations, types)
  local a = jsreport.annotation(annotations, types)
  if a then return str(a.description) or types[a.type] or nil end
end

-- Status and details of one attempt.
local function attempt_outcome(r, test, annotations, state)
  local s, expected = str(r.status), str(test.expectedStatus) or "passed"
  local err = r.error
  if err == nil and type(r.errors) == "table" then err = r.errors[1] end
  if s == "skipped" then
    local why = reason(annotations, { skip = false, fixme = "fixme" })
    if why then return "skipped", { message = why } end
    -- Skipped with no skip annotation, though it was to pass: Playwright did not run it
    -- because a test before it in its serial group, or its beforeAll hook, failed.
    if expected ~= "skipped" then
      return "skipped", { message = "did not run: a test before it in its serial group or a beforeAll hook failed" }
    end
    return "skipped", nil
  end
  local result_status, details = "passed", nil
  if err ~= nil then result_status, details = error_details(err, state) end
  -- Further errors of the attempt (soft assertions): their messages follow in the trace.
  if details and type(r.errors) == "table" and r.errors[2] ~= nil then
    local more = { details.trace }
    for i, e in ipairs(r.errors) do
      if i > 1 and type(e) == "table" and str(e.message) then more[#more + 1] = ansi.strip(e.message) end
    end
    details.trace = table.concat(more, "\n\n")
  end

  if s == "timedOut" then
    -- allure-playwright's choice: a timeout is not a failed assertion.
    return "broken", details or { message = "timed out" }
  elseif s == "interrupted" or s == nil then
    return "broken", details or { message = "interrupted: the run stopped before the test finished" }
  elseif s == expected then
    if s == "failed" and details then
      details.message = "failed as expected (test.fail): " .. (details.message or "")
    end
    return "passed", details
  elseif s == "passed" then
    return "failed", jsreport.unexpected_pass(annotations)
  end
  return result_status == "passed" and "failed" or result_status, details or { message = "failed" }
end

-- What every test of one describe block shares, made once per block (walk's `path`
-- table): its suite and producer labels and the describe titles of its full name.
local function block_of(path, state)
  local block = state.blocks[path]
  if not block then
    local inner = table.concat(path, " ", 2)
    block = { labels = jsreport.labels(path, "playwright", "playwright-json"),
              prefix = inner ~= "" and inner .. " " or "" }
    state.blocks[path] = block
  end
  return block
end

local function copy(t)
  return table.move(t, 1, #t, 1, {})
end

local function convert_test(test, spec, path, state)
  local ctx = state.ctx
  local block = block_of(path, state)
  local title = str(spec.title)
  local full_name = (path[1] or str(spec.file) or "") .. "#" .. block.prefix .. (title or "")
  local project = str(test.projectName) or str(test.projectId) or ""
  -- The tags and annotations add to a copy of the block's labels.
  local shared = {
    name = title or full_name,
    fullName = full_name,
    titlePath = path,
    labels = copy(block.labels),
    links = {},
    parameters = {},
  }
  -- The same spec in two projects (browsers) is two tests; repeatEach runs a test
  -- several times in one project: each repetition after the first is told apart.
  -- "Project" as allure-playwright names it, so history carries over from it.
  if project ~= "" then shared.parameters[1] = { name = "Project", value = project } end
  -- The identities are kept as fingerprints (allure.attempts), not as strings.
  local _, repetition = state.repeats:add(full_name .. "\0" .. project, "passed", true)
  if repetition > 1 then
    shared.parameters[#shared.parameters + 1] = { name = "repeat", value = tostring(repetition) }
  end

  for _, tag in ipairs(list(spec.tags)) do
    if type(tag) == "string" then state.tag(shared, tag) end
  end
  local annotations = annotations_of(test)
  jsreport.annotate(shared, annotations, state.meta)
  local flags = shared.statusDetails           -- allure.flaky / muted / known annotations

  local results = list(test.results)
  if #results == 0 then
    -- Never ran: --max-failures reached, a failure in a serial group before it.
    shared.status, shared.statusDetails = "skipped", { message = "did not run" }
    shared.start = state.clock or ctx.base_time
    shared.stop = shared.start
    ctx:emit(shared)
    return
  end
  local previous_start, failed_before = nil, false
  for i, run in ipairs(results) do
    if type(run) == "table" then
      -- Runtime metadata may add to the lists; the attempts before the last get copies.
      local result = shared
      if i < #results then
        result = {}
        for k, v in pairs(shared) do result[k] = v end
        result.labels, result.links, result.parameters = copy(shared.labels), copy(shared.links),
          copy(shared.parameters)
      end
      local worker = int(run.parallelIndex) or int(run.workerIndex)
      -- workerIndex -1: the test was never given to a worker.
      if worker and worker >= 0 then                -- "PROJECT worker N", made once for each
        local threads = state.threads[project] or {}
        state.threads[project] = threads
        threads[worker] = threads[worker] or ("%s worker %d"):format(project, worker):gsub("^ ", "")
        model.label(result.labels, "thread", threads[worker])
      end

      result.status, result.statusDetails = attempt_outcome(run, test, annotations, state)
      local attached = attachments_of(run, result, state)
      attached[#attached + 1] = model.text_attachment("stdout", jsreport.output(run.stdout, ""))
      attached[#attached + 1] = model.text_attachment("stderr", jsreport.output(run.stderr, ""))
      result.attachments = attached

      local duration = duration_of(run.duration)
      local start = time.iso(str(run.startTime)) or state.clock or ctx.base_time
      -- Readers show the attempt that started last: never at or before the one before.
      if previous_start and start <= previous_start then start = previous_start + 1 end
      previous_start = start
      result.start, result.stop = start, start + duration
      state.clock = math.max(state.clock or 0, start + duration)
      if type(run.steps) == "table" then result.steps = convert_steps(run.steps, start, 1, state) end

      if i == #results and result.status == "passed" and (failed_before or test.status == "flaky") then
        result.statusDetails = model.flaky(result.statusDetails)
      end
      result.statusDetails = status.with_flags(result.statusDetails, flags)
      failed_before = failed_before or result.status == "failed" or result.status == "broken"
      ctx:emit(result)
    end
  end
end

local function walk(suite, path, state)
  local here = path
  local title = str(suite.title)
  if title and title ~= "" then
    here = copy(path)
    here[#here + 1] = title
  end
  for _, spec in ipairs(list(suite.specs)) do
    if type(spec) == "table" then
      for _, test in ipairs(list(spec.tests)) do
        if type(test) == "table" then convert_test(test, spec, here, state) end
      end
    end
  end
  for _, child in ipairs(list(suite.suites)) do
    if type(child) == "table" then walk(child, here, state) end
  end
end

--}

-- A top-level array of Playwright suites (with specs), whatever its key.
local function suites_under(doc)
  local keys = {}
  for k, v in pairs(doc) do
    if type(v) == "table" and type(v[1]) == "table" and (v[1].specs ~= nil or v[1].suites ~= nil) then
      keys[#keys + 1] = k
    end
  end
  table.sort(keys)
  return keys
end

-- The report: its suites streamed one at a time (a report of 100 MB would be a GB
-- decoded whole), config, stats and errors decoded when it is opened. Returns the
-- document without its suites and the reader to take them from (nil: doc.suites).
local function open(input)
  -- Bodies over 1 MiB stay in the file as spans, decoded by the writer piece by piece.
  local reader, err = json.elements(input.file,
    { name = input.name, member = "suites", spans = { "body" } })
  if not reader then return nil, err end
  local doc = reader:kind() == "object" and reader:members()
  if doc and reader:found() then return doc, reader end
  reader:close()
  if doc then return doc end
  doc, err = input:json()
  if not doc then return nil, err end
  if type(doc) ~= "table" then return false, input.name .. ": not a Playwright JSON report" end
  return doc
end

return kit.converter {
  name = "playwright",
  description = "Playwright JSON reporter (--reporter=json), merged or per shard",
  extensions = { "json" },
  help = [==[
Reads the report of Playwright's JSON reporter (also merge-reports output and the
report of each shard). The same spec in two projects is two tests (a `Project`
parameter); every attempt is a retry with its own error, output and attachments
(files copied when they exist, inline bodies decoded); annotations and tags give
links and labels; expected failures (test.fail) pass. docs/formats/playwright.md
has the mapping.]==],
  options = {
    { "attachments-base", help = "directory attachment files must lie under (default: the working directory)" },
    { "link", help = "KIND=URL-TEMPLATE for issue keys in annotations and tags, "
        .. "e.g. issue=https://jira.example.com/browse/{}" },
  },

  detect = kit.detect { { 90, "Playwright JSON (config, suites)", keys = { "config", "suites" } } },

  convert = function(input, ctx, state)
    local doc, reader = open(input)
    if not doc then return doc, reader end
    local _ <close> = reader
    if not reader and type(doc.suites) ~= "table" then
      local misplaced = suites_under(doc)
      if #misplaced > 0 then
        return nil, ("%s: not a valid Playwright JSON report: its suites are under \"%s\", expected \"suites\""
          .. " next to \"config\""):format(input.name, misplaced[1])
      end
      return false, input.name .. ": not a Playwright JSON report (expected an object with \"config\" and \"suites\")"
    end

    local config = type(doc.config) == "table" and doc.config or {}
    local stats = type(doc.stats) == "table" and doc.stats or {}
    state.relative = relpath.relativizer({}, { root = str(config.rootDir) })
    state.clock = time.iso(str(stats.startTime))     -- nil until a time is known
    state.repeats, state.threads, state.missing = attempts.new(), {}, 0
    state.blocks = setmetatable({}, { __mode = "k" })   -- by describe path (walk's table)
    state.meta.attach = nil                             -- annotations name no files to attach
    state.tag = meta.tagger(state.meta)
    local each, suites, at                       -- streamed, or the document's list
    if reader then each, suites, at = reader:elements() else each, suites, at = ipairs(doc.suites) end
    for i, suite in each, suites, at do
      if i == false then return nil, suite end    -- the reader's error
      if type(suite) == "table" then walk(suite, {}, state) end
    end

    state.clock = state.clock or ctx.base_time
    -- Errors outside any test: a spec file that failed to load (Playwright then runs
    -- nothing), a failing globalSetup, "No tests found".
    for _, e in ipairs(list(doc.errors)) do
      if type(e) == "table" then
        local _, d = error_details(e, state)
        local location = type(e.location) == "table" and str(e.location.file)
        local where = location and state.relative(location)
        local message = (where and where .. ": " or "") .. (d and d.message or "error")
        ctx:warn(message)
        ctx:globals { errors = { { message = message, trace = d and d.trace, timestamp = math.floor(state.clock) } } }
        if where then
          ctx:emit { name = where, fullName = where, titlePath = { where }, status = "broken", statusDetails = d,
                     labels = jsreport.labels({ where }, "playwright", "playwright-json"),
                     start = state.clock, stop = state.clock }
        end
      end
    end
    if state.missing > 0 then
      ctx:warn(("%d attachment file%s named in the report could not be attached (the first: %s)"):format(
        state.missing, state.missing == 1 and "" or "s", state.first_missing))
    end
    return true
  end,
}
