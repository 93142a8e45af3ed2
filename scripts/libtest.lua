-- Rust libtest JSON (cargo test -- -Z unstable-options --format json) -> Allure results.
--
-- One line per event: each test becomes a result when its ok/failed/ignored event
-- arrives. Only the tests running at the moment are kept. The JSON names no crate:
-- cargo's own lines on standard error ("Running unittests src/lib.rs (.../shop-1a2b)",
-- "Doc-tests shop"), when merged into the stream (2>&1), name the suite that
-- follows. docs/formats/libtest.md has the whole mapping.
local kit = require "allure.kit"
local json, status, time, model, stream = kit.require("json", "status", "time", "model", "stream")
local nonempty = require("allure.coerce").nonempty

-- Terminal events of a test, and the status each means.
local OUTCOMES = { ok = "passed", failed = "failed", ignored = "skipped" }

-- cargo's chatter on standard error: not output of a test, not worth a warning.
local CARGO_LINES = {
  "^%s*Compiling ", "^%s*Finished ", "^%s*Running ", "^%s*Doc%-tests ", "^%s*Fresh ", "^%s*Blocking ",
  "^%s*Downloaded? ", "^%s*Updating ", "^%s*Locking ", "^%s*Checking ", "^error: test failed",
  "^error: doctest failed", "^error: %d+ targets? failed", "^%s+`%-%-", "^running %d+ tests?$",
  "^test result: ", "^%s*$",
}

local matches_any = stream.matches_any

--{ Suites: what cargo's lines say ------------------------------------------------------

-- "Running unittests src/lib.rs (target/debug/deps/shop-1a2b3c)" -> the test binary's
-- crate ("shop", the hash dropped), its kind and source; "Doc-tests shop" -> doc tests.
local function suite_of_line(line)
  local what, binary = line:match("^%s*Running (.-) %((.-)%)%s*$")
  if what then
    local crate = binary:match("([^/\\]+)$"):gsub("%.exe$", ""):gsub("%-%x+$", "")
    local source = what:match("^unittests (.+)$")
    local kind
    if source then
      kind = (source:find("main%.rs$") or source:find("/bin/")) and "bin" or "lib"
    else
      source = what
      kind = source:find("^benches/") and "bench" or source:find("^examples/") and "example" or "test"
    end
    return { crate = crate, kind = kind, source = source }
  end
  local crate = line:match("^%s*Doc%-tests (%S+)%s*$")
  if crate then return { crate = crate, kind = "doc" } end
end

--}

--{ What a failure's output says ----------------------------------------------------------

-- The panic message in captured output: "thread 'x' (123) panicked at src/a.rs:3:5:\n
-- MESSAGE" (Rust 1.73+) or "thread 'x' panicked at 'MESSAGE', src/a.rs:3:5" (before).
local function panic_message(out)
  return out:match("panicked at [^\n]-:%d+:%d+:\n(.-)\n[a-z ]*stack backtrace:")
    or out:match("panicked at [^\n]-:%d+:%d+:\n(.-)\nnote: ")
    or out:match("panicked at [^\n]-:%d+:%d+:\n(.-)\n*$")
    or out:match("panicked at '(.-)', [^\n]-:%d+:%d+")
end

local function details_of(ev, out, result_status)
  local message = nonempty(ev.message)
  if result_status == "skipped" then return message and { message = message } or nil end
  if result_status ~= "failed" then return nil end
  local panic = out and panic_message(out)
  local actual, expected
  if panic then
    -- assert_eq!(left, right): by convention the value got, then the one wanted.
    local left, right = panic:match("\n%s*left: ([^\n]*)\n%s*right: ([^\n]*)")
    if left then actual, expected = left:gsub("^`(.*)`$", "%1"), right:gsub("^`(.*)`$", "%1") end
  end
  local err = out and out:match("^Error: ([^\n]*)") or (out and out:match("\nError: ([^\n]*)"))
  -- --ensure-time: a test over its critical time is failed with "reason" and no output.
  local reason = nonempty(ev.reason)
  local details = status.details(message or panic or (err and "Error: " .. err) or reason, out) or {}
  details.actual, details.expected = actual, expected
  return next(details) and details or nil
end

--}

--{ Results ---------------------------------------------------------------------------

local function emit(state, test, result_status, details, stop)
  local suite = state.suite
  local name = test.name
  local parts = {}
  local doc_file, doc_item = name:match("^(.-) %- (.+)$")
  if suite and suite.kind == "doc" and doc_file then
    parts = { doc_file, doc_item }                    -- "src/lib.rs - add (line 5)"
  else
    for part in (name .. "::"):gmatch("(.-)::") do parts[#parts + 1] = part end
  end
  local title = {}
  if suite and suite.title then title[1] = suite.title end
  for i = 1, #parts - 1 do title[#title + 1] = parts[i] end
  local full_name = name
  if suite and suite.crate then
    -- The Rust path of the test: crate::module::test; a binary's unit tests are told
    -- apart from the library's of the same crate name.
    full_name = suite.crate .. (suite.kind == "bin" and "(bin)" or "") .. "::" .. name
  end

  local labels = {}
  model.suite_labels(labels, title)
  model.label(labels, "package", suite and suite.crate)
  model.label(labels, "testClass", #parts > 1 and table.concat(parts, "::", 1, #parts - 1) or nil)
  model.label(labels, "testMethod", parts[#parts])
  model.label(labels, "thread", suite and suite.title)
  model.label(labels, "language", "rust")
  model.label(labels, "framework", "libtest")
  model.label(labels, "resultFormat", "libtest-json")
  if suite and suite.kind == "doc" then model.label(labels, "tag", "doctest") end
  local attachments = {}
  if result_status ~= "failed" then
    attachments[1] = model.text_attachment("Output", test.stdout)
  end
  state.ctx:emit {
    name = parts[#parts],
    fullName = full_name,
    titlePath = title,
    status = result_status,
    statusDetails = details,
    start = test.start,
    stop = math.max(stop, test.start),
    labels = labels,
    attachments = attachments,
  }
end

-- A suite's title: the crate and the kind of test binary ("shop (src/lib.rs)").
local function suite_title(suite)
  return suite.crate .. " (" .. (suite.kind == "doc" and "doc-tests" or suite.source or suite.kind) .. ")"
end

-- A broken result that is not a test of the stream: a build, a test binary.
local function emit_outside(state, name, full_name, title, crate, message, trace)
  local labels, now = {}, state.clock:now()
  model.label(labels, "package", crate)
  model.label(labels, "language", "rust")
  model.label(labels, "framework", "libtest")
  model.label(labels, "resultFormat", "libtest-json")
  state.ctx:emit {
    name = name, fullName = full_name, titlePath = { title }, status = "broken",
    statusDetails = status.details(message, trace), start = now, stop = now, labels = labels,
  }
end

-- Tests still running when their suite (or the stream) ended: the test binary died
-- under them (an abort, a signal, a stack overflow) or the stream was cut.
local function end_running(state, why, trace)
  return state.running:close(function(test)
    local out = test.output and test.output:text()
    emit(state, test, "broken", status.details("no result: " .. why, out or trace), state.clock:now())
  end)
end

-- A test binary whose suite never ended: cargo's "error: test failed, to rerun pass
-- `--test abort`" and, under "Caused by:", "process didn't exit successfully: `…` (signal:
-- 6, SIGABRT: process abort signal)" say how it ended. The tests running then are broken;
-- with none running, one broken result names the binary (what never ran is not invented).
local function end_dead_binary(state)
  local dead = state.dead
  if not dead then return end
  state.dead = nil
  local suite = dead.suite
  local title = suite and suite_title(suite) or dead.target
  local why = "its test binary " .. title .. " exited while it was running"
    .. (dead.cause and " (" .. dead.cause .. ")" or "")
  if end_running(state, why, dead.line) > 0 then return end
  local crate = suite and suite.crate or dead.target
  emit_outside(state, "[test binary exited] " .. title,
    crate .. " [" .. (suite and (suite.kind == "doc" and "doc-tests" or suite.source) or dead.target) .. "]",
    title, suite and suite.crate, "test binary " .. title .. " exited with no test result"
      .. (dead.cause and " (" .. dead.cause .. ")" or ""), (dead.printed or "") .. dead.line)
end

--}

local function on_event(state, ev, lineno)
  local clock, kind, event = state.clock, ev.type, ev.event
  if kind == "suite" then
    if event == "started" then
      end_dead_binary(state)
      end_running(state, "the next test binary started while it was running")
      local suite = state.next_suite
      state.next_suite = nil
      if suite then suite.title = suite_title(suite) end
      state.suite = suite
      state.suite_open = true
      state.compiler = nil                            -- the build before it succeeded
    else
      end_running(state, "its test binary ended while it was running")
      state.suite_open = false
    end
    return
  end
  if kind == "bench" and type(ev.name) == "string" then
    local now = clock:now()
    emit(state, { name = ev.name, start = now }, "passed", nil, now)
    return
  end
  if kind ~= "test" or type(ev.name) ~= "string" then return end
  local name = ev.name
  if event == "started" then
    state.running:start(name, clock:now())
    return
  end
  local outcome = OUTCOMES[event]
  if not outcome then return end                      -- "timeout": a warning, not an end
  local test = state.running:stop(name) or { name = name, start = clock:now() }
  -- Live: it ended now; a file read after the run: the tests laid out one after the other.
  local start, stop = clock:span(time.seconds(ev.exec_time), nil, test.start)
  test.start = start
  -- Captured output comes with the event; --nocapture output came as lines before it.
  test.stdout = nonempty(ev.stdout) or (test.output and test.output:text())
  emit(state, test, outcome, details_of(ev, test.stdout, outcome), stop)
end

-- Lines that are not JSON: cargo naming the next suite, a compiler error (the build
-- failed: no test binary ran), or output a test printed (--nocapture).
local function on_line(state, line, lineno)
  local suite = suite_of_line(line)
  if suite then
    end_dead_binary(state)
    state.next_suite = suite
    state.suite_open = false
    return
  end
  -- A test binary that failed: a normal end when its suite ended, else it died.
  local target = line:match("^error: test failed, to rerun pass `([^`]*)`") or line:match("^error: doctest failed, to rerun pass `([^`]*)`")
  if target then
    if state.suite_open or state.next_suite then
      local pending = not state.suite_open and state.next_suite
      state.dead = { suite = state.suite_open and state.suite or state.next_suite, target = target, line = line,
                     printed = pending and pending.output and pending.output:text() }
      state.suite_open, state.next_suite = false, nil
    end
    return
  end
  if state.dead then
    local cause = line:match("^%s*process didn't exit successfully: `.*` %((.-)%)%s*$")
    if cause then
      state.dead.cause = cause
      state.dead.line = state.dead.line .. "\n" .. line:gsub("^%s+", "")
      end_dead_binary(state)
      return
    end
    if line:find("^Caused by:") then return end
  end
  -- rustc's diagnostics: "error[E0425]: ..." / "warning: ..." and the lines under them.
  if (line:find("^error") or line:find("^warning")) and not matches_any(line, CARGO_LINES) then
    state.compiler = state.compiler or stream.capture(256 * 1024)
    state.in_diagnostic = true
  elseif state.in_diagnostic and not (line:find("^%s") or line:find("^%d+%s*|") or line:find("^For more information")) then
    state.in_diagnostic = false
  end
  local crate, target = line:match("^error: could not compile `([^`]+)` %(([^)]+)%)")
  if crate then
    local out = state.compiler and state.compiler:text()
    state.compiler, state.in_diagnostic = nil, false
    -- The message: cargo's verdict and the first diagnostic with its place.
    local message = line:gsub("^error: ", ""):gsub(" due to %d+ previous errors?$", "")
    local first = out and out:match("^(error[^\n]*)")
    local place = out and out:match("^[^\n]*\n%s*%-%->%s*([^\n]+)")
    if first then message = message .. ": " .. first .. (place and " at " .. place or "") end
    emit_outside(state, "[build failed] " .. target, crate .. " [" .. target .. "]", crate, crate,
      message, out)
    return
  end
  if state.in_diagnostic then
    state.compiler:add(line .. "\n")
    return
  end
  if matches_any(line, CARGO_LINES) or line:find("^error: ") or line:find("^warning: ") then return end
  local only = state.running:only()
  if only then
    stream.output(only, line .. "\n")
  elseif state.running.n == 0 and state.next_suite then
    -- A binary that has not started a suite prints: its own harness (harness = false).
    stream.output(state.next_suite, line .. "\n", 64 * 1024)
  else
    state.noise:add(lineno, line)
  end
end

return kit.converter {
  name = "libtest",
  description = "Rust libtest JSON (cargo test -- -Z unstable-options --format json)",
  extensions = { "json", "jsonl", "ndjson", "txt", "out", "log" },
  help = [==[
Reads libtest's JSON event stream: `RUSTC_BOOTSTRAP=1 cargo test -- -Z unstable-options
--format json --report-time 2>&1`. With standard error merged, cargo's "Running" and
"Doc-tests" lines name each suite (crate, unit/integration/doc tests) and compiler
errors become a broken "[build failed]" result. docs/formats/libtest.md has the mapping.]==],
  stream = true,

  detect = kit.detect {
    { 90, "libtest events (type, event)", first = { type = "suite", event = true } },
    { 90, "libtest events (type, event)", first = { type = "test", event = true } },
    function(sniff)
      for _, line in ipairs(sniff:lines(20)) do
        if line:find('^{ "type": "suite", "event": "started"') then return 80, "libtest suite event" end
      end
    end,
  },

  convert = function(input, ctx, state)
    state.running, state.noise = stream.running(), stream.noise(ctx, "a libtest event")
    local events, others = 0, 0
    local function other(lineno, line)
      others = others + 1
      on_line(state, line, lineno)
    end
    return kit.mixed(state.stream, input.name, state.noise, {
      line = function(line, lineno)
        local ev, derr
        if line:find("^%s*{") then ev, derr = json.decode(line) end
        if type(ev) == "table" and type(ev.type) == "string" then
          events = events + 1
          state.noise:confirm()
          on_event(state, ev, lineno)
        elseif derr and events > 0 then
          return derr                                 -- cut off, unless a line follows
        elseif line:find("%S") then
          other(lineno, line)
        end
      end,
      held = other,
      done = function()
        end_dead_binary(state)
        end_running(state, "the stream ended while it was running")
        if events == 0 and others > 0 and state.noise.count == others then
          return false, ("%s: not libtest JSON (no events)"):format(input.name)
        end
      end,
    })
  end,
}
