local options = require "allure.options"

local spec = {
  { name = "flag", type = "boolean", default = false, help = "a switch" },
  { name = "n", type = "number", default = 3 },
  { name = "tag", type = "list" },
  { name = "word" },
}

return {
  { "defaults", function()
    check.eq(options.parse(spec, {}), { flag = false, n = 3, tag = {} })
  end },
  { "values by type", function()
    local o = options.parse(spec, { "flag=yes", "n=2.5", "tag=a", "tag=b=c", "word=" })
    check.eq(o, { flag = true, n = 2.5, tag = { "a", "b=c" }, word = "" })
  end },
  { "errors", function()
    local o, err = options.parse(spec, { "nope=1" })
    check.eq(o, nil)
    check.eq(err, "unknown option 'nope' (known: flag, n, tag, word)")
    check.eq(select(2, options.parse(spec, { "n=x" })), "option 'n': expected a number, got 'x'")
    check.eq(select(2, options.parse(spec, { "flag=maybe" })), "option 'flag': expected true or false, got 'maybe'")
    check.eq(select(2, options.parse({}, { "a=1" })), "unknown option 'a' (this script takes none)")
  end },
  { "bad spec raises", function()
    check.raises("options[1].type: unknown type 'int'", options.parse, { { name = "x", type = "int" } }, {})
  end },
  { "help lists every option", function()
    local text = options.help(spec)
    assert(text:find("flag=BOOLEAN%s+a switch %(default: false%)"), text)
    assert(text:find("n=NUMBER"), text)
  end },
}
