local stream = require "allure.stream"
local host = require "allure.host"

-- A ctx that records warnings.
local function fake_ctx()
  local ctx = { warnings = {}, base_time = 1000, opts = {} }
  function ctx:warn(msg) self.warnings[#self.warnings + 1] = msg end
  return ctx
end

local function fake_stream(live)
  return { live = function() return live end }
end

return {
  { "follow options: off, until a timeout, until a marker", function()
    check.eq(stream.follow_options { follow = "", ["follow-timeout"] = 30 }, {})
    check.eq(stream.follow_options { follow = "false", ["follow-timeout"] = 30 }, {})
    check.eq(stream.follow_options { ["follow-timeout"] = 30 }, {})
    check.eq(stream.follow_options { follow = "true", ["follow-timeout"] = 30 }, { follow = true, follow_timeout = 30 })
    check.eq(stream.follow_options { follow = "END", ["follow-timeout"] = 2.5 }, { follow = "END", follow_timeout = 2.5 })
    check.raises("follow-timeout: expected a positive number", stream.follow_options, { follow = "true", ["follow-timeout"] = 0 })
    check.eq(#stream.OPTIONS, 2)
    check.eq(stream.OPTIONS[1].name, "follow")
    check.eq(stream.OPTIONS[2].type, "number")
  end },

  { "capture keeps everything under the limit", function()
    local c = stream.capture(100)
    check.eq(c:empty(), true)
    check.eq(c:text(), nil)
    c:add("one\n")
    c:add("")
    c:add(nil)
    c:add("two\n")
    check.eq(c:empty(), false)
    check.eq(c:text(), "one\ntwo\n")
  end },

  { "capture keeps the head and the tail of a long output", function()
    local c = stream.capture(40)
    for i = 1, 100 do c:add(("line %03d\n"):format(i)) end
    local text = c:text()
    -- 20 bytes of head (two full lines once past 20), 20 of tail, the rest counted.
    check.eq(text:sub(1, 27), "line 001\nline 002\nline 003\n")
    check.eq(text:sub(-18), "line 099\nline 100\n")
    local omitted = tonumber(text:match("%[%.%.%. (%d+) bytes of output omitted %.%.%.%]"))
    local kept_head = #"line 001\nline 002\nline 003\n"
    check.eq(omitted, 900 - kept_head - 18)
    local big = stream.capture(1000)
    for _ = 1, 10000 do big:add(string.rep("x", 99) .. "\n") end
    check.eq(#big:text() < 1100, true, "bounded")
  end },

  { "capture: one chunk larger than the limit is kept whole at the head", function()
    local c = stream.capture(10)
    c:add(string.rep("a", 50))
    c:add("tail\n")
    check.eq(c:text(), string.rep("a", 50) .. "tail\n")
  end },

  { "the clock of a file read after the run: base time, moved on by durations", function()
    local clock = stream.clock(fake_ctx(), fake_stream(false))
    check.eq(clock.live, false)
    check.eq(clock:now(), 1000)
    clock:advance(25)
    clock:advance(nil)
    clock:advance(-5)
    check.eq(clock:now(), 1025)
  end },

  { "span: a file's tests laid out one after the other; a live test ends when read", function()
    local clock = stream.clock(fake_ctx(), fake_stream(false))
    check.eq({ clock:span(25, 5000, 4000) }, { 1000, 1025 }, "a file: at and since are not used")
    check.eq({ clock:span(nil) }, { 1025, 1025 })
    clock.live = true
    check.eq({ clock:span(25, 5000, 4000) }, { 4975, 5000 })
    check.eq({ clock:span(nil, 5000, 4000) }, { 4000, 5000 }, "no duration: from its start")
    check.eq({ clock:span(nil, 5000) }, { 5000, 5000 })
    local before = host.now()
    local start, stop = clock:span(10)
    check.eq(stop >= before and stop <= host.now() and start == stop - 10, true, "ends now")
  end },

  { "the clock of a live stream is the wall clock", function()
    local clock = stream.clock(fake_ctx(), fake_stream(true))
    if os.getenv("SOURCE_DATE_EPOCH") then
      check.eq(clock.live, false, "SOURCE_DATE_EPOCH wins")
      return
    end
    check.eq(clock.live, true)
    local before = host.now()
    local t = clock:now()
    clock:advance(1000000)
    check.eq(t >= before and t <= host.now(), true)
    check.eq(clock:now() < before + 1000000, true, "advance does not move a live clock")
  end },

  { "running tests: started, printed to, ended; those left closed in name order", function()
    local running = stream.running()
    local a = running:start("b/one", 10)
    check.eq({ a.name, a.start, a.last, a.output }, { "b/one", 10, 10, nil })
    check.eq(running:only(), a, "one running: output naming no test is its")
    stream.output(a, "hello\n")
    stream.output(a, "world\n")
    check.eq(a.output:text(), "hello\nworld\n")
    stream.output(a, "kept apart\n", 4, "diag")
    check.eq({ a.diag:text(), a.output:text() }, { "kept apart\n", "hello\nworld\n" }, "another field")
    running:start("a", 11)
    check.eq(running:only(), nil, "two running: nobody's")
    local again, old = running:start("a", 12)
    check.eq({ again.start, old.start, running.n }, { 12, 11, 2 }, "started again without an end")
    check.eq(running:stop("a"), again)
    check.eq(running:stop("a"), nil, "not running")
    check.eq(running.tests.a, nil, "removed")
    running:start("c", 13)
    local seen = {}
    check.eq(running:close(function(test) seen[#seen + 1] = test.name end), 2)
    check.eq(seen, { "b/one", "c" })
    check.eq({ next(running.tests), running.n, running:only() }, { nil, 0, nil })
    local kept = stream.running(true)
    kept:start("x", 1)
    kept:stop("x")
    check.eq(kept.tests.x, false, "keep: the key stays")
    check.eq(kept:close(function() error("x ended") end), 0)
  end },

  { "stray lines: held until the stream is confirmed, a few shown, the rest counted", function()
    local ctx = fake_ctx()
    local noise = stream.noise(ctx, "an event", 2)
    noise:add(3, "junk one")
    check.eq(#ctx.warnings, 0, "not yet known to be of the format")
    noise:confirm()
    check.eq(ctx.warnings, { "line 3 is not an event, skipped: junk one" })
    noise:add(7, string.rep("y", 200))
    noise:add(9, "three")
    noise:add(10, "four")
    check.eq(#ctx.warnings, 2)
    check.eq(#ctx.warnings[2], #"line 7 is not an event, skipped: " + 120, "long lines cut")
    noise:finish()
    check.eq(ctx.warnings[3], "4 lines that are not an event were skipped (2 more than shown)")
    local quiet = fake_ctx()
    local other = stream.noise(quiet, "an event")
    other:add(1, "a") other:add(2, "b")
    other:finish()
    check.eq(#quiet.warnings, 0, "never confirmed: another format, nothing said")
  end },
}
