local xmlnode = require "allure.xmlnode"

local node = { name = "e", attrs = {}, { name = "a", attrs = {}, text = "one" }, { name = "b", attrs = {} },
               { name = "a", attrs = {}, text = "two" } }

return {
  { "child, text, children: the first of a name, its text, all of them", function()
    check.eq(xmlnode.child(node, "a").text, "one")
    check.eq(xmlnode.child(node, "c"), nil)
    check.eq(xmlnode.text(node, "a"), "one")
    check.eq(xmlnode.text(node, "b"), nil)
    check.eq(xmlnode.text(node, "c"), nil)
    check.eq(#xmlnode.children(node, "a"), 2)
    check.eq(xmlnode.children(node, "c"), {})
  end },
}
