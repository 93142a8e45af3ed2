local xmlnode = require "allure.xmlnode"

-- A node as r:tree() makes it.
local function node(name, text, ...)
  return { name = name, attrs = {}, text = text, ... }
end

return {
  { "child, text, children: the first of a name, its text, all of them, in order", function()
    local n = node("kw", "", node("arg", "a"), node("var", "x"), node("doc"), node("arg", "b"))
    check.eq(xmlnode.child(n, "arg").text, "a")
    check.eq(xmlnode.child(n, "nothing"), nil)
    check.eq(xmlnode.text(n, "arg"), "a")
    check.eq(xmlnode.text(n, "doc"), nil)
    check.eq(xmlnode.text(n, "nothing"), nil)
    check.eq(#xmlnode.children(n, "arg"), 2)
    check.eq(xmlnode.children(n, "nothing"), {})
  end },
  { "texts: the texts of the children of a name, joined, and their number", function()
    local n = node("for", "", node("var", "${i}"), node("value", "1"), node("var", "${j}"), node("value", ""))
    check.eq({ xmlnode.texts(n, "var", "    ") }, { "${i}    ${j}", 2 })
    check.eq({ xmlnode.texts(n, "value", ",") }, { "1,", 2 })
    check.eq({ xmlnode.texts(n, "var") }, { "${i}${j}", 2 })
    check.eq({ xmlnode.texts(n, "pattern", " ") }, { "", 0 })
  end },
}
