local meta = require "allure.meta"
local base64 = require "allure.base64"

local function apply(pairs_, opts)
  local r = { labels = {} }
  for _, p in ipairs(pairs_) do meta.property(r, p[1], p[2], opts) end
  return r
end

return {
  { "labels with an Allure meaning", function()
    local r = apply { { "owner", "alice" }, { "Severity", "CRITICAL" }, { "epic", "Checkout" },
                      { "allure.label.layer", "api" }, { "allure_id", "42" }, { "tags", "smoke, slow" } }
    check.eq(r.labels, {
      { name = "owner", value = "alice" }, { name = "severity", value = "critical" },
      { name = "epic", value = "Checkout" }, { name = "layer", value = "api" },
      { name = "ALLURE_ID", value = "42" }, { name = "tag", value = "smoke" }, { name = "tag", value = "slow" } })
  end },
  { "unknown names and bad severities are left to the caller", function()
    local r = { labels = {} }
    check.eq(meta.property(r, "java.version", "17"), false)
    check.eq(meta.property(r, "severity", "urgent"), false)
    check.eq(r.labels, {})
  end },
  { "properties: known names always, the others as labels only when asked", function()
    local list = { { "owner", "alice" }, { "java.version", "17" }, { "evidence", { { name = "x" } } } }
    local r = { labels = {} }
    meta.properties(r, list, false)
    check.eq(r.labels, { { name = "owner", value = "alice" } })
    r = { labels = {} }
    meta.properties(r, list, true)
    check.eq(r.labels, { { name = "owner", value = "alice" }, { name = "java.version", value = "17" } })
  end },
  { "links: URLs as they are, keys through templates, else labels", function()
    local r = apply({ { "issue", "ABC-1, ABC-2" }, { "tms", "https://tms.example/T9" }, { "requirements", "REQ-3" },
                      { "allure.link.docs", "https://docs.example/x" }, { "url:Build", "https://ci.example/1" } },
                    { templates = { issue = "https://jira.example/browse/{}" } })
    check.eq(r.links, {
      { type = "issue", url = "https://jira.example/browse/ABC-1", name = "ABC-1" },
      { type = "issue", url = "https://jira.example/browse/ABC-2", name = "ABC-2" },
      { type = "tms", url = "https://tms.example/T9" },
      { type = "issue", url = "https://jira.example/browse/REQ-3", name = "REQ-3" },
      { type = "docs", url = "https://docs.example/x" },
      { type = "link", url = "https://ci.example/1", name = "Build" } })
    local bare = apply { { "issue", "XYZ-9" } }
    check.eq(bare.labels, { { name = "issue", value = "XYZ-9" } })
    check.eq(bare.links, nil)
  end },
  { "flags and description", function()
    local r = apply { { "allure.flaky", "true" }, { "allure.muted", "" }, { "description", "Checks **login**" } }
    check.eq(r.statusDetails, { flaky = true, muted = true })
    check.eq(r.description, "Checks **login**")
  end },
  { "attachment properties go through the resolver", function()
    local seen = {}
    local r = apply({ { "attachment_1", "a.png" }, { "attachment_2", "missing.png" } }, {
      attach = function(path)
        if path == "a.png" then return { name = "a.png", path = "/x/a.png" } end
        return nil, path .. ": no such file"
      end,
      warn = function(msg) seen[#seen + 1] = msg end })
    check.eq(r.attachments, { { name = "a.png", path = "/x/a.png" } })
    check.eq(seen, { "missing.png: no such file" })
  end },
  { "tags in adapter conventions", function()
    local r = { labels = {} }
    for _, t in ipairs { "@smoke", "@severity:blocker", "@allure.label.owner:bob", "@allure.id:7", "plain tag" } do
      meta.tag(r, t)
    end
    check.eq(r.labels, { { name = "tag", value = "smoke" }, { name = "severity", value = "blocker" },
      { name = "owner", value = "bob" }, { name = "ALLURE_ID", value = "7" }, { name = "tag", value = "plain tag" } })
  end },
  { "Testmo steps: step, stepN, step[status], multi-line and subfield values", function()
    local r = apply { { "step", "Open the page" }, { "step1", "\n   Log in\n   as admin\n" },
      { "step[passed]", "Check the title" }, { "step[failure]", "Submit" }, { "step2[error]", "Crash" },
      { "step[skipped]", "Log out" }, { "step[wip]", "Later" }, { "step", "  " },
      { "step[passed]", '<test-step-subfield name="Step">Pay <b>now</b></test-step-subfield>'
        .. '<test-step-subfield name="Expected">A receipt</test-step-subfield>' } }
    check.eq(r.steps, {
      { name = "Open the page" }, { name = "Log in", description = "as admin" },
      { name = "Check the title", status = "passed" }, { name = "Submit", status = "failed" },
      { name = "Crash", status = "broken" }, { name = "Log out", status = "skipped" }, { name = "Later" },
      { name = "Pay now", status = "passed", description = "Expected: A receipt" } })
    check.eq(r.labels, {})
  end },
  { "Xray: test_summary names the test, test_description, testrun_comment, test_key", function()
    local r = apply({ { "test_summary", " Pay by card " }, { "test_description", "Checks payments" },
      { "testrun_comment", "ran on staging" }, { "test_key", "CALC-7" } },
      { templates = { tms = "https://jira.example/browse/{}" } })
    check.eq(r.name, "Pay by card")
    check.eq(r.description, "Checks payments")
    check.eq(r.attachments, { { name = "Test run comment", content = "ran on staging", type = "text/plain" } })
    check.eq(r.links, { { type = "tms", url = "https://jira.example/browse/CALC-7", name = "CALC-7" } })
  end },
  { "Xray testrun_evidence: base64 items become attachments, typed by name or bytes", function()
    local png = "\137PNG\r\n\26\n rest of the image"
    local node = { name = "property", attrs = { name = "testrun_evidence" }, text = "\n  ",
      { name = "item", attrs = { name = "screen.png" }, text = base64.encode(png) },
      { name = "item", attrs = { name = "log.txt" }, text = base64.encode("line one\n") },
      { name = "item", attrs = { name = "capture" }, text = base64.encode(png) },
      { name = "item", attrs = { name = "bad.bin" }, text = "!!!" } }
    local name, value = meta.property_of(node)
    check.eq(name, "testrun_evidence")
    local warnings = {}
    local r = apply({ { name, value } }, { warn = function(m) warnings[#warnings + 1] = m end })
    check.eq(r.attachments, {
      { name = "screen.png", content = png, ext = "png", type = "image/png" },
      { name = "log.txt", content = "line one\n", ext = "txt" },
      { name = "capture", content = png, type = "image/png" } })
    check.eq(warnings, { "bad.bin: Xray evidence: base64: invalid character at offset 0" })
  end },
  { "property_of: the value attribute, else items, else the text", function()
    check.eq({ meta.property_of { name = "property", attrs = { name = "a", value = "1" }, text = "" } }, { "a", "1" })
    check.eq({ meta.property_of { name = "property", attrs = { name = "b" }, text = "text value" } }, { "b", "text value" })
  end },
  { "attachment properties: URLs become links, data: URIs are decoded, without a resolver too", function()
    local r = apply { { "attachment", "https://ci.example/files/22-dashboard.png?x=1" },
      { "attachment_2", "data:text/html;base64," .. base64.encode("<p>hi</p>") },
      { "attachment3", "data:,plain%20text" }, { "attachment4", "local.png" } }
    check.eq(r.links, { { type = "link", url = "https://ci.example/files/22-dashboard.png?x=1", name = "22-dashboard.png" } })
    check.eq(r.attachments, { { name = "attachment", content = "<p>hi</p>", type = "text/html" },
      { name = "attachment", content = "plain text", type = "text/plain" } })
    check.eq(r.labels, {}, "a path without a resolver is left to the caller")
    check.eq(meta.property({ labels = {} }, "attachment4", "local.png"), false)
  end },
  { "html:NAME properties are HTML attachments", function()
    local r = apply { { "html:output", "<h1>Title</h1>" }, { "html:empty", " " } }
    check.eq(r.attachments, { { name = "output", content = "<h1>Title</h1>", type = "text/html" } })
  end },
  { "tagger: what meta.tag does, plain tags' labels made once", function()
    local tag = meta.tagger { templates = { issue = "https://jira/{}" } }
    local tags = { "@smoke", "  slow ", "@severity:critical", "@issue:ABC-1", "allure.label.layer=api", "", "  ",
                   "a:b", "@smoke" }
    for _ = 1, 2 do                          -- the second round from the cache
      local want, got = {}, {}
      for _, t in ipairs(tags) do
        meta.tag(want, t, { templates = { issue = "https://jira/{}" } })
        tag(got, t)
      end
      check.eq(got, want)
    end
    local a, b = {}, {}
    tag(a, "@smoke")
    tag(b, "@smoke")
    check.eq(rawequal(a.labels[1], b.labels[1]), true)
  end },
}
