-- go test -json (test2json) and go test -v text -> Allure results.
--
-- A stream of events, read line by line: each test and subtest becomes a result
-- the moment its terminal event arrives, so `allurectl watch` uploads while the
-- tests run. Only running tests are kept in memory (parallel tests interleave),
-- plus, per package still running, the status of each test that ended (for
-- -count repetitions) and, for the whole stream, the identities that failed (for
-- reruns of failed tests, gotestsum --rerun-fails). docs/formats/gotest.md has the
-- whole mapping.
--
-- Over 500 lines because it is two readers of one mapping (test2json's events, and go
-- test -v text, which names its package only at its end) and go test leaves much to be
-- inferred: a panic that ends the test binary, build failures as plain text, benchmarks
-- without events before Go 1.20, -count and rerun repetitions, t.Log/t.Error entries
-- before Go 1.25's "error" output. The shared skeleton is allure.kit's and allure.stream's.
local kit = require "allure.kit"
local json, status, time, model, meta, stream = kit.require("json", "status", "time", "model", "meta", "stream")

local byte, find, sub, math_type, type, next = string.byte, string.find, string.sub, math.type, type, next
local sorted_keys = require("allure.coerce").sorted_keys

-- test2json actions that end a test (or a package, without "Test").
local TERMINAL = { pass = "passed", fail = "failed", skip = "skipped" }

-- Result lines of go test -v, and the status each means.
local VERDICTS = { PASS = "passed", FAIL = "failed", SKIP = "skipped" }

-- What results share when a list stays empty; read-only, so nothing adds to it.
local EMPTY = setmetatable({}, { __newindex = function() error("gotest: EMPTY is read-only", 2) end })

-- Statuses as small integers, to keep one number per finished test of a package.
local CODES = { passed = 1, skipped = 2, failed = 3, broken = 4 }
local STATUS_OF = { "passed", "skipped", "failed", "broken" }

-- Lines go test writes around a test's own output ("=== RUN", "--- PASS: x (0.00s)"),
-- dropped from it: they say what the events already say. Tested on every output
-- line, so the first byte decides before any pattern runs.
local FRAME5 = { [82] = true, [80] = true, [67] = true, [78] = true }     -- R P C N
local FRAME6 = { [85] = true, [65] = true, [79] = true }                   -- U A O
local FRAME7 = { [78] = true, [85] = true, [77] = true }                   -- N U M
local function is_framing(line)
  local b, b2, b3, b4, b5, b6, b7 = byte(line, 1, 7)
  if b == 61 then                                                          -- "=== RUN", PAUSE, CONT, NAME
    return b2 == 61 and b3 == 61 and b4 == 32 and FRAME5[b5] == true and FRAME6[b6] == true
      and FRAME7[b7] == true
  end
  if b == 45 or b == 32 or b == 9 then return line:find("^%s*%-%-%- [PFS][AK][SIP][SLP]: ") ~= nil end
  return false
end

-- Lines of the benchmark preamble: facts of the machine, not output of a test.
local BENCH_HEADER = { goos = true, goarch = true, pkg = true, cpu = true }

local function is_bench_header(line)
  local b = byte(line, 1)
  if b ~= 103 and b ~= 112 and b ~= 99 then return false end          -- g p c: only these words
  local word = line:match("^(%l+): ")
  return word ~= nil and BENCH_HEADER[word] == true
end

-- test2json times: json.picker gives those of the usual shape ("2025-06-02T10:00:00.123+02:00")
-- as ms already (pick_event below); other ones come here as strings.
local function event_time(s)
  if math_type(s) == "integer" then return s end
  return time.iso(s)                                   -- (nil for what is not a string)
end

local function ms(seconds)
  return time.seconds(seconds) or 0
end

--{ What a test's output says ------------------------------------------------------

-- What a panic printed: the text after "panic: " at the start of a line (the first
-- such line after a line break, else the first line), or nil.
local function panic_of(text)
  -- (a plain find first: the patterns scan the whole text when they fail)
  if not (text and find(text, "panic: ", 1, true)) then return nil end
  return text:match("\npanic: ([^\n]*)") or text:match("^panic: ([^\n]*)")
end

-- Message, trace, expected and actual of a test from its output (framing removed):
-- t.Error/t.Fatal lines ("    x_test.go:12: message", with their indented
-- continuation lines), a panic, or an example's got/want.
local LOG_HEAD, LOG_TAIL = 3, 5
local function failure_details(test, result_status)
  if result_status == "passed" then return nil end
  local out = test.output and test.output:text()
  local errors = test.errors and test.errors:text()
  local message, expected, actual
  if out then
    local panic = panic_of(out)
    if panic then message = "panic: " .. panic:gsub("%s*%[recovered[^%]]*%]$", "") end
    local got, want
    if find(out, "got:\n", 1, true) then
      got, want = out:match("\ngot:\n(.-)\nwant:\n(.*)$")
      if not got then got, want = out:match("^got:\n(.-)\nwant:\n(.*)$") end
    end
    if got and not message then
      actual, expected = got, want:gsub("\n$", "")
      message = "example output differs: got " .. (got:find("\n") and "(several lines)" or got)
        .. ", want " .. (expected:find("\n") and "(several lines)" or expected)
    end
  end
  if errors and not message then
    -- test2json's "error" lines (Go 1.25): t.Error's text, less the log indentation.
    local indent = #errors:match("^([ \t]*)")
    local lines = {}
    for line in errors:gmatch("([^\n]*)\n?") do lines[#lines + 1] = line:gsub("^[ \t]+", function(lead)
      return lead:sub(indent + 1)
    end) end
    message = table.concat(lines, "\n"):gsub("%s+$", "")
  end
  if out and not message and find(out, ".go:", 1, true) then
    -- Before Go 1.25 t.Log and t.Error print alike ("    x_test.go:12: text", continuation
    -- lines indented below it): a failure's message is every such entry, so that the one that
    -- failed is among them (the first LOG_HEAD and the last LOG_TAIL of a long log); a skip's
    -- is the last entry, t.Skip's.
    local entries, entry, indent = {}, nil, nil
    for line in out:gmatch("([^\n]*)\n?") do
      local lead, text = line:match("^(%s+)([%w_.%-]+%.go:%d+: .*)$")
      if lead then
        entry, indent = { text }, lead
        entries[#entries + 1] = entry
      elseif entry and #line:match("^(%s*)") > #indent then
        entry[#entry + 1] = line:sub(#indent + 1)
      else
        entry = nil
      end
    end
    local n, shown = #entries, {}
    local function show(i) shown[#shown + 1] = table.concat(entries[i], "\n") end
    if result_status == "skipped" then
      if n > 0 then show(n) end
    elseif n > LOG_HEAD + LOG_TAIL then
      for i = 1, LOG_HEAD do show(i) end
      shown[#shown + 1] = ("… %d more log entries (the trace has them all)"):format(n - LOG_HEAD - LOG_TAIL)
      for i = n - LOG_TAIL + 1, n do show(i) end
    else
      for i = 1, n do show(i) end
    end
    if n > 0 then message = table.concat(shown, "\n") end
  end
  if not message and test.children_failed then message = status.subtests_failed(test.children_failed) end
  if result_status == "skipped" then
    return message and { message = message } or nil
  end
  local details = status.details(message, out) or {}
  details.expected, details.actual = expected, actual
  return next(details) and details or nil
end

--}

--{ Results ---------------------------------------------------------------------------

-- A package's results share these: the package, and for -count repetitions the
-- status and start of each test that ended (an integer: start * 8 + status code).
local function new_package(name)
  return { name = name, seen = {}, output = stream.capture(), running = stream.running(true),
           failures = 0, tests = 0 }
end

-- The labels of every result of a package, its own included.
local function package_labels(state, pkg_name)
  local labels = {}
  model.label(labels, "parentSuite", pkg_name)
  model.label(labels, "package", pkg_name)
  model.label(labels, "thread", pkg_name)
  model.label(labels, "language", "go")
  model.label(labels, "framework", "go test")
  model.label(labels, "resultFormat", state.mode == "text" and "go-test-text" or "go-test-json")
  return labels
end

-- Writes one finished test. rec: name (test path), status, start, stop, output
-- (capture), errors (capture of test2json "error" output), children_failed,
-- attrs, description, message (overrides).
local function emit(state, pkg, rec)
  local ctx = state.ctx
  local rec_name = rec.name
  local path
  local slash = find(rec_name, "/", 1, true)
  if slash and slash > 1 and slash < #rec_name and not find(rec_name, "/", slash + 1, true) then
    path = { sub(rec_name, 1, slash - 1), sub(rec_name, slash + 1) }    -- "Test/subtest", the usual
  elseif slash then
    path = {}                                          -- the parts between slashes, empty ones left out
    for part in rec_name:gmatch("[^/]+") do path[#path + 1] = part end
    if #path == 0 then path[1] = rec_name end
  else
    path = { rec_name }
  end
  local full_name = pkg.name .. "." .. rec_name

  -- The labels every test of the package has are made once per package.
  local common = pkg.labels
  if not common then
    common = package_labels(state, pkg.name)
    pkg.labels, pkg.shared = common, { {}, {} }
  end
  -- Labels and title path depend on the top-level test alone up to one level of
  -- subtests: made once per package and top-level test, shared by its results.
  local depth = #path
  local labels, title
  local cached = depth <= 2 and pkg.shared[depth][path[1]]
  if cached then
    labels, title = cached[1], cached[2]
  else
    title = { pkg.name }
    for i = 1, depth - 1 do title[#title + 1] = path[i] end
    labels = { table.unpack(common) }
    if depth > 1 then model.label(labels, "suite", path[1]) end
    if depth > 2 then model.label(labels, "subSuite", table.concat(path, " > ", 2, depth - 1)) end
    model.label(labels, "testMethod", path[1])
    if depth <= 2 then pkg.shared[depth][path[1]] = { labels, title } end
  end

  local result_status = rec.status
  if result_status == "failed" and rec.output and not rec.message then
    -- A panic is an error of the test, not a failed assertion.
    local out = rec.output:text()
    if panic_of(out) then
      result_status = "broken"
      -- "panic: x [recovered]": the testing package re-panics a test's panic, which ends
      -- the test binary (Go 1.23+: "[recovered, repanicked]").
      if find(out, "[recovered", 1, true) then rec.fatal = true end
    end
  end
  local details = failure_details(rec, result_status)
  if rec.message then
    details = details or {}
    details.message = rec.message
  end
  if rec.fatal and details and details.message then
    -- The package's end is seen here: what did not run after it has no result.
    details.message = details.message .. "\n(the test binary of " .. pkg.name
      .. " exited here: its tests after this one did not run)"
  end

  -- Repetitions (-count=N, reruns): the same identity, each attempt after the one
  -- before (at least 1 ms: readers show the latest), flaky when a pass follows a failure.
  local start, stop = rec.start, rec.stop
  if stop < start then stop = start end
  -- (failed_before: by package, then test name; a package seen for the first time has none)
  local failed_before = state.failed_before[pkg.name]
  local prev = pkg.seen[rec_name] or (failed_before and failed_before[rec_name]) or nil
  if prev then
    local prev_start, prev_status = prev // 8, STATUS_OF[prev % 8]
    start, stop = model.after(start, stop, prev_start)
    if result_status == "passed" and (prev_status == "failed" or prev_status == "broken") then
      details = model.flaky(details)
    end
  end
  pkg.seen[rec.name] = start * 8 + CODES[result_status]

  local attachments = EMPTY
  if (result_status == "passed" or result_status == "skipped") and rec.output then
    local output = model.text_attachment("Output", rec.output:text())
    if output then attachments = { output } end
  end
  local attrs = rec.attrs
  if attrs then
    -- t.Attr may add labels, links, attachments: this result gets lists of its own.
    labels = { table.unpack(labels) }
    attachments = { attachments[1] }
  end
  local result = {
    name = path[#path],
    fullName = full_name,
    titlePath = title,
    status = result_status,
    statusDetails = details,
    description = rec.description,
    start = start,
    stop = stop,
    labels = labels,
    attachments = attachments,
  }
  -- t.Attr (Go 1.25): names with an Allure meaning are applied, other ones are labels.
  if attrs then meta.properties(result, attrs, true) end
  ctx:emit(result)
  pkg.tests = pkg.tests + 1
  if result_status == "failed" or result_status == "broken" then pkg.failures = pkg.failures + 1 end
end

-- go test's own lines in a package's output, not what its failure says.
local PACKAGE_LINES = { "^#", "^FAIL", "^exit status", "^ok%s" }

-- A result for the package itself, when it failed and no test of it did: a build
-- failure, TestMain exiting, a panic in init. Its identity is the package.
local function emit_package_failure(state, pkg, name, output, start, stop)
  local text = output and output:text()
  local panic = panic_of(text)
  local message = panic and "panic: " .. panic
  if text and not message then
    for line in text:gmatch("[^\n]+") do
      if line:find("%S") and not stream.matches_any(line, PACKAGE_LINES) then
        message = line
        break
      end
    end
  end
  if not message and name == "[build failed]" then
    -- Go before 1.24 prints the compiler's messages on standard error, which was not merged.
    message = "the compiler's messages are not in the input (go test prints them on standard error: 2>&1)"
  end
  state.ctx:emit {
    name = name,
    fullName = pkg.name,
    titlePath = { pkg.name },
    status = "broken",
    statusDetails = status.details(name:gsub("^%[(.*)%]$", "%1") .. (message and ": " .. message or ""), text),
    start = start,
    stop = math.max(stop, start),
    labels = package_labels(state, pkg.name),
  }
  pkg.failures = pkg.failures + 1
end

-- The package ended (or the stream did): tests still running never got their
-- result (a panic or a timeout ended the process); then the package's own failure.
local function end_package(state, pkg, action, t, failed_build)
  pkg.running:close(function(test)
    local reason = "no result: the test was still running when the "
      .. (action and "package ended" or "stream ended")
    local out = pkg.output:text()
    local timeout = out and out:match("panic: (test timed out after [^\n]*)")
    local own = test.output and test.output:text()
    timeout = timeout or (own and own:match("panic: (test timed out after [^\n]*)"))
    local panic = panic_of(own)
    -- A panic of its own says more than the missing event; the output has both.
    test.message = timeout and "panic: " .. timeout or (not panic and reason) or nil
    test.fatal = action ~= nil and (timeout or panic) and true or nil
    test.status = "broken"
    test.stop = t or test.last or test.start
    emit(state, pkg, test)
  end)
  -- A benchmark of Go before 1.20 that panicked: no event ends it, its output says why.
  local bench = pkg.bench
  local panic = bench and bench.output and panic_of(bench.output:text())
  if panic then
    bench.status, bench.message, bench.fatal = "broken", "panic: " .. panic, action ~= nil or nil
    bench.stop = t or bench.last
    emit(state, pkg, bench)
  end
  if failed_build or (action == "failed" and pkg.failures == 0 and not pkg.build_reported) then
    local name = failed_build and "[build failed]" or (pkg.tests == 0 and "[package failed]" or "[package failed after its tests]")
    local output = pkg.output
    if failed_build then output = state.builds[pkg.name] or output end
    emit_package_failure(state, pkg, name, output, pkg.start or t, t or pkg.start)
    pkg.build_reported = true
  end
  -- What reruns need: the identities that failed. The rest is dropped with the package.
  local failed = state.failed_before[pkg.name] or {}
  for name, code in pairs(pkg.seen) do failed[name] = code % 8 >= CODES.failed and code or nil end
  state.failed_before[pkg.name] = next(failed) ~= nil and failed or nil
  state.builds[pkg.name] = nil
  state.packages[pkg.name] = nil
end

--}

--{ go test -json --------------------------------------------------------------------

local function get_package(state, name, t)
  local pkg = state.packages[name]
  if not pkg then
    pkg = new_package(name)
    pkg.start = t
    state.packages[name] = pkg
  end
  return pkg
end

local add_output = stream.output

-- A benchmark's result line ("BenchmarkX-8  1000  1234 ns/op") as a passed test.
local function bench_result(line, start, stop)
  local full, rest = line:match("^(Benchmark%S+)%s+(%d+%s+.-)%s*$")
  if not full then return nil end
  return { name = full:gsub("%-%d+$", ""), status = "passed", start = start, stop = stop,
           description = "`" .. full .. "  " .. rest:gsub("%s+", " ") .. "`" }
end

-- A parent (running, or queued: go test -v text) learns which of its subtests failed
-- (its own output is often empty).
local function child_failed(name, running, queued)
  local parent_name = name:match("^(.*)/[^/]*$") or ""
  local parent = running[parent_name] or (queued and queued[parent_name])
  if not parent then return end
  parent.children_failed = parent.children_failed or {}
  parent.children_failed[#parent.children_failed + 1] = name:match("([^/]*)$")
end

-- Benchmark lines inside another test's output (Go before 1.20 gives benchmarks no
-- events of their own): a name line starts one, a result line ends it, passed. The
-- lines between are the benchmark's own (b.Log, b.Fatal, b.Skip: the last test's in
-- the stream), kept for the fail or skip event that names it.
local function benchmark_line(state, pkg, line, t)
  if line:byte(1) ~= 66 then
    local bench = pkg.bench
    if not bench or line:find("^%-%-%- ") then return false end
    add_output(bench, line)
    return true
  end
  local name = line:match("^(Benchmark[^%s]*)\n?$")
  if name then
    if pkg.running.tests[name] then return true end   -- its own events (Go 1.20+)
    pkg.bench = { name = name, start = t, last = t }
    pkg.benches = pkg.benches or {}
    pkg.benches[name] = pkg.bench
    return true
  end
  local rec = bench_result(line, t, t)
  if not rec or pkg.running.tests[rec.name] then return false end    -- its own output (Go 1.20+)
  if pkg.bench and pkg.bench.name == rec.name then rec.start = pkg.bench.start end
  emit(state, pkg, rec)
  if pkg.benches then pkg.benches[rec.name] = nil end
  pkg.bench = nil
  return true
end

-- Go prints a benchmark's name ("BenchmarkX-8  \t") before it runs and its numbers
-- after: test2json may write the two as two output events. Returns the line to read,
-- nil while the first half is held.
local function bench_join(pkg, text)
  local head = pkg.bench_head
  if head then
    pkg.bench_head = nil
    return head .. text
  end
  if byte(text, 1) == 66 and find(text, "^Benchmark%S+%s+$") and not find(text, "\n", 1, true) then
    pkg.bench_head = text
    return nil
  end
  return text
end

-- The actions test2json writes: known to be strings without asking type().
local ACTIONS = { output = true, run = true, pass = true, fail = true, skip = true, start = true, pause = true,
                  cont = true, bench = true, attr = true }

-- The members of an event that are read, in this order (json.picker: no table per event).
local pick_event = json.picker({ "Action", "Time", "Package", "Test", "Output", "Elapsed", "OutputType",
                                 "ImportPath", "FailedBuild", "Key", "Value" }, { time = "Time" })

-- One line that began like an event: the picked members come straight from pick_event (no
-- table, no copies). Returns whether it was an event, and pick_event's message when the line
-- does not decode.
local function on_event(state, ok, action, time_s, name, test_name, output, elapsed, output_type, import_path,
                        failed_build_of, attr_key, attr_value)
  if not (ok and action) then
    if ok == nil then return false, action end
    return false
  end
  if not state.mode then
    state.mode = "json"
    state.noise:confirm()
    for _, e in ipairs(state.early) do state.noise:add(e[1], e[2]) end
    state.early = nil
  end
  local t = event_time(time_s) or state.last_t or state.clock:now()
  state.last_t = t
  if not ACTIONS[action] and type(action) ~= "string" then return true end
  -- Go 1.24+: the build of a test binary, keyed by its import path.
  if action == "build-output" or action == "build-fail" then
    local path = type(import_path) == "string" and import_path:match("^(%S+)") or "?"
    local build = state.builds[path] or stream.capture()
    state.builds[path] = build
    if type(output) == "string" then build:add(output) end
    return true
  end
  local pkg = state.packages[name]                    -- (its keys are strings)
  if not pkg then
    if type(name) ~= "string" then return true end
    pkg = get_package(state, name, t)
  end
  local running = pkg.running.tests
  local test = test_name ~= nil and running[test_name] or nil   -- (its keys: non-empty strings)
  if not test and (type(test_name) ~= "string" or test_name == "") then
    if action == "output" and type(output) == "string" then
      output = bench_join(pkg, output)
      if not output then return true end
      local failed_build = output:match("^FAIL%s+(%S+) %[build failed%]")
      if not benchmark_line(state, pkg, output, t) then pkg.output:add(output) end
      if failed_build and state.builds[failed_build] and failed_build == name then pkg.build_pending = true end
    elseif TERMINAL[action] then
      local build = type(failed_build_of) == "string" and failed_build_of:match("^(%S+)")
      end_package(state, pkg, TERMINAL[action], t, build or pkg.build_pending)
    end
    return true
  end
  if action == "output" then
    if type(output) ~= "string" then return true end
    local text = bench_join(pkg, output)
    if not text or is_framing(text) then return true end
    if is_bench_header(text) then pkg.output:add(text); return true end
    if benchmark_line(state, pkg, text, t) then return true end
    if not test then
      -- Output of a test that already ended or never started: the package's.
      pkg.output:add(text)
      return true
    end
    add_output(test, text)
    test.last = t
    if output_type == "error" or output_type == "error-continue" then
      test.errors = test.errors or stream.capture(64 * 1024)
      test.errors:add(text)
    end
    if byte(text, 1) == 66 and find(test_name, "^Benchmark") and find(text, "^Benchmark%S+%s+%d+%s") then
      test.description = "`" .. text:gsub("%s+", " "):gsub(" $", "") .. "`"
    end
  elseif action == "run" then
    local _, old = pkg.running:start(test_name, t)
    if old then                                        -- ran again without an end: lost
      old.status, old.message, old.stop = "broken", "no result: the test was started again", t
      emit(state, pkg, old)
    end
  elseif TERMINAL[action] then
    test = pkg.running:stop(test_name)
    local bench = not test and pkg.benches and pkg.benches[test_name]
    if bench then                                      -- a benchmark of Go before 1.20
      pkg.benches[test_name] = nil
      if pkg.bench == bench then pkg.bench = nil end
      test = bench
    elseif not test then
      test = { name = test_name, start = t, last = t }
      if type(elapsed) == "number" then test.start = t - ms(elapsed) end
    end
    local result_status = TERMINAL[action]
    test.status = result_status
    test.stop = t
    emit(state, pkg, test)
    if result_status == "failed" then child_failed(test_name, running) end
  elseif action == "attr" and test and type(attr_key) == "string" then
    test.attrs = test.attrs or {}
    test.attrs[#test.attrs + 1] = { attr_key, tostring(attr_value or "") }
  end
  -- pause, cont, start, bench, skip of a package: nothing to keep.
  return true
end

--}

--{ Lines that are not events: build failures (both modes), go test -v text ------------

-- "# pkg [pkg.test]" starts the compiler's messages for a package (standard error,
-- merged into the stream); "FAIL pkg [build failed]" ends them with the verdict.
local function build_line(state, line, t)
  local header = line:match("^# (%S+)")
  if header then
    state.build_pkg = header
    state.builds[header] = state.builds[header] or stream.capture()
    state.builds[header]:add(line .. "\n")
    return true
  end
  local failed, kind = line:match("^FAIL%s+(%S+) %[(%a+) failed%]$")
  if failed then
    local pkg = state.packages[failed] or get_package(state, failed, t)
    if not pkg.build_reported then
      local output = state.builds[failed] or (state.build_pkg and state.builds[state.build_pkg])
      emit_package_failure(state, pkg, ("[%s failed]"):format(kind), output, t, t)
      pkg.build_reported = true
    end
    if state.mode ~= "json" or not state.packages[failed] then
      state.builds[failed] = nil
      state.packages[failed] = nil
    end
    state.build_pkg = nil
    return true
  end
  -- The compiler's messages: positions, indented continuations, vet's notes.
  if state.build_pkg and (line:find("^%s") or line:find("%.go:%d") or line:find("^vet: ")
      or line:find("^too many errors")) then
    state.builds[state.build_pkg]:add(line .. "\n")
    return true
  end
  state.build_pkg = nil
  return false
end

-- go test -v: the package is named only by its last line ("ok  pkg 0.01s"), so the
-- tests of a package wait for it (one package's results in memory) unless
-- --opt package= names it.
local text_pkg_patterns = {
  { "^ok%s+(%S+)", "passed" }, { "^FAIL%s+(%S+)%s+[%d.]+s$", "failed" }, { "^FAIL%s+(%S+)%s*$", "failed" },
  { "^%?%s+(%S+)%s+%[no test files%]", "passed" },
}

local function text_state(state)
  local s = state.text
  if not s then
    local given = state.ctx.opts.package
    s = { pkg = new_package(given ~= "" and given or nil),
          queue = {}, queued = {}, current = nil, pending = nil }
    state.text = s
  end
  return s
end

local function text_finish(state, rec)
  local s = text_state(state)
  if s.pkg.name then emit(state, s.pkg, rec) else
    s.queue[#s.queue + 1] = rec
    s.queued[rec.name] = rec
  end
end

-- The text's package ended (its last line names it, or the stream ended): the tests that
-- waited for its name are written.
local function text_end(state, name, action)
  local s = state.text
  s.pkg.name = s.pkg.name or name
  for _, rec in ipairs(s.queue) do emit(state, s.pkg, rec) end
  end_package(state, s.pkg, action, state.clock:now())
  state.text = nil
end

-- The test whose "--- X:" line came last is finished by the next framing line: go
-- test prints an example's got/want (and older versions the test's log) after it.
local function text_settle(state)
  local s = text_state(state)
  local p = s.pending
  if not p then return end
  s.pending = nil
  local test = s.pkg.running:stop(p.name) or { name = p.name, start = p.stop - p.duration }
  test.status, test.stop = p.status, p.stop
  test.start = math.min(test.start, p.stop - p.duration)
  text_finish(state, test)
  -- go test -v reports a parent before its subtests: a parent still waiting for
  -- its package learns which of them failed all the same.
  if p.status == "failed" then child_failed(p.name, s.pkg.running.tests, s.queued) end
end

local function text_line(state, line)
  local s = text_state(state)
  local clock = state.clock
  local name = line:match("^=== RUN%s+(%S+)")
  if name then
    text_settle(state)
    s.pkg.running:start(name, clock:now())
    s.current = name
    return
  end
  name = line:match("^=== PAUSE%s+(%S+)") or line:match("^=== CONT%s+(%S+)") or line:match("^=== NAME%s+(%S*)")
  if name or line:find("^=== NAME") then
    text_settle(state)
    s.current = name ~= "" and name or nil
    return
  end
  local verdict, test_name, seconds = line:match("^%s*%-%-%- (%u+): (%S+) %(([%d.]+)s%)")
  if verdict and VERDICTS[verdict] then
    text_settle(state)
    local duration = ms(seconds)
    local stop
    if clock.live then stop = clock:now() else
      local running = s.pkg.running.tests[test_name]
      stop = (running and running.start or clock:now()) + duration
      clock:advance(duration)
    end
    s.pending = { name = test_name, status = VERDICTS[verdict], duration = duration, stop = stop }
    s.current = test_name
    return
  end
  if line == "PASS" or line == "FAIL" then
    text_settle(state)
    s.current = nil
    s.pkg.output:add(line .. "\n")
    return
  end
  for _, form in ipairs(text_pkg_patterns) do
    local pkg_name = line:match(form[1])
    if pkg_name then
      text_settle(state)
      s.pkg.output:add(line .. "\n")
      text_end(state, pkg_name, form[2])
      return
    end
  end
  if is_bench_header(line) then s.pkg.output:add(line .. "\n"); return end
  local bench = bench_result(line, clock:now(), clock:now())
  if bench then
    text_settle(state)
    text_finish(state, bench)
    return
  end
  if line:find("^Benchmark%S*$") then return end
  -- Anything else is output: of the test named last, or of the package.
  local owner = s.current and s.pkg.running.tests[s.current]
  if not owner and s.pending and s.pending.name == s.current then
    -- A "--- X:" line of a test that had no "=== RUN" (older go test): it starts now.
    owner = s.pkg.running:start(s.current, s.pending.stop - s.pending.duration)
  end
  if owner then add_output(owner, line .. "\n") else s.pkg.output:add(line .. "\n") end
end

--}

-- A text line is go test -v output (not a stray line in a JSON stream).
local function is_text_framing(line)
  return line:find("^=== RUN%s") or line:find("^%s*%-%-%- [PFS]%u+: %S+ %(") ~= nil
end

-- The end of the stream: what is still open never got its end.
local function finish(state, input)
  if state.text then
    text_settle(state)
    local s = state.text
    if s.pkg.name or #s.queue > 0 or s.pkg.running.n > 0 then text_end(state, "(unknown package)", nil) end
  end
  for _, name in ipairs(sorted_keys(state.packages)) do
    local pkg = state.packages[name]
    local last = pkg.start
    for _, test in pairs(pkg.running.tests) do
      if test then last = math.max(last or test.last, test.last) end
    end
    end_package(state, pkg, nil, last)
  end
  if state.early and #state.early > 0 and not state.mode then
    return false, ("%s: not go test output (no test2json events, no go test -v lines)"):format(input.name)
  end
end

return kit.converter {
  name = "gotest",
  description = "go test -json (test2json) and go test -v output",
  extensions = { "json", "jsonl", "ndjson", "txt", "out", "log" },
  help = [==[
Reads the event stream of `go test -json` (standard error merged, 2>&1, so build
failures are seen) or the text of `go test -v` (detected, or --opt text=true). Each
test and subtest is a result, written when it ends; parallel subtests may
interleave. docs/formats/gotest.md has the mapping.]==],
  options = {
    { name = "text", type = "boolean", default = false,
      help = "read go test -v text even if lines look like JSON (default: detected)" },
    { name = "package",
      help = "go test -v: the package of the tests (text names it only at its end; with it, results are written at once)" },
  },
  stream = true,

  detect = kit.detect {
    { 90, "test2json events (Action, Package)", first = { Action = true, Package = true } },
    { 90, "test2json events (Action, Package)", first = { Action = true, ImportPath = true } },
    function(sniff)
      for _, line in ipairs(sniff:lines(40)) do
        if line:find("^=== RUN%s") then return 70, "go test -v output (=== RUN)" end
        -- a package that failed to build prints no test at all, only its summary line
        if line:find("^FAIL\t%S+ %[build failed%]") or line:find("^FAIL\t%S+ %[setup failed%]") then
          return 60, "go test output (package summary)"
        end
      end
    end,
  },

  convert = function(input, ctx, state)
    local clock = state.clock
    state.packages, state.builds, state.failed_before = {}, {}, {}
    state.mode = ctx.opts.text and "text" or nil
    state.noise = stream.noise(ctx, "a test2json event")
    state.early = {}      -- stray lines before the mode is known: noise only in a JSON stream
    return kit.mixed(state.stream, input.name, state.noise, {
      line = function(line, lineno)
        local handled, derr = false, nil
        if state.mode ~= "text" and (byte(line, 1) == 123 or find(line, "^%s*{")) then
          handled, derr = on_event(state, pick_event(line))
        end
        if not handled then
          local t = clock.live and clock:now() or state.last_t or clock:now()
          if build_line(state, line, t) then
            handled = true
          elseif state.mode == "text" or (not state.mode and is_text_framing(line)) then
            state.mode = "text"
            if state.early then
              for _, e in ipairs(state.early) do text_line(state, e[2]) end
              state.early = nil
            end
            text_line(state, line)
            handled = true
          end
        end
        if not handled and line:find("%S") then
          if state.mode == "json" and derr then return derr     -- cut off, unless a line follows
          elseif state.mode == "json" then state.noise:add(lineno, line)
          elseif state.early and #state.early < 100 then state.early[#state.early + 1] = { lineno, line } end
        end
      end,
      held = function(lineno, line) state.noise:add(lineno, line) end,
      done = function() return finish(state, input) end,
    })
  end,
}
