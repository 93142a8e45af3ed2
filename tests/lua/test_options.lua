local options = require "allure.options"

local spec = {
  { name = "flag", type = "boolean", default = false, help = "a switch" },
  { name = "n", type = "number", default = 3 },
  { name = "tag", type = "list" },
  { name = "word" },
  { name = "mode", choices = { "steps", "results", "both" }, default = "steps" },
}

return {
  { "defaults", function()
    check.eq(options.parse(spec, {}), { flag = false, n = 3, tag = {}, mode = "steps" })
  end },
  { "values by type", function()
    local o = options.parse(spec, { "flag=yes", "n=2.5", "tag=a", "tag=b=c", "word=" })
    check.eq(o, { flag = true, n = 2.5, tag = { "a", "b=c" }, word = "", mode = "steps" })
    check.eq(options.parse(spec, { "mode=both" }).mode, "both")
  end },
  { "errors", function()
    local o, err = options.parse(spec, { "nope=1" })
    check.eq(o, nil)
    check.eq(err, "unknown option 'nope' (known: flag, n, tag, word, mode)")
    check.eq(select(2, options.parse(spec, { "mode=all" })), "option 'mode': expected steps, results or both, got 'all'")
    check.eq(select(2, options.parse(spec, { "n=x" })), "option 'n': expected a number, got 'x'")
    check.eq(select(2, options.parse(spec, { "flag=maybe" })), "option 'flag': expected true or false, got 'maybe'")
    check.eq(select(2, options.parse({}, { "a=1" })), "unknown option 'a' (this script takes none)")
  end },
  { "bad spec raises", function()
    check.raises("options[1].type: unknown type 'int'", options.parse, { { name = "x", type = "int" } }, {})
    check.raises("options[1].choices: expected a list of values", options.parse, { { name = "x", choices = {} } }, {})
  end },
  { "help lists every option", function()
    local text = options.help(spec)
    assert(text:find("flag=BOOLEAN%s+a switch %(default: false%)"), text)
    assert(text:find("n=NUMBER"), text)
    local wide = options.help { { name = "mode", choices = { "first", "second", "third", "fourth" }, default = "first", help = "how" } }
    assert(wide:find("\n  mode=first|second|third|fourth\n                         how %(default: first%)"), wide)
  end },
}
