local coerce = require "allure.coerce"
local null = require("cjson").null

return {
  { "strings only", function()
    check.eq(coerce.str("a"), "a")
    check.eq(coerce.str(1), nil)
    check.eq(coerce.str(null), nil)
    check.eq(coerce.str({}), nil)
  end },
  { "text: non-empty, non-blank, trimmed; nil for what is not a string", function()
    check.eq(coerce.nonempty("a"), "a")
    check.eq(coerce.nonempty(""), nil)
    check.eq(coerce.nonempty(" "), " ")
    check.eq(coerce.nonblank(" "), nil)
    check.eq(coerce.nonblank(" a"), " a")
    check.eq(coerce.nonblank(null), nil)
    check.eq(coerce.trim("  a b \n"), "a b")
    check.eq(coerce.trim("   "), "")
    check.eq(coerce.trim(nil), nil)
    check.eq(coerce.trim(7), nil)
  end },
  { "finite numbers: numbers only, no NaN or infinity", function()
    check.eq(coerce.finite(1e308), 1e308)
    check.eq(coerce.finite("7"), nil)
    check.eq(coerce.finite(0 / 0), nil)
    check.eq(coerce.finite(math.huge), nil)
  end },
  { "lists: a table, else an empty one that cannot be filled by mistake", function()
    local t = { 1, 2 }
    check.eq(coerce.list(t) == t, true)
    check.eq(#coerce.list("x"), 0)
    check.eq(#coerce.list(null), 0)
    check.raises("read-only", function() coerce.list(nil)[1] = 1 end)
  end },
  { "is_array: an empty table or one with an item 1", function()
    check.eq(coerce.is_array {}, true)
    check.eq(coerce.is_array { "a" }, true)
    check.eq(coerce.is_array { a = 1 }, false)
    check.eq(coerce.is_array "a", false)
    check.eq(coerce.is_array(nil), false)
  end },
  { "joined: the strings of a list, nil when there are none", function()
    check.eq(coerce.joined { "a", 1, "b", false, "c" }, "a\nb\nc")
    check.eq(coerce.joined({ "a", "b" }, " "), "a b")
    check.eq(coerce.joined { "" }, "")
    check.eq(coerce.joined {}, nil)
    check.eq(coerce.joined { 1, {} }, nil)
    check.eq(coerce.joined "a string", nil)
    check.eq(coerce.joined(nil), nil)
  end },
  { "numbers: finite, within 2^53, numeric strings read", function()
    check.eq(coerce.number(12.5), 12.5)
    check.eq(coerce.number("7"), 7)
    check.eq(coerce.number(1e308), nil)
    check.eq(coerce.number(0 / 0), nil)
    check.eq(coerce.number(-math.huge), nil)
    check.eq(coerce.number("x"), nil)
    check.eq(coerce.number(null), nil)
  end },
  { "integers round down", function()
    check.eq(coerce.int(18.0), 18)
    check.eq(math.type(coerce.int(18.0)), "integer")
    check.eq(coerce.int(2.7), 2)
    check.eq(coerce.int(-2.5), -3)
    check.eq(coerce.int(true), nil)
  end },
  { "epoch ms and spans: numbers in range, else missing", function()
    check.eq(coerce.epoch_ms(1700000000123.7), 1700000000123)
    check.eq(coerce.epoch_ms(0), 0)
    check.eq(coerce.epoch_ms(-1), nil)
    check.eq(coerce.epoch_ms(1e15), nil)
    check.eq(coerce.epoch_ms("5"), nil)
    check.eq(coerce.epoch_ms(0 / 0), nil)
    check.eq(coerce.span_ms(2.5), 2.5)
    check.eq(coerce.span_ms(-1), 0)
    check.eq(coerce.span_ms(4e10), 0)
    check.eq(coerce.span_ms(math.huge), 0)
    check.eq(coerce.span_ms(nil), 0)
  end },
  { "durations: missing or negative are 0, bounded above", function()
    check.eq(coerce.duration(15), 15)
    check.eq(coerce.duration(nil), 0)
    check.eq(coerce.duration(-4), 0)
    check.eq(coerce.duration(1e15), 2 ^ 32)
    check.eq(coerce.duration("250.5"), 250.5)
  end },
  { "UTF-8 read as Latin-1 is mended; anything else is kept", function()
    check.eq(coerce.utf8_bytes("Z\xC3\x83\xC2\xBCrich"), "Zürich")
    check.eq(coerce.utf8_bytes("\xC3\xA6\xC2\x9D\xC2\xB1\xC3\xA4\xC2\xBA\xC2\xAC"), "東京")
    check.eq(coerce.utf8_bytes("Zürich"), "Zürich")             -- ü alone: C3 BC is not UTF-8 as bytes
    check.eq(coerce.utf8_bytes("plain"), "plain")
    check.eq(coerce.utf8_bytes("Ã¼ and 東"), "Ã¼ and 東")         -- a character past U+00FF: never byte-wise
    check.eq(coerce.utf8_bytes(42), 42)
  end },
  { "sorted_keys: the string keys in order, none for anything but a table", function()
    check.eq(coerce.sorted_keys({ b = 1, a = false, c = {}, [1] = "x", [2.5] = "y" }), { "a", "b", "c" })
    check.eq(coerce.sorted_keys({}), {})
    check.eq(coerce.sorted_keys({ "x", "y" }), {})
    check.eq(coerce.sorted_keys("abc"), {})
    check.eq(coerce.sorted_keys(nil), {})
  end },
}
