local kit = require "allure.kit"
local xml = require "allure.xml"
local json = require "allure.json"

local function temp(text)
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  return path
end

local function fake_ctx(opts)
  local ctx = { warnings = {}, base_time = 1000, opts = opts or {} }
  function ctx:warn(msg) self.warnings[#self.warnings + 1] = msg end
  return ctx
end

-- Reads `text` with kit.xml and handlers that record what they saw.
local function read_xml(text, handlers, documents)
  local path = temp(text)
  local r = assert(xml.open(path, { name = "t.xml", documents = documents }))
  local seen = {}
  handlers.tree = handlers.tree or { case = function(node) seen[#seen + 1] = node.attrs.name end }
  handlers.done = function() seen[#seen + 1] = "done" end
  local ok, err = kit.xml(r, handlers, {})
  r:close()
  os.remove(path)
  return seen, ok, err
end

return {
  { "options: a shared spec by name, with the script's own wording, or the script's own", function()
    check.eq(kit.option("tz").default, "UTC")
    local tz = kit.option { "tz", help = "zone of run-date" }
    check.eq(tz.help, "zone of run-date")
    check.eq(tz.name, "tz")
    check.eq(kit.OPTIONS.tz.help ~= "zone of run-date", true)   -- the shared one is not changed
    check.eq(kit.option("follow-timeout").type, "number")
    local props = kit.option { "properties", help = "test <Property> entries: ..." }
    check.eq(props.choices, { "labels", "known" })
    check.eq(props.default, "labels")
    local own = { name = "mode", choices = { "a", "b" } }
    check.eq(kit.option(own), own)
    check.raises("no shared option 'nope'", kit.option, "nope")
  end },

  { "closes: an end handler that closes the frame a start opened", function()
    local closed = {}
    local close = kit.closes("class", function(class, state, depth) closed[#closed + 1] = class.name .. depth end)
    local state = { class = { name = "C" } }
    close(state, 2)
    check.eq(closed, { "C2" })
    check.eq(state.class, nil)
    close(state, 2)                               -- none open: nothing
    check.eq(closed, { "C2" })
    state.group = 1
    kit.closes("group")(state)
    check.eq(state.group, nil)
  end },

  { "converter: a stream format gets the follow options last, the stream and its clock in state", function()
    local got
    local own = { { name = "mode", default = "a" } }
    local script = kit.converter {
      name = "x", options = own, stream = true,
      convert = function(input, ctx, state) got = state; return true end,
    }
    check.eq({ script.options[1].name, script.options[2].name, script.options[3].name },
             { "mode", "follow", "follow-timeout" })
    check.eq(#own, 1)                                -- the script's list as it was
    check.eq(script.stream, nil)
    local s = { live = function() return false end }
    local input = { name = "in", lines = function(_, opts) return opts.follow == nil and s or nil end }
    check.eq(script.convert(input, fake_ctx { ["follow-timeout"] = 30 }), true)
    check.eq(got.stream, s)
    check.eq(got.clock:now(), 1000)                  -- a file read after the run: ctx.base_time
    got = nil
    local missing = { name = "in", lines = function() return nil, "in: No such file" end }
    check.eq({ script.convert(missing, fake_ctx { ["follow-timeout"] = 30 }) }, { nil, "in: No such file" })
    check.eq(got, nil)                               -- convert is not called
  end },

  { "require: the stdlib modules by name, in order", function()
    local status, model = kit.require("status", "model")
    check.eq(status, require "allure.status")
    check.eq(model, require "allure.model")
    check.eq(select("#", kit.require()), 0)
  end },

  { "converter: the options resolved, convert given the prepared state", function()
    local got
    local script = kit.converter {
      name = "x", options = { "tz", "link", "attachments-base", { name = "mode", default = "a" } },
      state = function() return { own = true } end,
      convert = function(input, ctx, state) got = state; return true end,
    }
    check.eq(#script.options, 4)
    check.eq(script.options[3].name, "attachments-base")
    check.eq(script.state, nil)
    local ctx = fake_ctx { tz = "+02:00", link = { "issue=https://j/{}" } }
    check.eq(script.convert({ name = "in", file = nil }, ctx), true)
    check.eq(got.own, true)
    check.eq(got.zone, 7200)
    check.eq(got.ctx, ctx)
    check.eq(got.meta.templates, { issue = "https://j/{}" })
    check.eq(type(got.meta.attach), "function")
    got.meta.warn("w")
    check.eq(ctx.warnings, { "w" })
    check.raises("x: option tz: expected", script.convert, {}, fake_ctx { tz = "Mars" })
  end },

  { "detect: the first rule whose kind, keys and text fit", function()
    local function sniff(kind, keys, text)
      local set = {}
      for _, k in ipairs(keys) do set[k] = true end
      return {
        kind = function() return kind end,
        text = function() return text end,
        has_keys = function(_, ...)
          for _, k in ipairs { ... } do if not set[k] then return false end end
          return true
        end,
      }
    end
    local detect = kit.detect {
      { 90, "a with b", keys = { "a" }, text = '"b"%s*:' },
      { 80, "a and c", keys = { "a", "c" } },
      { 70, "text with a", kind = "text", text = '"a"' },
      { 60, "d with e and f", keys = { "d" }, text = { '"e"', '"f"' } },
    }
    check.eq({ detect(sniff("json", { "a" }, '{"a": {"b": 1}}')) }, { 90, "a with b" })
    check.eq({ detect(sniff("json", { "a", "c" }, '{"a": 1, "c": 2}')) }, { 80, "a and c" })
    check.eq({ detect(sniff("json", { "a" }, '{"a": 1}')) }, {})
    check.eq({ detect(sniff("text", {}, 'out\n{"a": 1}')) }, { 70, "text with a" })
    check.eq({ detect(sniff("xml", { "a", "c" }, "<a/>")) }, {})
    check.eq({ detect(sniff("json", { "d" }, '{"d": {"e": 1, "f": 2}}')) }, { 60, "d with e and f" })
    check.eq({ detect(sniff("json", { "d" }, '{"d": {"e": 1}}')) }, {})
  end },

  { "detect: an XML root (with an attribute), a first event's fields, a function rule", function()
    local function sniff(kind, root, first, text)
      return {
        kind = function() return kind end,
        text = function() return text or "" end,
        xml_root = function() return root end,
        first_json = function() return first end,
      }
    end
    local detect = kit.detect {
      { 95, "run", root = "run" },
      { 70, "suite with type", root = "suite", attr = "type" },
      { 60, "log with cases", root = "log", text = "<Case" },
      { 90, "event", first = { type = "start", version = true } },
      function(s) if s:text():find("^=== ") then return 50, "text" end end,
    }
    check.eq({ detect(sniff("xml", { name = "run", attrs = {} })) }, { 95, "run" })
    check.eq({ detect(sniff("xml", { name = "suite", attrs = { type = "" } })) }, { 70, "suite with type" })
    check.eq({ detect(sniff("xml", { name = "suite", attrs = {} })) }, {})
    check.eq({ detect(sniff("xml", { name = "log", attrs = {} }, nil, "<log><Case/>")) }, { 60, "log with cases" })
    check.eq({ detect(sniff("xml", { name = "log", attrs = {} }, nil, "<log/>")) }, {})
    -- a first line that fits, whatever the kind (one event: json; several: ndjson)
    check.eq({ detect(sniff("ndjson", nil, { type = "start", version = 3 })) }, { 90, "event" })
    check.eq({ detect(sniff("json", nil, { type = "start", version = 3 })) }, { 90, "event" })
    check.eq({ detect(sniff("ndjson", nil, { type = "start" })) }, {})
    check.eq({ detect(sniff("ndjson", nil, { type = "done", version = 3 })) }, {})
    check.eq({ detect(sniff("text", nil, nil, "=== RUN x")) }, { 50, "text" })
    check.eq({ detect(sniff("text", nil, nil, "nothing")) }, {})
  end },

  { "state: no zone, templates or attach without their options", function()
    local state = kit.state({ name = "in" }, fake_ctx {}, "x", {})
    check.eq(state.zone, nil)
    check.eq(state.meta.templates, {})
    check.eq(state.meta.attach, nil)
  end },

  { "lazy: a module on first use, the same table after", function()
    check.eq(kit.lazy.status, require "allure.status")
    check.eq(rawget(kit.lazy, "status"), require "allure.status")
  end },

  { "pop_suite: the enclosing suite takes the later clock and the tests", function()
    local uuids = require "allure.uuids"
    local outer = { clock = 100, children = uuids.new() }
    local inner = { clock = 250, children = uuids.new() }
    outer.children:add("a")
    inner.children:add("b")
    local stack = { outer, inner }
    local frame, parent = kit.pop_suite(stack)
    check.eq(frame, inner)
    check.eq(parent, outer)
    check.eq(#stack, 1)
    check.eq(outer.clock, 250)
    check.eq(outer.children:array(), { "a", "b" })
    inner.clock = 50                                  -- an earlier end leaves the clock
    stack[2] = inner
    kit.pop_suite(stack)
    check.eq(outer.clock, 250)
    frame, parent = kit.pop_suite(stack)
    check.eq(frame, outer)
    check.eq(parent, nil)
  end },

  { "xml: trees, starts and ends by name; done at the end", function()
    local starts, ends = {}, {}
    local seen, ok = read_xml('<run><group name="g"><case name="a"><x/></case><case name="b"/></group></run>', {
      start = { group = function(r, _, depth) starts[#starts + 1] = r:attrs().name .. depth end },
      ["end"] = { group = function(_, depth) ends[#ends + 1] = depth end },
      start_other = function(_, name) starts[#starts + 1] = name end,
    })
    check.eq(ok, true)
    check.eq(seen, { "a", "b", "done" })
    check.eq(starts, { "run", "g1" })          -- <x> is inside a tree: never a start
    check.eq(ends, { 1 })
  end },

  { "xml: malformed input keeps what was read before it, and says where", function()
    local seen, ok, err = read_xml('<run><case name="a"/><case name="b"></run>', {})
    check.eq(ok, nil)
    check.eq(seen, { "a", "done" })
    check.eq(err:find("^t%.xml:1:") ~= nil, true, err)
  end },

  { "xml: a handler stops the read with false or nil and a message", function()
    local seen, ok, err = read_xml('<run><case name="a"/><other/><case name="b"/></run>', {
      start = { other = function() return false, "not mine" end },
    })
    check.eq(ok, false)
    check.eq(err, "not mine")
    check.eq(seen, { "a", "done" })
  end },

  { "xml: a document that is only a declaration goes to empty(r, state), with its line", function()
    local decl = '<?xml version="1.0"?>'
    local empties = {}
    local seen, ok = read_xml('<run><case name="a"/></run>\n' .. decl .. decl .. '<run><case name="b"/></run>', {
      empty = function(r) empties[#empties + 1] = r:line() end,
    }, "many")
    check.eq(ok, true)
    check.eq(seen, { "a", "b", "done" })
    check.eq(empties, { 2 })
    seen, ok = read_xml(decl .. decl .. '<run><case name="b"/></run>', {
      empty = function() return false, "no empty documents here" end,
    }, "many")
    check.eq({ ok, seen }, { false, { "done" } })
    seen, ok = read_xml(decl .. decl .. '<run><case name="b"/></run>', {}, "many")   -- no handler: passed over
    check.eq({ ok, seen }, { true, { "b", "done" } })
  end },

  { "json: a document of another shape is not the format", function()
    local path = temp('{"a": 1}')
    local input = { name = "t.json", json = function() return json.read(path, { name = "t.json" }) end }
    local doc = kit.json(input, "an A report", function(d) return d.a == 1 end)
    check.eq(doc.a, 1)
    check.eq({ kit.json(input, "a B report", function(d) return d.b ~= nil end) }, { false, "t.json: not a B report" })
    os.remove(path)
    local bad = temp('{"a": ')
    input.json = function() return json.read(bad, { name = "t.json" }) end
    local none, err = kit.json(input, "an A report", function() return true end)
    check.eq(none, nil)
    check.eq(err:find("^t%.json: ") ~= nil, true, err)
    os.remove(bad)
  end },

  { "report_files: relative paths from the absolute ones, a clock that ends at base_time", function()
    local state = { ctx = fake_ctx(), opts = {} }
    local tests = {
      { file = "./spec/a_spec.rb", t = 0.5 }, { file = "/ci/ws/spec/b_spec.rb", t = 0.25 },
      { file = "/ci/ws/lib/c_spec.rb", t = "x" }, "not a test", { t = 0.25 },
    }
    local clock = kit.report_files(state, tests, "file", "t", function(v)
      return type(v) == "number" and v * 1000 or 0
    end)
    check.eq(clock, 1000 - 1000)
    check.eq(state.relative("./spec/a_spec.rb"), "spec/a_spec.rb")    -- the project's: as it is
    check.eq(state.relative("/ci/ws/spec/b_spec.rb"), "spec/b_spec.rb")
    check.eq(state.relative(nil), nil)
    state.opts.root = "/ci"
    kit.report_files(state, tests, "file", "t", function() return 0 end)
    check.eq(state.relative("/ci/ws/spec/b_spec.rb"), "ws/spec/b_spec.rb")
  end },

  { "lines: each line, done(false) at the end, done(true) before a refusal", function()
    local path = temp("a\nb\nc\n")
    local s = assert(json.lines(path, { name = "t.txt" }))
    local lines, stops = {}, {}
    check.eq(kit.lines(s, function(line) lines[#lines + 1] = line end, function(stopped) stops[#stops + 1] = stopped end), true)
    check.eq(lines, { "a", "b", "c" })
    check.eq(stops, { false })
    s:close()
    s = assert(json.lines(path, { name = "t.txt" }))
    lines, stops = {}, {}
    local ok, err = kit.lines(s, function(line, n)
      lines[#lines + 1] = line
      if line == "b" then return nil, "t.txt:" .. n .. ": bad" end
    end, function(stopped) stops[#stops + 1] = stopped end)
    check.eq({ ok, err }, { nil, "t.txt:2: bad" })
    check.eq(lines, { "a", "b" })
    check.eq(stops, { true })
    s:close()
    os.remove(path)
  end },

  { "events: JSON objects with a kind are events, other text is noise", function()
    local path = temp('{"type":"a"}\nnot json\n{"kind":1}\n{"type":"b"}\n{"type":"c"}\n')
    local s = assert(json.lines(path, { name = "t.json" }))
    local noise = { lines = {}, confirmed = 0 }
    function noise:add(n, line) self.lines[#self.lines + 1] = n .. line end
    function noise:confirm() self.confirmed = self.confirmed + 1 end
    local kinds = {}
    local n = kit.events(s, noise, "type", function(ev)
      kinds[#kinds + 1] = ev.type
      return ev.type == "b"                     -- stop early
    end)
    check.eq(n, 2)
    check.eq(kinds, { "a", "b" })
    check.eq(noise.lines, { "2not json" })      -- {"kind":1} is JSON, not an event: not noise either
    s:close()
    os.remove(path)
  end },

  { "mixed: a line that does not decode is held; stray if a line follows, cut off if last", function()
    local function run(text, done)
      local path = temp(text)
      local s = assert(json.lines(path, { name = "t.json" }))
      local log, finished = {}, 0
      local noise = { finish = function() finished = finished + 1 end }
      local ok, err = kit.mixed(s, "t.json", noise, {
        line = function(line, n)
          local _, derr = json.decode(line)
          if line:find("^{") and derr then return "bad event" end
          log[#log + 1] = n .. ":" .. line
        end,
        held = function(n, line) log[#log + 1] = "held " .. n .. ":" .. line end,
        done = function() log[#log + 1] = "done"; if done then return done() end end,
      })
      s:close()
      os.remove(path)
      return ok, err, log, finished
    end
    local ok, err, log, finished = run('{"a":1}\n{"a":\ntext\n')
    check.eq({ ok, err, finished }, { true, nil, 1 })
    check.eq(log, { '1:{"a":1}', 'held 2:{"a":', "3:text", "done" })
    ok, err, log = run('{"a":1}\n{"a":\n')
    check.eq(ok, nil)
    check.eq(err:find("^t%.json:2: the input ends in the middle of an event") ~= nil, true, err)
    check.eq(log, { '1:{"a":1}', "done" }, "what was read is written first")
    ok, err, log, finished = run("x\n", function() return false, "t.json: not F" end)
    check.eq({ ok, err, finished }, { false, "t.json: not F", 0 })
  end },
  { "skip: past an element without building it; twice: a second reader over a file", function()
    local path = temp('<run><defs><d id="1"><x/></d></defs><results><r id="1"/></results></run>')
    local input = require("allure.input").new(path)
    local r, again = kit.twice(input, "a run", { "run" })
    check.eq(type(again), "function")
    local event, name = r:next()
    check.eq(name, "defs")
    check.eq(kit.skip(r), true)
    event, name = r:next()
    check.eq({ event, name }, { "start", "results" })
    local r2 = again()
    check.eq(select(2, r2:next()), "run")
    check.eq(select(2, r2:next()), "defs")
    local not_run, why = kit.twice(input, "a report", { "report" })
    check.eq(not_run, false)
    check.eq(why:find("not a report: root element <run>", 1, true) ~= nil, true)
    input:close()
    os.remove(path)
  end },
}
