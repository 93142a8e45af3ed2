local jsreport = require "allure.jsreport"

return {
  { "labels: the suites of the path, then the producer", function()
    check.eq(jsreport.labels({ "a.spec.js", "Cart" }, "playwright", "playwright-json"), {
      { name = "parentSuite", value = "a.spec.js" }, { name = "suite", value = "Cart" },
      { name = "framework", value = "playwright" }, { name = "language", value = "javascript" },
      { name = "resultFormat", value = "playwright-json" } })
    check.eq(jsreport.labels({}, "mocha", "mocha-json"), {
      { name = "framework", value = "mocha" }, { name = "language", value = "javascript" },
      { name = "resultFormat", value = "mocha-json" } })
  end },
  { "annotation: the first of the types, guarded", function()
    local list = { "x", { type = 3 }, { type = "slow" }, { type = "fail", description = "bug 1" },
                   { type = "fail" } }
    check.eq(jsreport.annotation(list, { fail = false }), { type = "fail", description = "bug 1" })
    check.eq(jsreport.annotation(list, { skip = true }), nil)
    check.eq(jsreport.annotation("not a list", { fail = true }), nil)
    check.eq(jsreport.annotation(nil, { fail = true }), nil)
  end },
}
