-- JUnit XML -> Allure results.
--
-- Streams the report: each <testcase> is read as one small tree and written at
-- once, so memory stays flat on reports of any size and `allurectl watch` can
-- upload results while a long report is still being read. The dialects
-- (Surefire, Gradle, Ant, pytest, jest-junit, PHPUnit, googletest, ctest, ...)
-- differ in a few attributes and elements, handled by the tables below.
-- docs/formats/junit.md has the whole mapping.
local status = require "allure.status"
local time = require "allure.time"
local model = require "allure.model"
local params = require "allure.params"
local meta = require "allure.meta"
local inband = require "allure.inband"
local attach = require "allure.attach"
local attempts = require "allure.attempts"
local host = require "allure.host"

-- Root elements of JUnit reports (<testrun>: Eclipse's JUnit view export).
local ROOTS = { testsuites = true, testsuite = true, testrun = true }

-- Outcome elements of a <testcase> and the status each means.
local OUTCOMES = { failure = "failed", error = "broken", skipped = "skipped" }

-- Surefire's reruns, each an attempt of its own: flaky* ran before the final
-- (passing) attempt, rerun* after the first failure, each failing again.
local RERUNS = {
  flakyFailure = { status = "failed", before = true },
  flakyError = { status = "broken", before = true },
  rerunFailure = { status = "failed" },
  rerunError = { status = "broken" },
}

-- status="..." / result="..." values that mean the test did not run
-- (googletest notrun, ctest disabled, Ginkgo pending, CPython regrtest, exports).
local NOT_RUN = {
  notrun = true, disabled = true, skipped = true, ignored = true, suppressed = true,
  pending = true, skip = true,
}

-- Captured output elements and the attachment names they become.
local OUTPUTS = { ["system-out"] = "System output", ["system-err"] = "System error" }

-- Producers recognisable from the root or first suite: framework and language labels.
local PRODUCERS = {
  ["jest tests"] = { "jest", "javascript" },
  ["vitest tests"] = { "vitest", "javascript" },
  ["Mocha Tests"] = { "mocha", "javascript" },
  ["nextest-run"] = { "cargo-nextest", "rust" },
  ["AllTests"] = { "googletest", "cpp" },
  ["pytest"] = { "pytest", "python" },
  ["pytest tests"] = { "pytest", "python" },
  ["rspec"] = { "rspec", "ruby" },
}

local function producer_of(attrs)
  local known = PRODUCERS[attrs.name or ""]
  if known then return known end
  -- Playwright's root: <testsuites id="" name="" ...>; its suites' hostname is the project.
  if attrs.id == "" and attrs.name == "" then return { "playwright", "javascript", project_host = true } end
  local schema = attrs["noNamespaceSchemaLocation"] or ""
  if schema:find("surefire", 1, true) then return { nil, "java" } end
end

-- Zone of timestamps that carry none: "UTC", "local", "+02:00", "-0530".
local function zone_offset(tz)
  if tz == nil or tz == "" or tz:upper() == "UTC" or tz == "Z" then return 0 end
  if tz == "local" then
    local now = os.time()
    local utc = os.time(os.date("!*t", now))
    return os.difftime(now, utc)
  end
  local sign, h, m = tz:match("^([+-])(%d%d):?(%d%d)$")
  if not sign then return nil end
  local offset = (tonumber(h) * 60 + tonumber(m)) * 60
  return sign == "-" and -offset or offset
end

--{ One testcase ---------------------------------------------------------------

-- "src/a.test.ts", "tests\\x.py", "spec.rb": a suite name that is a source file.
local function looks_like_file(s)
  return s:find("/", 1, true) or s:find("\\", 1, true)
    or s:match("%.[cm]?[jt]sx?$") or s:match("%.py$") or s:match("%.rb$") or s:match("%.php$")
end

-- Text of a child element (<stackTrace> of a rerun, ...), nil when absent.
local function child_text(node, name)
  for _, child in ipairs(node) do
    if child.name == name then return child.text end
  end
end

-- Attachments and in-band directives of one output element.
local function add_output(run, element, state)
  local name = OUTPUTS[element.name]
  local text = element.text
  run.attachments[#run.attachments + 1] = model.text_attachment(name, text)
  inband.scan(text, function(path)
    local a, err = state.resolve(path)
    if a then run.attachments[#run.attachments + 1] = a else state.ctx:warn(err) end
  end, function(key, value)
    run.properties[#run.properties + 1] = { key, value }
  end)
end

-- An attempt: status, messages, traces, attachments.
local function new_run(status_)
  return { status = status_, messages = {}, traces = {}, attachments = {}, properties = {} }
end

local function add_outcome(run, outcome, element, trace)
  run.status = status.worst(run.status, outcome)
  local message = element.attrs.message
  if not message or not message:find("%S") then message = status.first_line(trace) end
  run.messages[#run.messages + 1] = message
  if outcome ~= "skipped" and trace and trace:find("%S") then run.traces[#run.traces + 1] = trace end
end

-- Reads a <testcase> tree into its attempts (in time order) and properties.
local function read_testcase(tc, state)
  local main = new_run("passed")
  local before, after = {}, {}
  local properties = {}
  for _, child in ipairs(tc) do
    local name = child.name
    if OUTCOMES[name] then
      add_outcome(main, OUTCOMES[name], child, child.text)
    elseif RERUNS[name] then
      local rerun = new_run("passed")
      add_outcome(rerun, RERUNS[name].status, child, child_text(child, "stackTrace") or child.text)
      for _, sub in ipairs(child) do
        if OUTPUTS[sub.name] then add_output(rerun, sub, state) end
      end
      table.insert(RERUNS[name].before and before or after, rerun)
    elseif OUTPUTS[name] then
      add_output(main, child, state)
    elseif name == "properties" then
      for _, p in ipairs(child) do
        if p.name == "property" and p.attrs.name then
          properties[#properties + 1] = { p.attrs.name, p.attrs.value or p.text or "" }
        end
      end
    end
  end
  local a = tc.attrs
  if NOT_RUN[(a.status or ""):lower()] or NOT_RUN[(a.result or ""):lower()] then
    main.status = status.worst(main.status, "skipped")
  end
  local runs = before
  runs[#runs + 1] = main
  for _, rerun in ipairs(after) do runs[#runs + 1] = rerun end
  return runs, properties
end

-- Labels, links and flags from properties: names with an Allure meaning always,
-- other names as labels when `as_labels`.
local function apply_properties(result, list, as_labels, state)
  for _, p in ipairs(list) do
    local handled = meta.property(result, p[1], p[2], state.meta)
    if not handled and as_labels then model.label(result.labels, p[1], p[2]) end
  end
end

local function convert_testcase(tc, suite, state)
  local ctx, opts = state.ctx, state.ctx.opts
  local runs, properties = read_testcase(tc, state)
  local a = tc.attrs
  local classname = a.classname or a.class
  local name = a.name or ""
  local base, parameters = name, nil
  if opts.params then base, parameters = params.from_name(name) end
  local owner = classname
  if not owner or owner == "" then owner = suite and suite.name end
  local full_name = owner and owner ~= "" and (owner .. "." .. base) or base
  -- A suite named after a file (jest-junit, mocha, Playwright) tells apart tests
  -- whose class and name repeat in another file: it goes in front of the identity.
  local file = suite and suite.name
  if file and file ~= owner and looks_like_file(file) and not owner:find(file, 1, true) then
    full_name = file .. "#" .. full_name
  end

  -- Shared by every attempt.
  local labels = {}
  if suite then model.suite_labels(labels, suite.path) end
  model.label(labels, "testClass", classname)
  model.label(labels, "testMethod", base)
  model.label(labels, "package", suite and suite.package or (classname and classname:match("^(.*)%.[^.]+$")))
  if state.project_host then
    -- Playwright: the same spec in two projects (browsers) is two tests.
    if suite and suite.host then
      parameters = parameters or {}
      parameters[#parameters + 1] = { name = "project", value = suite.host }
    end
  else
    model.label(labels, "host", suite and suite.host)
  end
  model.label(labels, "thread", suite and suite.thread)
  model.label(labels, "framework", state.framework)
  model.label(labels, "language", state.language)
  model.label(labels, "resultFormat", "junit")
  local shared = { labels = labels, links = {}, parameters = parameters or {}, attachments = {} }
  if suite then apply_properties(shared, suite.properties, opts["suite-properties"] == "labels", state) end
  if opts["case-properties"] ~= "ignore" then
    apply_properties(shared, properties, opts["case-properties"] == "labels", state)
  end
  for _, run in ipairs(runs) do
    apply_properties(shared, run.properties, opts["case-properties"] == "labels", state)
  end

  -- Files named by properties go with the final attempt.
  for _, extra in ipairs(shared.attachments) do runs[#runs].attachments[#runs[#runs].attachments + 1] = extra end

  -- Repeats of this test in the suite: retries keep the identity, variants get an occurrence.
  local final = runs[#runs]
  local key = full_name
  for _, p in ipairs(shared.parameters) do key = key .. "\0" .. p.value end
  local kind, occurrence, previous = "first", 1, nil
  if suite then kind, occurrence, previous = suite.repeats:add(key, final.status) end
  if occurrence > 1 then
    shared.parameters[#shared.parameters + 1] = { name = "occurrence", value = tostring(occurrence) }
  end
  local flaky = final.status == "passed" and (#runs > 1 or (kind == "retry" and previous ~= "passed"))

  -- Time: the testcase's own timestamp, else next on the suite's clock; the
  -- attempts share the testcase's duration, the final one last.
  local duration = time.seconds(a.time) or 0
  local start = time.iso(a.timestamp, state.zone) or (suite and suite.clock) or state.clock or ctx.base_time
  -- At least 1 ms apart, so readers that pick the latest attempt pick the final one.
  local slice = #runs > 1 and math.max(1, duration // #runs) or duration
  local uuids = {}
  for i, run in ipairs(runs) do
    local details = status.details(table.concat(run.messages, "\n"), table.concat(run.traces, "\n\n"))
    if i == #runs and flaky then
      details = details or {}
      details.flaky = true
    end
    if shared.statusDetails then              -- allure.flaky / muted / known properties
      details = details or {}
      for k, v in pairs(shared.statusDetails) do details[k] = v end
    end
    local attempt_start = start + (i - 1) * slice
    local result = {
      name = name ~= "" and name or full_name,
      fullName = full_name,
      titlePath = suite and suite.path or nil,
      status = run.status,
      statusDetails = details,
      description = shared.description,
      start = attempt_start,
      stop = i == #runs and math.max(start + duration, attempt_start) or attempt_start + slice,
      labels = shared.labels,
      links = shared.links,
      parameters = shared.parameters,
      attachments = run.attachments,
    }
    uuids[i] = ctx:emit(result)
  end
  local finish = math.max(start + duration, start + (#runs - 1) * slice)
  if suite then
    suite.clock = finish
    for _, uuid in ipairs(uuids) do suite.children[#suite.children + 1] = uuid end
    suite.n_cases = suite.n_cases + 1
  end
  state.clock = finish
end

--}

--{ Suites ----------------------------------------------------------------------

-- A frame of the <testsuite> stack. `clock` places the suite's tests one after
-- the other from the suite's start; `children` collects their uuids for the
-- suite's container (suite-level output and errors).
local function open_suite(stack, attrs, state)
  local parent = stack[#stack]
  local start = time.iso(attrs.timestamp, state.zone)
  if not start and parent then start = parent.clock end
  if not start and state.clock then start = state.clock end  -- after the previous suite
  if not start then
    -- No timestamp anywhere yet: end the suite at the report's time.
    start = state.ctx.base_time - (time.seconds(attrs.time) or 0)
  end
  local path = {}
  for i, frame in ipairs(stack) do path[i] = frame.name end
  if attrs.name and attrs.name:find("%S") then path[#path + 1] = attrs.name end
  local frame = {
    name = attrs.name,
    path = path,
    clock = start,
    start = start,
    host = attrs.hostname or (parent and parent.host),
    thread = #path > 0 and table.concat(path, " > ") or nil,
    package = attrs.package or (parent and parent.package),
    properties = {},
    children = {},
    outputs = {},
    errors = {},
    declared = tonumber(attrs.tests),
    n_cases = 0,
    repeats = attempts.new(),
  }
  -- Suite properties of the enclosing suites apply to the nested ones too.
  if parent then
    for i, p in ipairs(parent.properties) do frame.properties[i] = p end
  end
  stack[#stack + 1] = frame
  return frame
end

-- Surefire with redirectTestOutputToFile writes the class's output to
-- <class>-output.txt next to TEST-<class>.xml.
local function surefire_output_file(suite, state)
  local file = state.ctx.input.file
  if not file or not state.ctx.opts["output-files"] or not suite.name then return nil end
  if not file:match("TEST%-[^/]*%.xml$") then return nil end
  local candidate = attach.dirname(file) .. "/" .. suite.name .. "-output.txt"
  if host.stat(candidate) == "file" then
    return { name = "Output file " .. suite.name .. "-output.txt", path = candidate, type = "text/plain" }
  end
end

local function close_suite(stack, state)
  local suite = table.remove(stack)
  local parent = stack[#stack]
  local ctx = state.ctx
  -- The enclosing suite goes on where the nested one ended.
  if parent then
    if suite.clock > parent.clock then parent.clock = suite.clock end
    for _, uuid in ipairs(suite.children) do parent.children[#parent.children + 1] = uuid end
    parent.n_cases = parent.n_cases + suite.n_cases
  end
  local file_output = surefire_output_file(suite, state)
  if file_output then suite.outputs[#suite.outputs + 1] = file_output end

  -- A suite that failed outside its tests (set-up crash) or that lost its
  -- tests: an Allure 3 run-level error, and a broken tear-down on its tests.
  local suite_name = suite.name or "(unnamed suite)"
  if suite.n_cases == 0 and (suite.declared or 0) > 0 then
    suite.errors[#suite.errors + 1] = {
      message = ("declares %d tests but the report contains none"):format(suite.declared),
    }
  end
  for _, err in ipairs(suite.errors) do
    ctx:warn(("suite %s: %s"):format(suite_name, err.message or "error"))
    ctx:globals { errors = { { message = suite_name .. ": " .. (err.message or "error"),
                               trace = err.trace, timestamp = suite.clock } } }
  end
  if #suite.children > 0 and (#suite.outputs > 0 or #suite.errors > 0) then
    local afters = {}
    if #suite.outputs > 0 then
      afters[#afters + 1] = { name = "Suite output", status = "passed", attachments = suite.outputs,
                              start = suite.clock, stop = suite.clock }
    end
    for _, err in ipairs(suite.errors) do
      afters[#afters + 1] = { name = "Suite error", status = err.status or "broken",
                              statusDetails = status.details(err.message, err.trace),
                              start = suite.clock, stop = suite.clock }
    end
    ctx:container { name = suite.name, children = suite.children, afters = afters,
                    start = suite.start, stop = suite.clock }
  end
end

--}

return {
  name = "junit",
  description = "JUnit XML (Surefire, Gradle, Ant, pytest, jest-junit, PHPUnit, googletest, ...)",
  extensions = { "xml" },
  help = [==[
Reads every dialect of JUnit XML; docs/formats/junit.md has the mapping. Parameters
in test names (test[a-b], add(1, 2), "with data set #0", "#3") become Allure
parameters so variants stay separate tests; Surefire reruns and repeated
testcases become retries; [[ATTACHMENT|path]] and [[PROPERTY|name=value]] lines in
the output are honoured.]==],
  options = {
    { name = "tz", default = "UTC", help = "zone of timestamps that carry none: UTC, local, or +hh:mm" },
    { name = "suite-properties", default = "known",
      help = "suite <property> elements: known (only names with an Allure meaning), labels (all), ignore" },
    { name = "case-properties", default = "labels",
      help = "testcase <property> elements: labels (all; known names mapped), known, ignore" },
    { name = "params", type = "boolean", default = true, help = "take parameters from parametrised test names" },
    { name = "link", type = "list",
      help = "KIND=URL-TEMPLATE for keys in properties, e.g. issue=https://jira.example.com/browse/{}" },
    { name = "attachments-base",
      help = "directory that [[ATTACHMENT|path]] files must lie under (default: the working directory)" },
    { name = "output-files", type = "boolean", default = true,
      help = "attach Surefire's <class>-output.txt found next to TEST-<class>.xml" },
  },

  convert = function(input, ctx)
    local opts = ctx.opts
    local zone = zone_offset(opts.tz)
    if not zone then error(("junit: option tz: expected UTC, local or +hh:mm, got '%s'"):format(opts.tz), 0) end
    local templates = {}
    for _, spec in ipairs(opts.link) do
      local kind, template = spec:match("^([%w_.-]+)=(.+)$")
      if not kind then error(("junit: option link: expected KIND=URL-TEMPLATE, got '%s'"):format(spec), 0) end
      templates[kind] = template
    end
    local state = { ctx = ctx, zone = zone, clock = nil }
    state.resolve = attach.resolver { report = input.file, base = opts["attachments-base"] }
    state.meta = { templates = templates, attach = state.resolve, warn = function(m) ctx:warn(m) end }

    local r, err = input:xml()
    if not r then return nil, err end
    local stack = {}
    local seen_root = false
    while true do
      local event, name = r:next()
      if not event then
        if name then return nil, name end       -- malformed: "file:line:col: ..."
        break
      end
      if event == "start" then
        if not seen_root then
          seen_root = true
          if not ROOTS[name] then
            return false, ("%s:%d: not a JUnit report: root element <%s>, expected <testsuites> or <testsuite>")
              :format(input.name, r:line(), name)
          end
          local producer = producer_of(r:attrs())
          if producer then
            state.framework, state.language, state.project_host = producer[1], producer[2], producer.project_host
          end
        end
        local suite = stack[#stack]
        if name == "testsuite" then
          local attrs = r:attrs()
          if not state.framework and not state.language then
            local producer = producer_of(attrs)
            if producer then state.framework, state.language = producer[1], producer[2] end
          end
          open_suite(stack, attrs, state)
        elseif name == "testcase" then
          local tc, terr = r:tree()
          if not tc then return nil, terr end
          convert_testcase(tc, suite, state)
        elseif suite and name == "properties" then
          local props, perr = r:tree()
          if not props then return nil, perr end
          for _, p in ipairs(props) do
            if p.name == "property" and p.attrs.name and opts["suite-properties"] ~= "ignore" then
              suite.properties[#suite.properties + 1] = { p.attrs.name, p.attrs.value or p.text or "" }
            end
          end
        elseif suite and OUTPUTS[name] then
          local text, terr = r:text()
          if not text then return nil, terr end
          suite.outputs[#suite.outputs + 1] = model.text_attachment("Suite " .. OUTPUTS[name]:lower(), text)
        elseif suite and OUTCOMES[name] and OUTCOMES[name] ~= "skipped" then
          local el, terr = r:tree()
          if not el then return nil, terr end
          suite.errors[#suite.errors + 1] = { message = el.attrs.message or status.first_line(el.text),
                                              trace = el.text, status = OUTCOMES[name] }
        end
      elseif event == "end" and name == "testsuite" then
        close_suite(stack, state)
      end
    end
    return true
  end,
}
