local inband = require "allure.inband"

local function scan(text)
  local out = {}
  inband.scan(text, function(path) out[#out + 1] = { "attachment", path } end,
    function(name, value) out[#out + 1] = { "property", name, value } end)
  return out
end

return {
  { "attachments and one-line properties in order", function()
    check.eq(scan "log\n[[ATTACHMENT|shots/a.png]]\n[[PROPERTY|owner=alice]] x\n[[ATTACHMENT|/abs/b.txt]]", {
      { "attachment", "shots/a.png" }, { "property", "owner", "alice" }, { "attachment", "/abs/b.txt" } })
  end },
  { "block properties", function()
    check.eq(scan "[[PROPERTY|description]]\nline one\nline two\n[[/PROPERTY]]\nafter", {
      { "property", "description", "line one\nline two" } })
  end },
  { "nothing to find", function()
    check.eq(scan "no directives [[here]] [[ATTACHMENT|]]", { { "attachment", "" } })
    check.eq(scan(nil), {})
    check.eq(scan "[[PROPERTY|unterminated]]\nvalue", {})
  end },
  { "Allure convention lines: the whole line only", function()
    check.eq(scan("x\nallure.label.owner=alice\n  @allure.id:42 \r\nsee allure.label.x=1\nat io.qameta.allure.Allure.step\n"
      .. "@allure.link.issue: https://jira/browse/A-1"), {
      { "property", "allure.label.owner", "alice" }, { "property", "allure.id", "42" },
      { "property", "allure.link.issue", "https://jira/browse/A-1" } })
  end },
  { "directives of both kinds in text order; a block's content is only its value", function()
    check.eq(scan("allure.label.a=1 [[ATTACHMENT|on-the-line]]\n[[ATTACHMENT|x.png]]\n[[PROPERTY|log]]\n"
      .. "allure.label.inside=no\n[[/PROPERTY]]\nallure.label.b=2\n[[[ATTACHMENT|y.png]]"), {
      { "property", "allure.label.a", "1 [[ATTACHMENT|on-the-line]]" }, { "attachment", "x.png" },
      { "property", "log", "allure.label.inside=no" }, { "property", "allure.label.b", "2" },
      { "attachment", "y.png" } })
  end },
  { "apply: attachments, links and properties onto a result", function()
    local r = { labels = {} }
    local unknown, warnings = {}, {}
    inband.apply(r, table.concat({
      "[[ATTACHMENT|https://ci.example/run/7/video.mp4]]",
      "[[ATTACHMENT|data:text/plain;base64,aGVsbG8=]]",
      "[[ATTACHMENT|missing.png]]",
      "[[PROPERTY|owner=alice]]",
      "[[PROPERTY|build=42]]",
      "@allure.label.layer:api",
      "allure.flaky=true",
    }, "\n"), {
      attach = function(path) return nil, path .. ": No such file or directory" end,
      warn = function(m) warnings[#warnings + 1] = m end,
      on_property = function(name, value) unknown[#unknown + 1] = name .. "=" .. value end })
    check.eq(r.links, { { type = "link", url = "https://ci.example/run/7/video.mp4", name = "video.mp4" } })
    check.eq(r.attachments, { { name = "attachment", content = "hello", type = "text/plain" } })
    check.eq(r.labels, { { name = "owner", value = "alice" }, { name = "layer", value = "api" } })
    check.eq(r.statusDetails, { flaky = true })
    check.eq(unknown, { "build=42" })
    check.eq(warnings, { "missing.png: No such file or directory" })
  end },
}
