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
}
