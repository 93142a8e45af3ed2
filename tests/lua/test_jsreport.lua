local jsreport = require "allure.jsreport"
local attach = require "allure.attach"

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
  { "output: a string, or chunks joined, capped at the attachment limit", function()
    check.eq(jsreport.output("as is", "\n"), "as is")
    check.eq(jsreport.output({}, "\n"), "")
    check.eq(jsreport.output(nil, ""), "")
    check.eq(jsreport.output({ "a", "b" }, "\n"), "a\nb")
    check.eq(jsreport.output({ { text = "a" }, { buffer = "YmM=" }, 7, "d" }, ""), "abcd")
    local max = attach.MAX_SIZE
    attach.MAX_SIZE = 4
    local cut = jsreport.output({ "abc", "de", "f" }, "")
    local huge = jsreport.output({ "ab", { buffer = ("QUFB"):rep(10) } }, "")   -- not decoded
    attach.MAX_SIZE = max
    check.eq(cut:sub(1, 4), "abc\n")
    check.eq(cut:find("attachment limit: cut here", 1, true) ~= nil, true)
    check.eq(huge:sub(1, 3), "ab\n")
  end },
  { "unexpected_pass: the message with the fail annotation's reason", function()
    check.eq(jsreport.unexpected_pass({ { type = "fail", description = "bug 12" } }),
      { message = "expected to fail (test.fail), but passed: bug 12" })
    check.eq(jsreport.unexpected_pass({}), { message = "expected to fail (test.fail), but passed" })
  end },
  { "annotate: markers as tags, Allure meanings applied, others labels", function()
    local r = { labels = {}, links = {} }
    jsreport.annotate(r, { { type = "fixme" }, { type = "skip", description = "x" }, { type = "serial" },
      { type = "owner", description = "alice" }, { type = "note", description = "n" },
      { type = "issue", description = "A-1" }, "junk", { type = 5 } }, { templates = { issue = "https://j/{}" } })
    check.eq(r.labels, { { name = "tag", value = "fixme" }, { name = "tag", value = "serial" },
      { name = "owner", value = "alice" }, { name = "note", value = "n" } })
    check.eq(r.links, { { name = "A-1", type = "issue", url = "https://j/A-1" } })
  end },
}
