local meta = require "allure.meta"

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
}
