local model = require "allure.model"

local function suites(path)
  local labels = {}
  model.suite_labels(labels, path)
  return labels
end

return {
  { "suite labels by depth", function()
    check.eq(suites {}, {})
    check.eq(suites { "A" }, { { name = "suite", value = "A" } })
    check.eq(suites { "A", "B" }, { { name = "parentSuite", value = "A" }, { name = "suite", value = "B" } })
    check.eq(suites { "A", "B", "C", "D" }, {
      { name = "parentSuite", value = "A" }, { name = "suite", value = "B" },
      { name = "subSuite", value = "C > D" } })
  end },
  { "producer: framework, language and format, the missing ones left out", function()
    local labels = {}
    model.producer(labels, "rspec", "ruby", "rspec-json")
    check.eq(labels, { { name = "framework", value = "rspec" }, { name = "language", value = "ruby" },
                       { name = "resultFormat", value = "rspec-json" } })
    local robot = {}
    model.producer(robot, "Robot Framework", nil, "robot")
    check.eq(robot, { { name = "framework", value = "Robot Framework" }, { name = "resultFormat", value = "robot" } })
  end },
  { "label skips blank values", function()
    local labels = {}
    model.label(labels, "owner", nil)
    model.label(labels, "owner", "  ")
    model.label(labels, "severity", 3)
    check.eq(labels, { { name = "severity", value = "3" } })
  end },
  { "labels: the suite path's, then the fields in Allure's order", function()
    check.eq(model.labels({}, { "S" }, { language = "cpp", testMethod = "m", package = " ", testClass = "C" }), {
      { name = "suite", value = "S" }, { name = "testClass", value = "C" }, { name = "testMethod", value = "m" },
      { name = "language", value = "cpp" } })
  end },
  { "text attachment", function()
    check.eq(model.text_attachment("out", " \n"), nil)
    check.eq(model.text_attachment("out", "x"), { name = "out", content = "x", type = "text/plain" })
  end },
  { "add_step: nested below the deepest level kept, the steps follow in order", function()
    local steps = {}
    model.add_step(steps, { name = "a", steps = { { name = "a1" } } }, 1)
    check.eq(steps, { { name = "a", steps = { { name = "a1" } } } })
    local deep = {}
    model.add_step(deep, { name = "b", steps = { { name = "b1" }, { name = "b2" } } }, model.MAX_STEP_DEPTH)
    check.eq(deep, { { name = "b" }, { name = "b1" }, { name = "b2" } })
    model.add_step(deep, { name = "c" }, model.MAX_STEP_DEPTH + 5)
    check.eq(deep[4], { name = "c" })
  end },
  { "occurrence: the second and later tests of one key are numbered", function()
    local seen, first, second, other = {}, {}, {}, {}
    check.eq(model.occurrence(seen, "a#x", first), 1)
    check.eq(first, {})
    check.eq(model.occurrence(seen, "a#y", other), 1)
    check.eq(model.occurrence(seen, "a#x", second), 2)
    check.eq(second, { { name = "occurrence", value = "2" } })
    check.eq(other, {})
  end },
  { "retried: a count, no made-up attempts", function()
    local params = {}
    check.eq(model.retried(params, 0, "passed", nil), nil)
    check.eq(params, {})
    check.eq(model.retried(params, 2, "passed", nil), { flaky = true })
    check.eq(params, { { name = "retries", value = "2", excluded = true } })
    local failed = {}
    check.eq(model.retried(failed, 1, "failed", { message = "x" }), { message = "x" })
    check.eq(failed, { { name = "retries", value = "1", excluded = true } })
  end },
  { "occurrence: the second of a key on gets a parameter", function()
    local seen, p1, p2 = {}, {}, {}
    check.eq(model.occurrence(seen, "k", p1), 1)
    check.eq(p1, {})
    check.eq(model.occurrence(seen, "k", p2, "repeat"), 2)
    check.eq(p2, { { name = "repeat", value = "2" } })
    check.eq(model.occurrence(seen, "other", p1), 1)
  end },
  { "run_error: a warning and one run-level error", function()
    local ctx = { warned = {}, written = {} }
    function ctx:warn(m) self.warned[#self.warned + 1] = m end
    function ctx:globals(g) self.written[#self.written + 1] = g; return "u1" end
    check.eq(model.run_error(ctx, "setup failed", "setup: boom\nmore", "at x", 5), "u1")
    check.eq(ctx.warned, { "setup failed" })
    check.eq(ctx.written, { { errors = { { message = "setup: boom\nmore", trace = "at x", timestamp = 5 } } } })
  end },
  { "fixture_container: one set-up or tear-down named like the container", function()
    local ctx = { written = {} }
    function ctx:container(c) self.written[#self.written + 1] = c; return "c" .. #self.written end
    local d = { message = "m" }
    check.eq(model.fixture_container(ctx, "Env", { "a", "b" }, true, "broken", d, 7), "c1")
    check.eq(model.fixture_container(ctx, "Cleanup", { "a" }, false, "failed", nil, 9, 1, 9), "c2")
    local fixture = { name = "Env", status = "broken", statusDetails = d, start = 7, stop = 7 }
    check.eq(ctx.written[1], { name = "Env", children = { "a", "b" }, befores = { fixture } })
    check.eq(ctx.written[2], { name = "Cleanup", children = { "a" }, start = 1, stop = 9,
      afters = { { name = "Cleanup", status = "failed", start = 9, stop = 9 } } })
  end },
  { "flaky", function()
    check.eq(model.flaky(nil), { flaky = true })
    check.eq(model.flaky({ message = "m" }), { message = "m", flaky = true })
  end },
  { "after: a repeat begins at least 1 ms after the attempt before, its duration kept", function()
    check.eq({ model.after(100, 150, 100) }, { 101, 151 })
    check.eq({ model.after(90, 95, 100) }, { 101, 106 })
    check.eq({ model.after(101, 120, 100) }, { 101, 120 })
    check.eq({ model.after(100, 150, nil) }, { 100, 150 })
  end },
}
