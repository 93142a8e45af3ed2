-- CTRF (Common Test Report Format) JSON -> Allure results.
--
-- The report is one JSON document; `results.tests` is a flat list of tests,
-- each with its suite path, file, status, error, output, attachments and, when
-- it was retried, its earlier attempts. The tests are written one by one as the
-- list is walked. Reporters of many runners write CTRF (jest, vitest, mocha,
-- Playwright, Cypress, WebdriverIO, go, JUnit converters), and the first ones
-- wrote an older shape (`totals` for `summary`, `retry`/`flake`, a suite as one
-- string, times in seconds): both are read. docs/formats/ctrf.md has the mapping.
local kit = require "allure.kit"
local status, model, meta, ansi, attach = kit.require("status", "model", "meta", "ansi", "attach")
local attempts, exception, jserror, jsreport = kit.require("attempts", "exception", "jserror", "jsreport")
local coerce = require "allure.coerce"
local str, nonblank, num, list = coerce.str, coerce.nonblank, coerce.finite, coerce.list
local value_text = jserror.value_text

--{ Statuses ------------------------------------------------------------------------------

local STATUS = { passed = "passed", failed = "failed", skipped = "skipped", pending = "skipped", other = "unknown" }

-- rawStatus values (the runner's own word) that say more than CTRF's five.
local RAW = { todo = "skipped", skipped = "skipped", pending = "skipped", disabled = "skipped", ignored = "skipped",
              timedout = "broken", timeout = "broken", interrupted = "broken", crashed = "broken", error = "broken",
              broken = "broken" }

-- failed is an assertion that did not hold; an error of another class (a
-- TypeError, a CypressError, a NullPointerException) is broken, as Allure's
-- adapters classify it. JavaScript's plain "Error:" is what expect libraries
-- throw, so it stays failed. The runners whose assertions allure.jserror knows
-- (jest, vitest, mocha, Playwright) are read as their own JSON reports are: an
-- assertion's class or an expect() line is failed, any other error broken.
local JSERROR_TOOLS = { jest = true, vitest = true, mocha = true, playwright = true }

local function failed_status(message, trace, raw, js)
  if raw and RAW[raw:lower()] == "broken" then return "broken" end
  if js and (message or trace) then
    -- "TypeError Cannot read ..." (mocha's reporter joins name and message with a space)
    local name = message and message:match("^([%a_$][%w_$]*Error) ")
    return jserror.status { name = name, message = message, stack = trace }
  end
  local class = exception.class_of(message) or exception.class_of(trace)
  if class and class ~= "Error" then return exception.status(class) or "failed" end
  return "failed"
end

local function status_of(t, state)
  local raw = nonblank(str(t.rawStatus))
  local s = STATUS[str(t.status) or ""] or "unknown"
  if s == "failed" then return failed_status(str(t.message), str(t.trace), raw, JSERROR_TOOLS[state.framework]) end
  if s == "unknown" and raw then return RAW[raw:lower()] or s end
  return s
end

--}

--{ Time -----------------------------------------------------------------------------------

-- Epoch times in ms; the first reporters wrote seconds (WebdriverIO's 1708979371).
-- Times out of range (a damaged or hostile report) count as missing.
local function epoch_ms(v)
  v = num(v)
  if not v or v <= 0 then return nil end
  return coerce.epoch_ms(v < 1e11 and v * 1000 or v)
end

local duration_ms = coerce.span_ms

-- start/stop of an attempt: its own times, else laid out on the clock.
local function place(t, state)
  local start, stop = epoch_ms(t.start), epoch_ms(t.stop)
  local duration = duration_ms(t.duration)
  if start and not stop then stop = start + duration end
  if stop and not start then start = stop - duration end
  if not start then
    start = state.clock
    stop = start + duration
    state.clock = stop
  end
  return start, math.max(start, stop)
end

--}

--{ Details, output and attachments -------------------------------------------------------

-- jest-ctrf-json-reporter ends traces with the error object printed as text.
local function clean_trace(trace)
  if not trace then return nil end
  return (ansi.strip(trace):gsub("%s*%[object Object%]%s*$", ""))
end

local function details_of(t)
  local message = nonblank(str(t.message)) and ansi.strip(t.message):gsub("%s+$", "") or nil
  local trace = clean_trace(nonblank(str(t.trace)))
  local snippet = nonblank(str(t.snippet))
  if snippet then trace = (trace and (trace .. "\n\n") or "") .. ansi.strip(snippet) end
  return status.details(message, trace)
end

-- CTRF attachments are files (a path relative to the report, or absolute) or URLs.
local function add_attachments(result, list_, state)
  for _, a in ipairs(list(list_)) do
    if type(a) == "table" and str(a.path) then
      local name = nonblank(str(a.name))
      if a.path:find("^%a[%w+.-]*://") and not a.path:find("^file://") then
        result.links[#result.links + 1] = { type = "link", url = a.path, name = name or a.path }
      else
        local found, err = state.resolve(a.path)
        if found then
          found.name = name or found.name
          found.type = nonblank(str(a.contentType))
          result.attachments[#result.attachments + 1] = found
        else
          state.ctx:warn(("%s: attachment %s: %s"):format(result.name, a.path, err))
        end
      end
    end
  end
end

local function screenshot(data)
  local a, note
  if type(data) == "string" and data:find("%S") then
    a, note = attach.inline((data:gsub("^data:[^,]*,", "")), { name = "Screenshot", type = "image/png" })
  end
  if a and not note and a.content:sub(1, 2) == "\255\216" then a.type = "image/jpeg" end
  return a
end

local function steps_of(t, start, stop, state)
  local steps = {}
  for _, s in ipairs(list(t.steps)) do
    if type(s) == "table" then
      steps[#steps + 1] = { name = nonblank(str(s.name)) or "step", status = status_of(s, state), stage = "finished",
                            start = start, stop = stop }
    end
  end
  return steps
end

--}

--{ One test --------------------------------------------------------------------------------

local TOOL_LANGUAGES = {
  jest = "javascript", vitest = "javascript", mocha = "javascript", playwright = "javascript",
  cypress = "javascript", webdriverio = "javascript", wdio = "javascript", jasmine = "javascript",
  codeceptjs = "javascript", nightwatch = "javascript", testcafe = "javascript", newman = "javascript",
  postman = "javascript", go = "go", gotest = "go", pytest = "python", junit = "java", testng = "java",
  nunit = "csharp", xunit = "csharp", mstest = "csharp", rspec = "ruby", phpunit = "php",
}

local function basename(path) return path and path:match("([^/\\]*)$") end

local function split_suite(suite)
  local parts = {}
  if type(suite) == "table" then
    for _, s in ipairs(suite) do if nonblank(str(s)) then parts[#parts + 1] = s end end
  elseif nonblank(str(suite)) then
    for part in (suite .. " > "):gmatch("(.-) > ") do
      if part:find("%S") then parts[#parts + 1] = part end
    end
  end
  return parts
end

-- The suite path and the test's own name. Reporters differ: jest's suite starts
-- with the file name and its test names repeat the describe titles; vitest's
-- suite is the whole name; Cypress has no suite and names hold the describes.
-- Is `level` the file itself: its name (jest) or a trailing part of its path
-- (Playwright's suite names the file relative to testDir: "nested/a.spec.js")?
local function is_file_level(level, file)
  if not file or not level or level == "" then return false end
  return level == basename(file) or file == level or file:sub(-#level - 1) == "/" .. level
end

-- The suite levels and the test's name; for Playwright also the project, the level
-- playwright-ctrf-json-reporter puts before the file ("chromium > a.spec.js > …").
local function names_of(t, file, framework)
  local name = str(t.name) or ""
  local suites = split_suite(t.suite)
  local project
  if framework == "playwright" and #suites > 1 and is_file_level(suites[2], file)
      and not is_file_level(suites[1], file) then
    project = table.remove(suites, 1)
  end
  if #suites > 0 and is_file_level(suites[1], file) then table.remove(suites, 1) end
  local whole = table.concat(suites, " > ") == name
  if #suites > 0 and (whole or suites[#suites] == name) then
    local last = table.remove(suites)
    if whole then name = last end
  end
  local short = name
  for _, sep in ipairs { " ", " > " } do
    local prefix = table.concat(suites, sep) .. sep
    if #suites > 0 and short:sub(1, #prefix) == prefix and #short > #prefix then
      short = short:sub(#prefix + 1)
      break
    end
  end
  return suites, short ~= "" and short or name, project
end

-- The browser's name without its version ("chrome 121.0.6167.184" -> "chrome"):
-- the version changes with every browser update and must not split the history.
local function browser_parameters(parameters, browser)
  if not nonblank(browser) then return end
  local bare = browser:match("^(.-)%s+v?%d[%d.]*$") or browser
  parameters[#parameters + 1] = { name = "browser", value = bare }
  if bare ~= browser then parameters[#parameters + 1] = { name = "browser version", value = browser, excluded = true } end
end

-- Is the attempt of retryAttempts the final one the test itself describes?
-- Some reporters list every attempt, the final included; others only the
-- earlier ones.
local function is_final_attempt(a, t, retries)
  local n = math.tointeger(num(a.attempt))
  if n and retries and n > retries then return true end
  local start = epoch_ms(a.start)
  return start ~= nil and start == epoch_ms(t.start) and a.status == t.status
end

local function convert_test(t, state)
  local ctx = state.ctx
  local file = str(t.filePath) and state.relative(t.filePath) or nil
  local info = file and { file = file } or nil       -- rules see the test's file as {file}
  local suites, name, project = names_of(t, file, state.framework)
  local path = table.move(suites, 1, #suites, file and 2 or 1, { file })
  local chain = #suites > 0 and table.concat(suites, " > ") .. " > " or ""
  local full_name = (file and (file .. "#") or "") .. chain .. name

  local labels = {}
  model.suite_labels(labels, path)
  model.label(labels, "layer", nonblank(str(t.type)))
  model.label(labels, "thread", nonblank(str(t.threadId)))
  model.producer(labels, state.framework, state.language, "ctrf")

  local parameters = {}
  for _, k in ipairs(coerce.sorted_keys(t.parameters)) do
    parameters[#parameters + 1] = { name = k, value = value_text(t.parameters[k]) or "" }
  end
  -- "Project" as allure-playwright and scripts/playwright.lua name it: the same test in
  -- two projects is two tests of one test case.
  if project then parameters[#parameters + 1] = { name = "Project", value = project } end
  browser_parameters(parameters, str(t.browser))
  if nonblank(str(t.device)) then parameters[#parameters + 1] = { name = "device", value = t.device } end

  local shared = { labels = labels, links = {}, attachments = {} }
  for _, tag in ipairs(list(t.tags)) do
    if nonblank(str(tag)) then state.tag(shared, tag) end
  end
  for _, k in ipairs(coerce.sorted_keys(t.labels)) do
    local values = t.labels[k]
    if type(values) ~= "table" then values = { values } end
    for _, v in ipairs(values) do
      local text = value_text(v)
      if text and not meta.property(shared, k, text, state.meta) then
        -- A severity Allure does not know (CTRF's example writes numbers) would
        -- override the real one: it is kept as a tag.
        if k:lower() == "severity" then model.label(labels, "tag", k .. "=" .. text)
        else model.label(labels, k, text) end
      end
    end
  end
  -- Playwright's annotations (the reporter's `annotations: true` keeps them in extra)
  -- as scripts/playwright.lua maps them: fixme and slow tags, issue links, labels.
  local playwright = state.framework == "playwright"
  local annotations = playwright and type(t.extra) == "table" and t.extra.annotations
  if annotations then jsreport.annotate(shared, annotations, state.meta) end

  local line = math.tointeger(num(t.line))
  local location = file and (line and ("%s:%d"):format(file, line) or nil)

  -- Attempts: the earlier ones from retryAttempts (or the first reporters'
  -- `attempts`), else as many unknown ones as `retries` says; the test itself last.
  local retries = math.tointeger(num(t.retries) or num(t.retry))
  local earlier = {}
  for _, a in ipairs(list(t.retryAttempts or t.attempts)) do
    if type(a) == "table" and not is_final_attempt(a, t, retries) then earlier[#earlier + 1] = a end
  end
  table.sort(earlier, function(a, b) return (num(a.attempt) or 0) < (num(b.attempt) or 0) end)
  -- Only a count (`retries` without retryAttempts): no attempt is made up.
  local retried_only = #earlier == 0 and retries and retries > 0 and retries <= 100 and retries or nil

  -- The same identity again in the report: after a failure a retry (ctrf merge
  -- of a rerun), otherwise another variant (a title used twice).
  local key = full_name
  for _, p in ipairs(parameters) do key = key .. "\0" .. tostring(p.value) end
  local final_status = status_of(t, state)
  -- test.fail() in Playwright: an attempt that passed then failed, as Playwright counts it.
  local unexpected_pass = playwright and final_status == "passed" and str(t.rawStatus) == "passed"
    and jsreport.annotation(annotations, { fail = true }) and jsreport.unexpected_pass(annotations)
  if unexpected_pass then final_status = "failed" end
  local kind, _, previous = state.repeats:add(key, final_status, false, parameters)

  -- Writes one attempt; returns its start (attempts at least 1 ms apart, in order).
  local function emit(attempt, s, is_final, last_start, flaky)
    local start, stop = place(attempt, state)
    if last_start and start <= last_start then
      start, stop = model.after(start, stop, last_start)
      state.clock = math.max(state.clock, stop)
    end
    local result = {
      name = name,
      fullName = full_name,
      titlePath = path,
      status = s,
      statusDetails = unexpected_pass or details_of(attempt),
      description = location and ("`%s`"):format(location) or nil,
      start = start,
      stop = stop,
      labels = labels,
      links = { table.unpack(shared.links) },
      parameters = parameters,
      attachments = {},
      steps = steps_of(attempt, start, stop, state),
    }
    -- The attempt's output (lines), screenshot and attachments.
    local attached = result.attachments
    attached[#attached + 1] = model.text_attachment("stdout", jsreport.output(attempt.stdout, "\n"))
    attached[#attached + 1] = model.text_attachment("stderr", jsreport.output(attempt.stderr, "\n"))
    attached[#attached + 1] = screenshot(attempt.screenshot)
    add_attachments(result, attempt.attachments, state)
    if is_final then
      for _, a in ipairs(shared.attachments) do attached[#attached + 1] = a end
      if nonblank(str(t.ai)) then attached[#attached + 1] = model.text_attachment("AI summary", t.ai) end
      if type(t.extra) == "table" and next(t.extra) ~= nil then
        attached[#attached + 1] = { name = "extra", content = jserror.text_of(t.extra), type = "application/json" }
      end
    end
    result.statusDetails = status.with_flags(result.statusDetails, shared.statusDetails)
    if flaky then result.statusDetails = model.flaky(result.statusDetails) end
    if shared.description then result.description = shared.description end
    ctx:emit(result, info)
    return start
  end

  -- Flaky: passed at last after an attempt that did not pass. With the attempts listed
  -- they decide (playwright-ctrf-json-reporter calls every retried test that passed
  -- flaky, also one whose serial group was retried and that passed each time).
  local earlier_status = {}
  local any_failed = kind == "retry" and previous ~= "passed"
  for i, a in ipairs(earlier) do
    earlier_status[i] = unexpected_pass and "failed" or status_of(a, state)
    any_failed = any_failed or earlier_status[i] ~= "passed"
  end
  local flaky = final_status == "passed"
    and (any_failed or (#earlier == 0 and (t.flaky == true or t.flake == true)))
  if retried_only then
    model.retried(parameters, retried_only, "failed", nil)   -- the parameter; flaky is decided here
    flaky = flaky or final_status == "passed"
  end
  local last_start
  for i, a in ipairs(earlier) do last_start = emit(a, earlier_status[i], false, last_start, false) end
  emit(t, final_status, true, last_start, flaky)
end

--}

local function is_ctrf(doc)
  if type(doc) ~= "table" or type(doc.results) ~= "table" then return false end
  local r = doc.results
  return coerce.is_array(r.tests) and (type(r.summary) == "table" or type(r.totals) == "table"
    or type(r.tool) == "table" or doc.reportFormat == "CTRF")
end

return kit.converter {
  name = "ctrf",
  description = "CTRF JSON (Common Test Report Format, any runner's CTRF reporter)",
  extensions = { "json" },
  help = [==[
Reads CTRF reports (results.tests[]), the current shape and the first reporters'
(totals, retry/flake, times in seconds). Suites and file give the hierarchy;
retryAttempts become retries (flaky when the test passed at last); stdout,
stderr, screenshots and attachment files are attached; tags and labels follow the
Allure conventions; the browser and device are parameters, so the same test in
two browsers stays two tests. docs/formats/ctrf.md has the mapping.]==],
  options = {
    { "root", help = "directory absolute test file paths are made relative to (default: the working directory "
        .. "when they all lie under it, else the directory they share)" },
    { "link", help = "KIND=URL-TEMPLATE for tag and label keys, e.g. issue=https://jira.example.com/browse/{}" },
    { "attachments-base", help = "directory attachment files must lie under (default: the working directory)" },
  },

  detect = kit.detect {
    { 95, "CTRF (reportFormat)", text = '"reportFormat"%s*:%s*"CTRF"' },
    { 85, "CTRF (results with tool and summary)", keys = { "results" },
      text = { '"tool"%s*:', '"summary"%s*:' } },
    { 85, "CTRF (results with tool and summary)", keys = { "results" },
      text = { '"tool"%s*:', '"totals"%s*:' } },
  },

  convert = function(input, ctx, state)
    local doc, err = kit.json(input, 'a CTRF report (expected an object with "results" holding "tests")', is_ctrf)
    if not doc then return doc, err end
    local results = doc.results
    local tool = type(results.tool) == "table" and nonblank(str(results.tool.name)) or nil
    local summary = type(results.summary) == "table" and results.summary
      or type(results.totals) == "table" and results.totals or {}

    -- CTRF writes paths as the runner saw them: relative ones stay as they are,
    -- absolute ones are made relative to the project.
    local clock = kit.report_files(state, results.tests, "filePath", "duration", duration_ms)
    state.clock = epoch_ms(summary.start) or clock
    state.framework, state.language = tool and tool:lower(), tool and TOOL_LANGUAGES[tool:lower()]
    state.repeats, state.tag = attempts.new(), meta.tagger(state.meta)
    for _, t in ipairs(results.tests) do
      if type(t) == "table" then convert_test(t, state) end
    end
    return true
  end,
}
