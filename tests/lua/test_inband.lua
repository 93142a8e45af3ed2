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
}
