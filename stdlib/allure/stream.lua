-- What the event-stream converters (gotest, libtest, tap, dart) share: opening the
-- input as a line stream that may be followed while a producer writes it, the clock
-- for events that carry no time, bounded capture of a test's output, and reporting
-- lines that are not part of the format.
local host = require "allure.host"

local stream = {}

-- Output kept per test: the first and the last half of this many bytes, with a line
-- saying how much was left out between them. A test that prints a gigabyte costs a
-- megabyte, and the end (where failures are) is always kept.
stream.OUTPUT_LIMIT = 1024 * 1024

-- Script options for reading a file that is still being written; add them to a
-- script's `options` and open the input with stream.open.
stream.OPTIONS = {
  { name = "follow",
    help = "read a file that is still being written: true (until follow-timeout seconds pass without "
      .. "growth) or END-MARKER (until a line equal to it); pipes and FIFOs need nothing" },
  { name = "follow-timeout", type = "number", default = 30,
    help = "with follow: seconds without growth after which the file is complete" },
}

-- The options of stream.OPTIONS as json.lines takes them.
function stream.follow_options(opts)
  local follow = opts.follow
  if follow == nil or follow == "" or follow == "false" then return {} end
  local timeout = opts["follow-timeout"]
  if type(timeout) ~= "number" or not (timeout > 0) then
    error(("option follow-timeout: expected a positive number of seconds, got %s"):format(tostring(timeout)), 0)
  end
  return { follow = follow == "true" or follow, follow_timeout = timeout }
end

-- Whether line matches one of the patterns: lines a runner prints around the
-- format's own (prove's summary, cargo's banners), to be passed over.
function stream.matches_any(line, patterns)
  for _, p in ipairs(patterns) do
    if line:find(p) then return true end
  end
  return false
end

-- The input as a line stream (allure.json.lines), followed as ctx.opts say.
function stream.open(input, ctx)
  return input:lines(stream.follow_options(ctx.opts))
end

--{ Clock ------------------------------------------------------------------------

local Clock = {}
Clock.__index = Clock

-- The time of events that carry none, in ms. A live stream (a pipe, a FIFO, a
-- followed file) is read while the tests run, so the wall clock when a line is read
-- is when it happened; a file read after the run has only ctx.base_time (its
-- modification time, or SOURCE_DATE_EPOCH), and the script lays the tests out from
-- there with clock:advance. SOURCE_DATE_EPOCH always wins: reproducible output.
function stream.clock(ctx, s)
  local live = s:live() and not os.getenv("SOURCE_DATE_EPOCH")
  return setmetatable({ live = live, virtual = ctx.base_time }, Clock)
end

function Clock:now()
  if self.live then return host.now() end
  return self.virtual
end

-- Moves the virtual clock on by ms (a test's duration); no effect on a live clock.
function Clock:advance(ms)
  if not self.live and ms and ms > 0 then self.virtual = self.virtual + ms end
end

-- A test that took ms (nil: not known) and ended now, or at `at` (live: when its end was
-- read). Live: it began ms before its end, else at `since` (when its start was read).
-- A file: it begins at the virtual clock, which moves on by ms. Returns start, stop.
function Clock:span(ms, at, since)
  if self.live then
    local stop = at or host.now()
    return ms and stop - ms or since or stop, stop
  end
  local start = self.virtual
  self:advance(ms)
  return start, start + (ms or 0)
end

--}

--{ Captured output ---------------------------------------------------------------

local Capture = {}
Capture.__index = Capture

-- A bounded buffer of text: the first limit/2 bytes and the last limit/2 bytes.
function stream.capture(limit)
  limit = limit or stream.OUTPUT_LIMIT
  return setmetatable({ half = limit // 2, head = {}, head_bytes = 0, tail = {}, first = 1, last = 0,
                        tail_bytes = 0, omitted = 0 }, Capture)
end

function Capture:add(text)
  if text == nil or text == "" then return end
  if self.head_bytes < self.half and self.last == 0 then
    self.head[#self.head + 1] = text
    self.head_bytes = self.head_bytes + #text
    return
  end
  self.last = self.last + 1
  self.tail[self.last] = text
  self.tail_bytes = self.tail_bytes + #text
  while self.tail_bytes > self.half and self.first < self.last do
    local old = self.tail[self.first]
    self.tail[self.first] = nil
    self.first = self.first + 1
    self.tail_bytes = self.tail_bytes - #old
    self.omitted = self.omitted + #old
  end
end

function Capture:empty()
  return self.head_bytes == 0 and self.tail_bytes == 0
end

-- The text kept; nil when nothing was added.
function Capture:text()
  if self:empty() then return nil end
  local parts = { table.concat(self.head) }
  if self.omitted > 0 then
    local sep = parts[1]:sub(-1) == "\n" and "" or "\n"
    parts[#parts + 1] = ("%s[... %d bytes of output omitted ...]\n"):format(sep, self.omitted)
  end
  parts[#parts + 1] = table.concat(self.tail, "", self.first, self.last)
  return table.concat(parts)
end

--}

--{ Running tests ------------------------------------------------------------------

local Running = {}
Running.__index = Running

-- The tests that started and have not ended, by name (parallel tests interleave):
-- all a stream converter holds of its tests, and what it writes as broken when the
-- process under them dies or the stream is cut. Each is { name, start, last (the
-- time of its last event), output (made when it first prints: most print nothing)
-- } plus the script's own fields. running.tests[name] is the lookup for a hot loop.
-- keep: an ended test leaves its key (false), so that a table whose tests come and go
-- does not rehash every few tests; for a table dropped whole soon (a go package's).
function stream.running(keep)
  local running = setmetatable({ tests = {}, n = 0 }, Running)
  if keep then running.gone = false end          -- what an ended test's key holds (else nil)
  return running
end

-- Starts test `name` at t. Returns it, and the test of that name that was still
-- running (it started again without an end), if any.
function Running:start(name, t)
  local tests = self.tests
  local old = tests[name] or nil
  if not old then self.n = self.n + 1 end
  -- The nil fields size the table for the ones every test gets later: no rehash.
  local test = { name = name, start = t, last = t, status = nil, stop = nil, output = nil }
  tests[name] = test
  return test, old
end

-- Ends test `name`: returns it, or nil when it was not running.
function Running:stop(name)
  local test = self.tests[name]
  if not test then return nil end
  self.tests[name] = self.gone
  self.n = self.n - 1
  return test
end

-- Adds text to test.output, or test[field] (a capture of `limit` bytes, made on
-- first use): of a running test, or of anything else that prints (a test binary
-- before its suite), or another text kept apart (tap's diagnostics).
function stream.output(test, text, limit, field)
  field = field or "output"
  local out = test[field]
  if not out then
    out = stream.capture(limit)
    test[field] = out
  end
  out:add(text)
end

-- The one test running, when exactly one is (output that names no test is its).
function Running:only()
  if self.n ~= 1 then return nil end
  for _, test in pairs(self.tests) do
    if test then return test end
  end
end

-- The tests still running when their process ended (or the stream did), in the
-- order of their names: each(test) writes one. The table is empty after. Returns
-- how many there were.
function Running:close(each)
  local tests, names = self.tests, {}
  for name, test in pairs(tests) do
    if test then names[#names + 1] = name end
  end
  table.sort(names)
  self.tests, self.n = {}, 0
  for _, name in ipairs(names) do each(tests[name]) end
  return #names
end

--}

--{ Lines that are not part of the format ------------------------------------------

-- The message for the last line of a stream when it began an event but does not
-- decode: the producer stopped (killed, out of disk) in the middle of writing it. The
-- results of the lines before it are kept; the input is reported as malformed.
function stream.cut_off(name, lineno, err)
  return ("%s:%d: the input ends in the middle of an event (its producer stopped mid-line?): %s"):format(
    name, lineno, err)
end

local Noise = {}
Noise.__index = Noise

-- Counts stray lines (a compiler message, a log line in the middle of a JSON
-- stream): the first `shown` are warned about one by one, the rest in one line at
-- the end (noise:finish()), so a noisy stream does not bury the summary. Nothing is
-- said until noise:confirm() (the stream turned out to be of the format): a file of
-- another format is passed over with one line, not a warning per line.
function stream.noise(ctx, what, shown)
  return setmetatable({ ctx = ctx, what = what, shown = shown or 3, count = 0, held = {}, confirmed = false }, Noise)
end

function Noise:say(lineno, line)
  local text = #line > 120 and line:sub(1, 117) .. "..." or line
  -- Control characters (an ANSI escape, a NUL) are not sent to the terminal as they are.
  text = text:gsub("[%z\1-\8\11-\31\127]", "?")
  self.ctx:warn(("line %d is not %s, skipped: %s"):format(lineno, self.what, text))
end

function Noise:add(lineno, line)
  self.count = self.count + 1
  if self.count > self.shown then return end
  if self.confirmed then self:say(lineno, line) else self.held[#self.held + 1] = { lineno, line } end
end

function Noise:confirm()
  if self.confirmed then return end
  self.confirmed = true
  for _, h in ipairs(self.held) do self:say(h[1], h[2]) end
  self.held = nil
end

function Noise:finish()
  if self.confirmed and self.count > self.shown then
    self.ctx:warn(("%d lines that are not %s were skipped (%d more than shown)"):format(
      self.count, self.what, self.count - self.shown))
  end
end

--}

return stream
