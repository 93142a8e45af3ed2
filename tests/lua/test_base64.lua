local base64 = require "allure.base64"

return {
  { "decodes with and without padding", function()
    check.eq(base64.decode("dG90YWw6IDM="), "total: 3")
    check.eq(base64.decode("dG90YWw6IDM"), "total: 3")
    check.eq(base64.decode("YQ=="), "a")
    check.eq(base64.decode("YWI="), "ab")
    check.eq(base64.decode(""), "")
  end },
  { "binary data and long inputs round-trip", function()
    local bytes = {}
    for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
    local all = table.concat(bytes):rep(40)                  -- 10240 bytes: several chunks
    check.eq(base64.decode(base64.encode(all)), all)
    check.eq(base64.encode("\0\255"), "AP8=")
  end },
  { "line breaks are skipped; the URL-safe alphabet is read", function()
    check.eq(base64.decode("dG90\r\nYWw6\nIDM="), "total: 3")
    check.eq(base64.decode("_-8"), base64.decode("/+8"))
  end },
  { "bad input is reported, not decoded", function()
    local value, err = base64.decode("ab$c")
    check.eq(value, nil)
    check.eq(err, "base64: invalid character at offset 2")
    check.eq(select(2, base64.decode("a")), "base64: truncated data at offset 1")
    check.eq(select(2, base64.decode("YQ==YQ")), "base64: padding inside the data at offset 4")
    check.eq(select(2, base64.decode(42)), "base64: expected a string")
  end },
  { "a decoder takes the data in pieces, its offsets counted over all of them", function()
    local all = ("\0\1\2\255 binary"):rep(1000)
    local enc = base64.encode(all)
    local d, parts = base64.decoder(), {}
    for i = 1, #enc, 77 do parts[#parts + 1] = d:update(enc:sub(i, i + 76) .. "\n") end
    parts[#parts + 1] = d:finish()
    check.eq(table.concat(parts), all)
    local e = base64.decoder()
    check.eq(e:update("Zm9v"), "foo")
    check.eq(e:update("Zg"), "")
    check.eq(e:finish(), "f")
    local f = base64.decoder()
    f:update("Zm9v")
    check.eq(select(2, f:update("Z!")), "base64: invalid character at offset 5")
  end },
}
