-- JUnit XML -> Allure results.
--
-- Streams the report: each <testcase> is read as one small tree and written at
-- once, so memory stays flat on reports of any size and `allurectl watch` can
-- upload results while a long report is still being read. The dialects
-- (Surefire, Gradle, Ant, pytest, jest-junit, PHPUnit, googletest, ctest, ...)
-- differ in a few attributes and elements, handled by the tables below.
-- docs/formats/junit.md has the whole mapping.
--
-- Over 500 lines, on purpose: JUnit XML is a dozen dialects behind one root element,
-- and what is left here after the kit (allure.kit: options, setup, the read loop)
-- and allure.uuids is their mapping: producer detection, the pytest/JavaScript/
-- googletest identity rules, Surefire's reruns, tests reported in two parts, and the
-- per-test path kept free of allocation (junit is the benchmark's floor case).
local kit = require "allure.kit"
local uuids = require "allure.uuids"
local status = require "allure.status"
local time = require "allure.time"
local model = require "allure.model"
local params = require "allure.params"
local attempts = require "allure.attempts"
-- meta, inband and attach on first use: most tests have no properties or in-band output.
local lazy = kit.lazy
local xmlnode = require "allure.xmlnode"
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

-- Values writers put where they have none (ctest's suite name "(empty)", "tbd" left in
-- a template): absent, like an empty value.
local PLACEHOLDERS = { ["(empty)"] = true, tbd = true }

-- Test files of languages whose test titles are free text (describe/it blocks): the
-- same titles in two files are two tests, so the file goes in the identity. Classnames
-- of the other languages (Java, Python, C++, PHP) are already qualified.
local TITLE_FILES = { "%.[cm]?[jt]sx?$", "%.rb$" }

-- The classname of jest-junit's report of a test file that failed to load.
local SUITE_FAILED = "Test suite failed to run"

-- node:test's reporter names the class of every test "test"; its suites (describe
-- blocks) carry `disabled` and no `timestamp`.
local NODE_CLASS = "test"

-- Producers recognisable from the root or first suite: framework and language labels,
-- by the name, else by the first of SIGNS whose attributes all match (ANY: present).
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
local ANY = ""
local BEHAVE = { "behave", "python" }
-- Python's isoformat() without a zone, to the microsecond.
local PY_TIME = "^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%d%.%d%d%d%d%d%d$"
local SIGNS = {
  -- java.util.Date.toGMTString ("7 Dec 2026 07:07:07 GMT"): TestNG's reporters, alone.
  { { "testng", "java" }, timestamp = "^%d%d? %a%a%a %d%d%d%d %d%d:%d%d:%d%d GMT$" },
  -- pytest (any junit_suite_name) always names the host; Robot's --xunit writes no host.
  { { "pytest", "python" }, timestamp = PY_TIME, hostname = ANY },
  { { "robotframework", "python" }, timestamp = PY_TIME },
  { { "bats", "bash" }, name = "%.bats$" },
  { { "phpunit", "php" }, assertions = ANY, warnings = ANY },
  { { "catch2", "cpp" }, hostname = "^tbd$" },                 -- Catch2 writes no host name
  { { "doctest", "cpp" }, doctest_version = ANY },
  -- ctest --output-junit: a root <testsuite> with `disabled` and a timestamp.
  { { "ctest" }, disabled = ANY, timestamp = ANY, skipped = ANY },
  -- Playwright's root: <testsuites id="" name="" ...>; its suites' hostname is the project.
  { { "playwright", "javascript", project_host = true }, id = "^$", name = "^$" },
  -- The reader keeps the prefix: the attribute is `xsi:noNamespaceSchemaLocation`.
  { { nil, "java" }, ["xsi:noNamespaceSchemaLocation"] = "/surefire/" },
}

-- libtest's JUnit suites (cargo test -- -Z unstable-options --format junit): every test
-- binary's one suite is <testsuite name="test" package="test" id="0"> and its counts.
local LIBTEST_ATTRS = { name = "test", package = "test", id = "0", errors = ANY, failures = ANY, tests = ANY,
                        skipped = ANY }
local LIBTEST_ATTRS_NAMED = { name = "test", package = "test" }
local function libtest_like(attrs)
  local n = 0
  for k, v in pairs(attrs) do
    local want = LIBTEST_ATTRS[k]
    if not want or (want ~= ANY and v ~= want) then return false end
    n = n + 1
  end
  return n == 7
end

-- cmocka's suites: a bare <testsuites> root, then exactly these attributes.
local CMOCKA_ATTRS = { name = true, time = true, tests = true, failures = true, errors = true, skipped = true }
local function cmocka_like(attrs)
  local n = 0
  for k in pairs(attrs) do
    if not CMOCKA_ATTRS[k] then return false end
    n = n + 1
  end
  return n == 6
end

local function signed(sign, attrs)
  for k, pattern in pairs(sign) do
    if k ~= 1 and not (attrs[k] and attrs[k]:find(pattern)) then return false end
  end
  return true
end

local function producer_of(attrs)
  local known = PRODUCERS[attrs.name or ""]
  if known then return known end
  for _, sign in ipairs(SIGNS) do
    if signed(sign, attrs) then return sign[1] end
  end
end

--{ One testcase ---------------------------------------------------------------

-- This part runs once per test, so it avoids work that is the same for every test
-- of a suite (labels, the file check) and tables that stay empty. Empty lists are
-- this one shared, read-only table; shared tables are only ever read by the writer
-- (the driver copies a result's lists before run-wide rules change them).
local EMPTY = setmetatable({}, { __newindex = function() error("junit: EMPTY is read-only", 2) end })

-- v, or nil when it is missing, blank or a placeholder.
local function present(v)
  if v == nil or v == "" then return nil end
  if #v <= 9 then
    local t = v:match("^%s*(.-)%s*$")
    if t == "" or PLACEHOLDERS[t:lower()] then return nil end
  elseif not v:find("%S") then
    return nil
  end
  return v
end

-- "src/a.test.ts", "tests\\x.py", "spec.rb": a suite name that is a source file.
local function looks_like_file(s)
  return s:find("/", 1, true) or s:find("\\", 1, true)
    or s:match("%.[cm]?[jt]sx?$") or s:match("%.py$") or s:match("%.rb$") or s:match("%.php$")
end

-- Whether a <properties> tree holds a property of that name.
local function has_property(props, name)
  for _, p in ipairs(props) do
    if p.name == "property" and p.attrs.name == name then return true end
  end
  return false
end

-- Appends v (unless nil) to the list run[field], created on first use.
local function push(run, field, v)
  if v == nil then return end
  local list = run[field]
  if list then list[#list + 1] = v else run[field] = { v } end
end

-- pytest writes captured output in sections under a header line
-- ("----- Captured stdout call -----"); with junit_logging=all every section is
-- written, most of them empty. Drops the sections that hold nothing but their header.
local SECTION = "^%-%-%-+ Captured [^\r\n]-%-%-%-+[ \t]*\r?$"
local function without_empty_sections(text)
  if not text or not text:find("- Captured ", 1, true) then return text end
  local out, header = {}, nil
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    if line:find(SECTION) then
      header = line                             -- kept once a line of its section has text
    elseif header and line:find("%S") then
      out[#out + 1] = header
      out[#out + 1] = line
      header = nil
    elseif not header then
      out[#out + 1] = line
    end
  end
  return (table.concat(out, "\n"):gsub("\n+$", "\n"))
end

-- Captured output as an attachment `name`, then the files its [[ATTACHMENT|path]]
-- lines name, each given to add(a); its [[PROPERTY|...]] lines to property(key, value).
local function scan_output(name, text, state, add, property)
  text = without_empty_sections(text)
  add(model.text_attachment(name, text))
  lazy.inband.scan(text, function(path)
    local a, err = state.resolve(path)
    if a then add(a) else state.ctx:warn(err) end
  end, property)
end

-- A testcase's (or a rerun's) output element.
local function add_output(run, element, state)
  scan_output(OUTPUTS[element.name], element.text, state, function(a) push(run, "attachments", a) end,
    function(key, value) push(run, "properties", { key, value }) end)
end

-- The <property>s of a <properties> tree appended to `list` (made when nil and
-- needed) as { name, value }: the value attribute, the text, or Xray's evidence
-- <item>s (meta.property_of); not those without a name or with a placeholder value.
local function add_properties(props, list)
  for _, p in ipairs(props) do
    if p.name == "property" and p.attrs.name then
      local name, value = lazy.meta.property_of(p)
      if type(value) ~= "string" or value == "" or present(value) then
        list = list or {}
        list[#list + 1] = { name, value }
      end
    end
  end
  return list
end

-- Exceptions that abort a test as skipped (TestNG's junitreports write a skip
-- with a throwable as <error type="org.testng.SkipException">; JUnit's assumptions).
local SKIP_EXCEPTIONS = { SkipException = true, TestAbortedException = true, AssumptionViolatedException = true }

-- TestNG's message of a test skipped because a method it depends on failed.
local TESTNG_DEPENDS = "depends on not successfully finished methods"
-- TestNG's junitreports write a test skipped after a configuration failure as an
-- <error> holding a configuration method's exception (the run's last one, maybe of
-- another class): its trace runs through this frame, a test's own failure does not.
local TESTNG_CONFIG_FRAME = "org.testng.internal.Invoker.invokeConfigurationMethod("

-- PHPUnit writes no message attribute: its text is the test's name (with its data
-- set), then the message, up to a blank line or the first frame (a .php file:line).
local function phpunit_message(trace)
  local lines = {}
  local first = true
  for line in trace:gmatch("([^\n]*)\n?") do
    if first then
      first = false
    elseif not line:find("%S") or line:find("%.php:%d+$") then
      break
    else
      lines[#lines + 1] = line
    end
  end
  return lines[1] and table.concat(lines, "\n") or nil
end

-- cucumber-ruby's junit formatter: <failure message="failed <scenario>" type="failed">
-- whose text is "Scenario: …", the step, "Message:", then the error ("disk on fire
-- (IOError)") and its backtrace. Returns the error line and its class.
local function cucumber_ruby_error(element, trace)
  if element.attrs.type ~= "failed" or not trace or not trace:find("^%s*Scenario[^\n]*:") then return nil end
  local err = trace:match("\nMessage:%s*\n%s*([^\n]*%S)")
  if not err then return nil end
  return err, err:match("%(([%u][%w_:]*)%)$")
end

-- ctest's reasons for a test it did not run but counts as failed ("Not Run" among "The
-- following tests FAILED"): the run could not start it. Its other skips (DISABLED,
-- SKIP_RETURN_CODE, SKIP_REGULAR_EXPRESSION) are not failures.
local CTEST_NOT_RUN_FAILED = {
  ["Unable to find executable"] = true, ["Required Files Missing"] = true, ["Fixture dependency failed"] = true,
}

local function add_outcome(run, outcome, element, trace, state)
  if outcome == "skipped" and state and state.framework == "ctest"
      and CTEST_NOT_RUN_FAILED[element.attrs.message or ""] then
    outcome = "broken"
  end
  if outcome ~= "skipped" then
    local type_ = element.attrs.type
    local last = type_ and type_:match("([%w_$]+)$")
    if (last and SKIP_EXCEPTIONS[last])
        or (state and state.framework == "testng" and (element.attrs.message or ""):find(TESTNG_DEPENDS, 1, true)) then
      outcome = "skipped"
    elseif last == "RiskyTestError" then
      -- PHPUnit 9's risky test (no assertion, unexpected output): an <error> there, failed
      -- in allure-phpunit, which reports what the test did wrong rather than a crash.
      outcome = "failed"
    end
  end
  -- cmocka: a test whose own setup or teardown failed is an error ("[  ERROR   ]" on its
  -- console, "Could not run test" in its TAP), not a failed assertion; a signal it caught
  -- ("Test failed with exception: Segmentation fault(11)") is a crash.
  if outcome == "failed" and state and state.framework == "cmocka"
      and (trace == "Test setup failed" or trace == "Test teardown failed"
        or (trace or ""):find("^Test failed with exception: ")) then
    outcome = "broken"
  end
  local message = element.attrs.message
  -- behave writes an undefined step as <failure type="NoneType" message="None">, the
  -- step in its text ("Failing step: When … ... undefined in 0.000s"): broken, as the
  -- undefined steps of every Cucumber are here.
  if state and state.framework == "behave" and element.attrs.type == "NoneType" and trace then
    local step = trace:match("Failing step: ([^\n]-) %.%.%. undefined")
    if step then
      outcome = "broken"
      message = "Undefined step: " .. step
    end
  end
  local cucumber_error, cucumber_class = cucumber_ruby_error(element, trace)
  if cucumber_error then
    -- broken or failed by the exception's class, as the same run's JSON report gives
    message = cucumber_error
    if outcome == "failed" and cucumber_class then outcome = lazy.exception.status(cucumber_class) or outcome end
  end
  if outcome ~= "skipped" and state and state.framework == "testng" and trace
      and trace:find(TESTNG_CONFIG_FRAME, 1, true) then
    outcome = "skipped"
    message = "skipped after a configuration method failed: " .. (message or status.first_line(trace) or "")
  end
  -- pytest writes <failure> for any exception of a test's call; allure-pytest calls one
  -- that is neither an assertion's nor pytest.fail's (Failed) broken. The exception's
  -- class ends the traceback: "test_x.py:5: ZeroDivisionError".
  if outcome == "failed" and state and state.framework == "pytest" and trace then
    local class = trace:sub(-300):match(":%d+: ([%a_][%w_.]*)%s*$")
    if class and class ~= "Failed" then outcome = lazy.exception.status(class) or outcome end
  end
  local googletest = state and state.framework == "googletest"
  if googletest and message then
    -- "file:line\nmessage" as gtest.lua reads it: the location is no message, and an
    -- exception that escaped the test body is broken, not a failed assertion.
    local _, text = lazy.exception.googletest_split(message)
    message = text
    if outcome == "failed" and lazy.exception.googletest_error(text) then outcome = "broken" end
  end
  -- A skip that says why (node's todo, Catch2's "TEST_CASE tagged with !mayfail"). Not
  -- googletest's: GTEST_SKIP() after a failed EXPECT is a failed test, as it counts it.
  if outcome == "skipped" and not googletest
      and ((element.attrs.message or ""):find("%S") or (trace or ""):find("%S")) then
    run.skipped = true
  end
  run.status = status.worst(run.status, outcome)
  if (not message or not message:find("%S")) and trace and state and state.framework == "phpunit" then
    message = phpunit_message(trace)
  end
  if not message or not message:find("%S") then message = status.first_line(trace) end
  -- ctest writes <failure message=""/> for a non-zero exit: a failure still says what failed.
  if not message and outcome ~= "skipped" then message = ("<%s> without a message"):format(element.name) end
  push(run, "messages", message)
  if outcome ~= "skipped" and trace and trace:find("%S") then push(run, "traces", trace) end
end

-- jest-junit's testcase for an error outside the tests of a file (a throwing afterAll):
-- an error, not a failed assertion; its <failure> is the error as JSON,
-- {"message":"","stack":"Error: afterAll broke\n    at ..."}: the stack is its text.
local JEST_HOOK_FAILURE = "^%s*Test execution failure: could be caused by test hooks"

local function jest_hook_failure(run)
  if run.status ~= "failed" then return end
  run.status = "broken"
  for i, text in ipairs(run.traces or EMPTY) do
    local err = lazy.json.decode(text)
    local stack = type(err) == "table" and (err.stack or err.message)
    if type(stack) == "string" and stack:find("%S") then
      run.traces[i] = stack
      if run.messages and run.messages[i] then run.messages[i] = status.first_line(stack) end
    end
  end
end

-- vitest's and node:test's testcase for a test file that failed to load or run (a missing
-- module, a throw at top level) is named after the file: vitest's name is its classname,
-- node's the absolute path. A crash of the file, not a failed assertion.
local function js_file_failure(a)
  local name = a.name or ""
  if name:find("%s") or not name:find(TITLE_FILES[1]) then return false end
  return name == a.classname or name:find("^/") ~= nil or name:find("^%a:[\\/]") ~= nil
end

-- Reads a <testcase> tree into its attempts (in time order) and properties.
local function read_testcase(tc, state)
  -- An attempt: status, and the lists messages, traces, attachments, properties
  -- (each absent until it gets an entry).
  local main = { status = "passed" }
  local properties
  for i = 1, #tc do
    local child = tc[i]
    local name = child.name
    if OUTCOMES[name] then
      add_outcome(main, OUTCOMES[name], child, child.text, state)
    elseif RERUNS[name] then
      local rerun = { status = "passed" }
      local trace = xmlnode.child(child, "stackTrace")
      add_outcome(rerun, RERUNS[name].status, child, trace and trace.text or child.text)
      for _, sub in ipairs(child) do
        if OUTPUTS[sub.name] then add_output(rerun, sub, state) end
      end
      push(main, RERUNS[name].before and "before" or "after", rerun)
    elseif OUTPUTS[name] then
      add_output(main, child, state)
    elseif name == "properties" then
      properties = add_properties(child, properties)
    end
  end
  local a = tc.attrs
  local st, res = a.status, a.result
  if (st and NOT_RUN[st:lower()]) or (res and NOT_RUN[res:lower()]) then
    main.status = status.worst(main.status, "skipped")
  end
  -- A <skipped> that says why beside <failure>/<error> is a test expected to fail
  -- (node's failing todo, Catch2's [!mayfail]/[!shouldfail]): skipped, the failure
  -- kept in its message and trace. A bare <skipped/> among other outcomes (a
  -- hand-written multi-result report) ranks below them.
  if main.skipped then main.status = "skipped" end
  if (a.name or ""):find(JEST_HOOK_FAILURE) then jest_hook_failure(main) end
  if main.status == "failed" and js_file_failure(a) then main.status = "broken" end
  local runs = main.before or {}
  runs[#runs + 1] = main
  for _, rerun in ipairs(main.after or EMPTY) do runs[#runs + 1] = rerun end
  return runs, properties or EMPTY
end

-- The label of that name and value as model.label makes it, or nil.
local function label_of(name, value)
  local one = {}
  model.label(one, name, value)
  return one[1]
end

-- Labels every test of a suite shares, made once per suite (again when a later
-- suite named the framework): `head` goes before the test's own labels, `tail`
-- after. Outside any suite they live in `state`.
local NO_CLASS = {}
local function shared_labels(suite, state)
  local owner = suite or state
  local c = owner.labels_cache or {}
  owner.labels_cache = c
  if not c.tail or c.framework ~= state.framework or c.language ~= state.language then
    local head, tail = {}, {}
    if suite then model.suite_labels(head, suite.path) end
    if not state.project_host then model.label(tail, "host", suite and suite.host) end
    model.label(tail, "thread", suite and suite.thread)
    model.label(tail, "framework", state.framework)
    model.label(tail, "language", state.language)
    model.label(tail, "resultFormat", "junit")
    c.head, c.tail, c.framework, c.language = head, tail, state.framework, state.language
  end
  return c
end

-- testClass and package of a classname: tests of one class come together, so
-- one remembered class is enough.
local function class_labels(c, suite, classname)
  local key = classname or NO_CLASS
  if c.class ~= key then
    c.class = key
    c.test_class = label_of("testClass", classname)
    c.package = label_of("package", suite and suite.package or (classname and classname:match("^(.*)%.[^.]+$")))
  end
  return c.test_class, c.package
end

-- pytest's classname "pkg.sub.test_mod.TestCart" as allure-pytest labels it:
-- parentSuite = the package dirs (pkg.sub), suite = the module (test_mod), subSuite
-- = the classes (capitalised trailing parts, nested ones joined with " > "),
-- package = the dotted module path. Cached per classname (tests of a class come
-- together). Returns the head labels, the package label and the titlePath.
local function pytest_suites(c, classname)
  if c.py_class == classname then return c.py_head, c.py_package, c.py_path end
  local parts = {}
  for part in classname:gmatch("[^.]+") do parts[#parts + 1] = part end
  local first_class = #parts + 1
  while first_class > 2 and parts[first_class - 1]:find("^%u") do first_class = first_class - 1 end
  local module = parts[first_class - 1]
  local dirs = table.concat(parts, ".", 1, first_class - 2)
  local classes = table.concat(parts, " > ", first_class, #parts)
  local head, path = {}, {}
  model.label(head, "parentSuite", dirs ~= "" and dirs or nil)
  model.label(head, "suite", module)
  model.label(head, "subSuite", classes ~= "" and classes or nil)
  for i = 1, #parts do path[i] = parts[i] end
  c.py_class, c.py_head, c.py_path = classname, head, path
  c.py_package = label_of("package", table.concat(parts, ".", 1, first_class - 1))
  return head, c.py_package, path
end

-- JavaScript reports: package from the test file as allure-js makes it (the
-- relative path, "/" read as "."), testClass from the describe path (the suite
-- path), so neither comes from a title. Cached per suite and file.
local function js_class_labels(c, suite, file, name)
  -- vitest writes the describe path into the name: "Cart > starts empty".
  local in_name = name:match("^(.*) > ")
  local key = (file or "") .. "\0" .. (in_name or "")
  if c.js_key ~= key then
    c.js_key = key
    local dotted = file and (file:gsub("\\", "/"):gsub("^%./", ""):gsub("^/+", ""):gsub("/", "."))
    c.js_package = label_of("package", dotted)
    local path = suite and suite.path or EMPTY
    local from = (path[1] == file or (file and path[1] and file:sub(-#path[1]) == path[1])) and 2 or 1
    local describe = table.concat(path, " > ", from)
    if in_name then describe = describe ~= "" and (describe .. " > " .. in_name) or in_name end
    c.js_class = label_of("testClass", describe ~= "" and describe or dotted)
  end
  return c.js_class, c.js_package
end

-- A `file` attribute as it goes in an identity: relative to --opt root (default: the
-- working directory) when it is a file of TITLE_FILES, else false. Tests of one file
-- come together: the last answer is remembered.
local function title_file(file, state)
  if file == state.last_file then return state.last_title_file end
  local title = false
  for _, pattern in ipairs(TITLE_FILES) do
    if file:find(pattern) then
      title = state.relative(file)
      break
    end
  end
  state.last_file, state.last_title_file = file, title
  return title
end

-- The file a test's fullName gets in front, so that the same describe/test titles
-- in two files stay two tests: the testcase's or its suite's `file` attribute
-- (node:test, mocha, jest-junit), else the suite's name when it is a file path
-- (jest-junit's suiteNameTemplate, Playwright); nil when the owner names it already.
local function file_prefix(source, a, suite, owner, state)
  local file = source and title_file(source, state)
  if not file and suite and suite.is_file then file = suite.name end
  if file and file ~= owner and file ~= (a.classname or a.class) and not owner:find(file, 1, true) then
    return file
  end
end

-- One labels array and one result table serve every test: nothing keeps them once
-- ctx:emit returns (the writer serializes at once, the driver copies a result before
-- rules change it), and refilling them costs no allocation.
local labels_buf, result_buf = {}, {}

local CTEST_SUITE = { { name = "suite", value = "ctest" } }

local function convert_testcase(tc, suite, state)
  local ctx, opts = state.ctx, state.ctx.opts
  local runs, properties = read_testcase(tc, state)
  local nruns = #runs
  local a = tc.attrs
  local classname = present(a.classname or a.class)
  local name = a.name or ""
  local base, parameters = name, nil
  if a.value_param or a.type_param then
    -- googletest: the variant part of the names becomes parameters.
    classname, base, parameters = params.googletest(classname, name, a.value_param, a.type_param)
  elseif opts.params then
    base, parameters = params.from_name(name)
  end
  local owner = classname
  if classname == name then
    owner = ""                                -- ctest, jest-junit: the name twice is no class
  elseif classname == NODE_CLASS and (not suite or suite.node_like) then
    -- node:test: the describe path tells the tests apart ("Cart > starts empty" and
    -- "Search > starts empty"); a top-level test has none.
    owner = suite and suite.thread or ""
  elseif not owner then
    owner = suite and suite.name or ""
  end
  -- A testcase without a name (googletest's NonTestSuiteFailure: a failing global
  -- Environment) is named by its owner, with no dangling ".".
  local full_name = owner ~= "" and base ~= "" and (owner .. "." .. base) or (base ~= "" and base or owner)
  -- The source file (pytest, jest-junit, node:test, mocha): rules see it as {file}.
  local source = present(a.file) or (suite and suite.file)
  local file = file_prefix(source, a, suite, owner, state)
  if file then full_name = file .. "#" .. full_name end
  local info = source and { file = source } or nil

  -- Shared by every attempt: suite labels, testClass, testMethod, package, host,
  -- thread, framework, language, resultFormat.
  local c = shared_labels(suite, state)
  local test_class, package = class_labels(c, suite, classname)
  local labels = labels_buf
  local head, tail = c.head, c.tail
  local title_path = suite and suite.path[1] and suite.path or nil
  if state.framework == "pytest" and (classname or (name:find("^[%w_.]+$") and name:find(".", 1, true))) then
    -- A collection error names its module instead ("shop.test_broken_import").
    head, package, title_path = pytest_suites(c, classname or name)
  elseif state.language == "javascript" or (source and not state.language and source:find(TITLE_FILES[1])) then
    local js_file = source or (suite and suite.is_file and suite.name)
      or (classname and classname:find(TITLE_FILES[1]) and classname) or nil
    if js_file then js_file = state.relative(js_file) end
    local js_class, js_package = js_class_labels(c, suite, js_file, name)
    -- A classname that is neither the title (jest-junit's default) nor the file nor
    -- node's "test" is the describe path (mocha's xunit, jest-junit's {classname}).
    if not classname or classname == name or classname == NODE_CLASS or classname == js_file
        or (js_file and js_file:sub(-#classname) == classname) then
      test_class = js_class
    end
    package = js_package
  elseif state.framework == "ctest" and #head == 0 then
    -- ctest names no suite ("(empty)"): the project's tests go in one.
    head = CTEST_SUITE
  elseif state.framework == "catch2" and #head == 0 and package then
    -- Catch2 v2 leaves the suite's name out when a crash ends the run; its classnames
    -- ("tests.global", "tests.Fixture") still start with it.
    head = { { name = "suite", value = package.value } }
  end
  local n = #head
  for i = 1, #labels do labels[i] = nil end
  for i = 1, n do labels[i] = head[i] end
  if test_class then n = n + 1; labels[n] = test_class end
  model.label(labels, "testMethod", base)
  n = #labels
  if package then n = n + 1; labels[n] = package end
  for i = 1, #tail do labels[n + i] = tail[i] end
  -- Playwright: the same spec in two projects (browsers) is two tests; "Project" as
  -- allure-playwright names it (and playwright.lua, ctrf.lua), so reports agree on its name.
  if state.project_host and suite and suite.host then
    parameters = parameters or {}
    parameters[#parameters + 1] = { name = "Project", value = suite.host }
  end

  -- Properties (rare): labels, links, flags, a description, files, Testmo steps, an
  -- Xray summary as the name.
  local links, description, flags, steps, title = EMPTY, nil, nil, nil, nil
  local run_props = false
  for i = 1, nruns do
    if runs[i].properties then run_props = true end
  end
  local case_props = opts["case-properties"]
  if (suite and #suite.properties > 0) or (#properties > 0 and case_props ~= "ignore") or run_props then
    local shared = { labels = labels, links = {}, parameters = parameters or {}, attachments = {} }
    local apply = lazy.meta.properties
    if suite then apply(shared, suite.properties, opts["suite-properties"] == "labels", state.meta) end
    if case_props ~= "ignore" then apply(shared, properties, case_props == "labels", state.meta) end
    for _, run in ipairs(runs) do
      apply(shared, run.properties or EMPTY, case_props == "labels", state.meta)
    end
    -- Files named by properties go with the final attempt.
    for _, extra in ipairs(shared.attachments) do push(runs[nruns], "attachments", extra) end
    labels, links, parameters = shared.labels, shared.links, shared.parameters
    description, flags, steps, title = shared.description, shared.statusDetails, shared.steps, shared.name
  end

  -- Repeats of this test in the suite: retries keep the identity, variants get an occurrence.
  local final = runs[nruns]
  local key = params.key(full_name, parameters)
  local kind, occurrence, previous = "first", 1, nil
  if suite then
    -- Reruns repeat a test inside its suite. Any other repeat is another test, in whichever
    -- suite of the report it is: jest-junit names a file's suite after its first describe,
    -- mocha-junit-reporter writes a suite per describe block, so two of them may share a name.
    local seen = suite.reruns and suite.repeats or state.variants
    kind, occurrence, previous = seen:add(key, final.status, not suite.reruns)
  end
  if occurrence > 1 then
    parameters = parameters or {}
    parameters[#parameters + 1] = { name = "occurrence", value = tostring(occurrence) }
  end
  local flaky = final.status == "passed" and (nruns > 1 or (kind == "retry" and previous ~= "passed"))

  -- Time: the testcase's own timestamp, else next on the suite's clock; the
  -- attempts share the testcase's duration, the final one last.
  local duration = time.seconds(a.time) or 0
  local start = time.timestamp(a.timestamp, state.zone) or (suite and suite.clock) or state.clock or ctx.base_time
  -- At least 1 ms apart, so readers that pick the latest attempt pick the final one.
  local slice = nruns > 1 and math.max(1, duration // nruns) or duration
  local display = title or (name ~= "" and name or full_name)
  local children = suite and suite.children
  for i = 1, nruns do
    local run = runs[i]
    local details
    if run.messages or run.traces then
      details = status.details(table.concat(run.messages or EMPTY, "\n"), table.concat(run.traces or EMPTY, "\n\n"))
    end
    if i == nruns and flaky then details = model.flaky(details) end
    details = status.with_flags(details, flags)    -- allure.flaky / muted / known properties
    local attempt_start = start + (i - 1) * slice
    local result = result_buf
    result.name = display
    result.fullName = full_name
    result.titlePath = title_path
    result.status = run.status
    result.statusDetails = details
    result.description = description
    result.start = attempt_start
    result.stop = i == nruns and math.max(start + duration, attempt_start) or attempt_start + slice
    result.labels = labels
    result.links = links
    result.parameters = parameters or EMPTY
    result.attachments = run.attachments or EMPTY
    result.steps = i == nruns and steps or nil         -- Testmo's steps are the final run's
    local uuid = ctx:emit(result, info)
    -- Outside the test plan (nil): this and the later attempts are not the suite's.
    if uuid == nil then children = nil end
    if children then children:add(uuid) end
  end
  local finish = math.max(start + duration, start + (nruns - 1) * slice)
  if suite then
    suite.clock = finish
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
  local start = time.timestamp(attrs.timestamp, state.zone)
  if not start and parent then start = parent.clock end
  if not start and state.clock then start = state.clock end  -- after the previous suite
  if not start then
    -- No timestamp anywhere yet: end the suite at the report's time.
    start = state.ctx.base_time - (time.seconds(attrs.time) or 0)
  end
  local name = present(attrs.name)
  -- doctest names its suite by the binary as it was started ("./tests", "build/tests"):
  -- the binary's name (as catch2.lua reads doctest's XML), not a file of the tests.
  if name and state.framework == "doctest" then name = name:match("([^/\\]*)$") end
  local path = {}
  for _, frame in ipairs(stack) do path[#path + 1] = frame.name end
  path[#path + 1] = name
  local frame = {
    name = name,
    is_file = name and looks_like_file(name) and true or false,
    path = path,
    clock = start,
    start = start,
    host = present(attrs.hostname) or (parent and parent.host),
    thread = #path > 0 and table.concat(path, " > ") or nil,
    package = present(attrs.package) or (parent and parent.package),
    file = present(attrs.file) or (parent and parent.file),
    node_like = attrs.disabled ~= nil and attrs.timestamp == nil,
    properties = {},
    children = uuids.new(),
    outputs = {},
    errors = {},
    declared = tonumber(attrs.tests),
    declared_bad = (tonumber(attrs.errors) or 0) + (tonumber(attrs.failures) or 0),
    n_cases = 0,
    repeats = attempts.new(),
    -- Repeated testcases are reruns (retries) only for producers that write them so.
    reruns = state.reruns or (parent and parent.reruns) or false,
    -- Gradle's shape: the root <testsuite> with hostname and a zone-less timestamp,
    -- then an empty <properties/> (Surefire and Ant fill theirs, TestNG has none).
    gradle_like = not parent and state.root == "testsuite" and attrs.hostname ~= nil
      and (attrs.timestamp or ""):find("^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%d$") ~= nil,
  }
  -- TestNG's junitreports write a class's data-provider rows with one name, in an
  -- order that changes from run to run (a hash set): the class's testcases are held
  -- (one class per file) and written sorted by their outcome, so that each row's
  -- occurrence number stays the same while its outcome does.
  if state.framework == "testng" and state.repeats_mode ~= "retries" then frame.buffer = {} end
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
  local dir = lazy.attach.dirname(file)
  local name = suite.name .. "-output.txt"
  if host.stat(dir .. "/" .. name) ~= "file" then return nil end
  -- Opened as any attachment is (no symlink swapped in, under the size cap: a note over
  -- it), from the report's own directory whatever attachments-base says.
  state.output_files = state.output_files or lazy.attach.resolver { report = file, base = dir }
  local a, err = state.output_files(name)
  if not a then
    state.ctx:warn(("%s: %s"):format(name, err))
    return nil
  end
  a.name = "Output file " .. name
  if a.path then a.type = "text/plain" end
  return a
end

local function close_suite(stack, state)
  local suite, parent = kit.pop_suite(stack)
  local ctx = state.ctx
  if parent then parent.n_cases = parent.n_cases + suite.n_cases end
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
  if suite.children.n > 0 and (#suite.outputs > 0 or #suite.errors > 0) then
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
    ctx:container { name = suite.name, children = suite.children:array(), afters = afters,
                    start = suite.start, stop = suite.clock }
  end
  suite.children:close()
end

-- Suite-level output: a text attachment of the suite's "Suite output" tear-down,
-- with the files its [[ATTACHMENT|path]] lines name. Its [[PROPERTY|...]] lines are
-- suite properties: they reach the suite's tests that come after the output (tests
-- already written cannot change; Gradle writes suite output last, hence the warning).
local function add_suite_output(suite, element, text, state)
  local outputs = suite.outputs
  scan_output("Suite " .. OUTPUTS[element]:lower(), text, state, function(a) outputs[#outputs + 1] = a end,
    function(key, value)
      if suite.n_cases > 0 then
        state.ctx:warn(("suite %s: [[PROPERTY|%s]] in the suite's output after its tests: "
          .. "applies to none of them"):format(suite.name or "(unnamed suite)", key))
      end
      suite.properties[#suite.properties + 1] = { key, value }
    end)
end

--}

--{ Tests reported in two parts ---------------------------------------------------

-- A testcase that completes one held before it (same classname and name), so
-- that both are one test, not a retry:
--   pytest: a test whose teardown fails after its call failed gets a second
--     <testcase> with <error message="failed on teardown with ...">;
--   jest-junit (reportTestSuiteErrors): a test file that fails to load gives two
--     "Test suite failed to run" testcases, the error and its details.
local function completes(previous, tc)
  local a, b = previous.attrs, tc.attrs
  if a.name ~= b.name or (a.classname or a.class) ~= (b.classname or b.class) then return false end
  if b.classname == SUITE_FAILED then return true end
  for _, child in ipairs(tc) do
    if child.name == "error" and (child.attrs.message or ""):find("^failed on teardown with ") then return true end
  end
  return false
end

-- Appends the second part's outcomes, output and properties to the first; the
-- durations add up.
local function merge_testcase(first, second)
  for _, child in ipairs(second) do first[#first + 1] = child end
  first.attrs.time = ((time.seconds(first.attrs.time) or 0) + (time.seconds(second.attrs.time) or 0)) / 1000
end

-- A testcase's outcome as a sort key: its outcome elements and their messages.
local function outcome_key(tc)
  local parts = {}
  for _, child in ipairs(tc) do
    if OUTCOMES[child.name] then parts[#parts + 1] = child.name .. "\1" .. (child.attrs.message or "") end
  end
  return table.concat(parts, "\2")
end

-- Writes a suite's held testcases (TestNG) ordered by classname, name, outcome and
-- place in the report.
local function convert_sorted(suite, state)
  local list = suite.buffer
  suite.buffer = nil
  local keys = {}
  for i, tc in ipairs(list) do
    local a = tc.attrs
    keys[tc] = { a.classname or a.class or "", a.name or "", outcome_key(tc), i }
  end
  table.sort(list, function(x, y)
    local kx, ky = keys[x], keys[y]
    for i = 1, 3 do
      if kx[i] ~= ky[i] then return kx[i] < ky[i] end
    end
    return kx[4] < ky[4]
  end)
  for _, tc in ipairs(list) do convert_testcase(tc, suite, state) end
end

--}

--{ The read ----------------------------------------------------------------------

-- What the elements of a JUnit report become as the read goes. A testcase is held
-- until the next elements show whether one completes it (tests reported in two
-- parts); `done` writes those held when the input ends or turns out malformed.
local XML = { tree = {}, ["end"] = {} }

local function flush(state)
  local held = state.held
  state.held = {}
  for _, tc in ipairs(held) do convert_testcase(tc, state.held_suite, state) end
end

-- Documents that are only an XML declaration ("empty" events): libtest writes a test
-- binary's declaration when the binary starts and the rest of its report when its tests
-- end, so a binary that exits before (a test calling process::exit(0), which cargo counts
-- a success) leaves just that, and its tests are lost. Each is one broken result, written
-- when the next suite (or the end) has shown whether the stream is libtest's. Nothing in
-- the stream names the binary: every libtest suite is "test", so the place says which.
function XML.empty(r, state)
  flush(state)
  state.documents = state.documents + 1
  local pending = state.empty_docs or {}
  pending[#pending + 1] = { document = state.documents, line = r:line() }
  state.empty_docs = pending
end

local function write_empty_docs(state, libtest)
  local pending = state.empty_docs
  state.empty_docs = nil
  local stack = state.stack
  for _, doc in ipairs(pending) do
    local where = ("document %d of the report (line %d)"):format(doc.document, doc.line)
    local name, message
    if libtest then
      name = ("[test binary exited] document %d"):format(doc.document)
      message = ("a test binary exited without writing its report: %s is only the XML declaration "
        .. "libtest writes when a binary starts; the rest comes when its tests end, so a test that calls "
        .. "process::exit() loses them all. Nothing in the report names the binary (libtest names every "
        .. "suite \"test\"): cargo's \"Running\" lines on standard error do"):format(where)
    else
      name = ("[no report] document %d"):format(doc.document)
      message = ("%s is only an XML declaration: the program that wrote it exited without writing its "
        .. "tests, and nothing in the report names it"):format(where)
    end
    -- In libtest's one suite, "test", beside the tests of the binaries that did report.
    local suite = libtest and open_suite(stack, LIBTEST_ATTRS_NAMED, state) or nil
    convert_testcase({ name = "testcase", attrs = { name = name },
      { name = "error", attrs = { message = message } } }, suite, state)
    if suite then close_suite(stack, state) end
  end
end

function XML.done(state)
  flush(state)
  if state.empty_docs then write_empty_docs(state, state.libtest) end
end

-- How many testcases are held: the one before, except for pytest, whose pytest-xdist
-- workers' reports interleave, so that a teardown part can come a few testcases after
-- its call (bounded: a report's memory does not grow with its size).
local PYTEST_HELD = 64

-- The held testcase that tc completes, the nearest first.
local function completed_by(tc, state)
  local held = state.held
  for i = #held, 1, -1 do
    if completes(held[i], tc) then return held[i] end
  end
  return nil
end

function XML.tree.testcase(tc, state)
  local stack = state.stack
  local suite = stack[#stack]
  local first = not (suite and suite.buffer) and state.held_suite == suite and completed_by(tc, state)
  if suite and suite.buffer then
    suite.buffer[#suite.buffer + 1] = tc
  elseif first then
    merge_testcase(first, tc)
  else
    if state.held_suite ~= suite then flush(state) end
    local held = state.held
    held[#held + 1] = tc
    state.held_suite = suite
    if #held > (state.framework == "pytest" and PYTEST_HELD or 1) then
      convert_testcase(table.remove(held, 1), suite, state)
    end
  end
end

-- A document's root: which producer wrote it (framework and language labels).
local function open_root(r, name, state)
  state.documents = state.documents + 1
  if not ROOTS[name] then
    local message = ("%s:%d: not a JUnit report: root element <%s>, expected <testsuites> or <testsuite>")
      :format(state.input.name, r:line(), name)
    if state.documents == 1 then return false, message end
    return nil, message
  end
  state.root = name
  state.bare_root = next(r:attrs()) == nil
  local relabelled = r.relabelled and r:relabelled()
  if relabelled and state.documents == 1 then
    state.ctx:warn(("encoding=\"%s\" is not an encoding name; read by its byte-order mark"):format(relabelled))
  end
  local root_attrs = r:attrs()
  local producer = producer_of(root_attrs)
  -- behave's --junit: one root <testsuite> per feature file, named "<file>.<Feature>", with
  -- Python's timestamp and a host name like pytest's (which names its suite "pytest" and
  -- has written a <testsuites> root since pytest 5.1).
  if producer and producer[1] == "pytest" and name == "testsuite" and root_attrs.name ~= "pytest" then
    producer = BEHAVE
  end
  if producer then
    state.framework, state.language, state.project_host = producer[1], producer[2], producer.project_host
  end
end

-- Any other start: suites, and what a suite says outside its testcases.
function XML.start_other(r, name, state, depth)
  flush(state)
  if depth == 0 then
    local ok, err = open_root(r, name, state)
    if err then return ok, err end
  end
  local stack = state.stack
  local suite = stack[#stack]
  if name == "testsuite" then
    local attrs = r:attrs()
    if not state.libtest and libtest_like(attrs) then state.libtest = true end
    if state.empty_docs and not suite then write_empty_docs(state, state.libtest) end
    if not state.framework and not state.language then
      local producer = producer_of(attrs)
      if not producer and state.bare_root and cmocka_like(attrs) then producer = { "cmocka", "c" } end
      if producer then state.framework, state.language = producer[1], producer[2] end
    end
    open_suite(stack, attrs, state)
  elseif suite and name == "properties" then
    local props, perr = r:tree()
    if not props then return nil, perr end
    if state.repeats_mode == "auto" and ((#props == 0 and suite.gradle_like) or has_property(props, "go.version")) then
      suite.reruns = true                   -- Gradle test-retry, gotestsum --rerun-fails
    end
    if state.opts["suite-properties"] ~= "ignore" then add_properties(props, suite.properties) end
  elseif suite and OUTPUTS[name] then
    local text, terr = r:text()
    if not text then return nil, terr end
    add_suite_output(suite, name, text, state)
  elseif suite and OUTCOMES[name] and OUTCOMES[name] ~= "skipped" then
    local el, terr = r:tree()
    if not el then return nil, terr end
    suite.errors[#suite.errors + 1] = { message = el.attrs.message or status.first_line(el.text),
                                        trace = el.text, status = OUTCOMES[name] }
  end
end

XML["end"].testsuite = function(state)
  flush(state)
  local stack = state.stack
  local suite = stack[#stack]
  if suite and suite.buffer then convert_sorted(suite, state) end
  if suite and suite.n_cases == 0 and #suite.errors == 0 and (suite.declared or 0) == 0
      and (suite.declared_bad or 0) > 0 then
    -- Errors but no testcase (cmocka's failed group setup): one broken result of the group.
    local gname = suite.name or "(unnamed suite)"
    convert_testcase({ name = "testcase", attrs = { name = gname, classname = gname },
      { name = "error", attrs = { message = ("%s: %d error(s) outside its tests and no testcase: its setup failed; "
          .. "the runner's output says why"):format(gname, suite.declared_bad) } } }, suite, state)
  end
  close_suite(stack, state)
end

--}

return kit.converter {
  name = "junit",
  description = "JUnit XML (Surefire, Gradle, Ant, pytest, jest-junit, PHPUnit, googletest, ...)",
  extensions = { "xml" },
  -- auto/detect: the root element says it (other XML formats have roots of their own)
  detect = function(sniff)
    local root = sniff:xml_root()
    if root and ROOTS[root.name] then return 80, ("root <%s>"):format(root.name) end
  end,
  help = [==[
Reads every dialect of JUnit XML; docs/formats/junit.md has the mapping. Parameters
in test names (test[a-b], add(1, 2), "with data set #0", "#3") become Allure
parameters so variants stay separate tests; Surefire reruns and repeated
testcases become retries; [[ATTACHMENT|path]] and [[PROPERTY|name=value]] lines in
the output are honoured.]==],
  options = {
    "tz",
    { name = "suite-properties", default = "known", choices = { "known", "labels", "ignore" },
      help = "suite <property> elements: known (only names with an Allure meaning), labels (all), ignore" },
    { name = "case-properties", default = "labels", choices = { "labels", "known", "ignore" },
      help = "testcase <property> elements: labels (all; known names mapped), known, ignore" },
    "params", "link", "attachments-base",
    { name = "output-files", type = "boolean", default = true,
      help = "attach Surefire's <class>-output.txt found next to TEST-<class>.xml" },
    { name = "repeats", default = "auto", choices = { "auto", "retries", "variants" },
      help = "testcases repeated in a suite: auto (retries only from producers that write reruns so: "
        .. "Gradle, go-junit-report/gotestsum), retries, variants" },
    { "root",
      help = "directory the file attributes of JavaScript and Ruby tests are made relative to, for their "
        .. "identity (default: the working directory)" },
  },

  convert = function(input, ctx, state)
    local mode = ctx.opts.repeats
    state.repeats_mode, state.reruns = mode, mode == "retries"
    state.stack, state.documents, state.held, state.variants = {}, 0, {}, attempts.new()
    -- documents = "many": cmocka appends one <testsuites> per group to the same file.
    local r, err = input:xml { documents = "many" }
    if not r then return nil, err end
    return kit.xml(r, XML, state)
  end,
}
