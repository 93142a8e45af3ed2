local fingerprint = require "allure.fingerprint"
local md5 = require("allure.writer").md5

return {
  { "the first 60 bits of the md5, as an integer", function()
    check.eq(math.type(fingerprint("a")), "integer")
    check.eq(fingerprint("a"), tonumber(md5("a"):sub(1, 15), 16))
    check.eq(fingerprint(""), 0xd41d8cd98f00b20)
    check.eq(fingerprint("a\0b"), fingerprint("a\0b"))
  end },
  { "distinct keys, distinct fingerprints", function()
    local seen, n = {}, 0
    for i = 1, 20000 do
      local f = fingerprint("features/x.feature#scenario " .. i)
      check.eq(f >= 0, true)
      if not seen[f] then n = n + 1 end
      seen[f] = true
    end
    check.eq(n, 20000)
  end },
}
