local keyset = require "allure.keyset"

return {
  { "keys keep their values; missing keys are nil", function()
    local s = keyset.new()
    check.eq(s:get("a"), nil)
    s:put("a", 1)
    s:put("b", 255)
    s:put("a", 7)
    check.eq(s:get("a"), 7)
    check.eq(s:get("b"), 255)
    check.eq(#s, 2)
    for i = 1, 20000 do s:put("k" .. i, i % 255 + 1) end
    check.eq(#s, 20002)
    check.eq(s:get("k777"), 777 % 255 + 1)
  end },
  { "update: a get and a put in one call", function()
    local s = keyset.new()
    check.eq(s:update("a", 1, 1), nil)
    check.eq(s:update("a", 1, 1), 1)
    check.eq(s:get("a"), 2)
    check.eq(s:update("a", 5), 2)            -- step 0 by default: the first value stays
    check.eq(s:get("a"), 2)
    check.eq(s:update("b", 9), nil)
    check.eq(s:get("b"), 9)
    check.eq(s:update("a", 1, 255), 2)
    check.eq(s:get("a"), 255)                -- at most 255
    check.eq(#s, 2)
    check.eq(pcall(s.update, s, "c", 0), false)
    check.eq(pcall(s.update, s, "c", 1, -1), false)
  end },
  { "values outside 1..255 and non-string keys raise", function()
    local s = keyset.new()
    check.eq(pcall(s.put, s, "a", 0), false)
    check.eq(pcall(s.put, s, "a", 256), false)
    check.eq(pcall(s.put, s, {}, 1), false)
  end },
  { "close empties it, idempotently", function()
    local s = keyset.new()
    s:put("a", 1)
    s:close()
    s:close()
    check.eq(#s, 0)
    check.eq(s:get("a"), nil)
    do local t <close> = keyset.new() t:put("x", 2) end
  end },
}
