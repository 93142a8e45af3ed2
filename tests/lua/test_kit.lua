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
local function read_xml(text, handlers)
  local path = temp(text)
  local r = assert(xml.open(path, { name = "t.xml" }))
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
    local own = { name = "mode", choices = { "a", "b" } }
    check.eq(kit.option(own), own)
    check.raises("no shared option 'nope'", kit.option, "nope")
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

  { "state: no zone, templates or attach without their options", function()
    local state = kit.state({ name = "in" }, fake_ctx {}, "x", {})
    check.eq(state.zone, nil)
    check.eq(state.meta.templates, {})
    check.eq(state.meta.attach, nil)
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
