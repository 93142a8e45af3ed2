-- Integer fingerprints of strings, for remembering every test of a report without
-- keeping its identity string: `seen[fingerprint(key)] = value` costs one table slot
-- (24-48 bytes) instead of the key (its length plus 24 bytes) and its slot. A report of
-- 100k tests otherwise keeps tens of MB of identities alive to the end, and every
-- garbage-collector cycle walks them again. The fingerprint is the first 60 bits of the
-- key's md5: two keys of n share one with a chance of about n² / 2⁶¹ (10⁻⁷ at a
-- million keys).
local md5_ints = require("allure.writer").md5_ints

return function(key)
  return (md5_ints(key))
end
