-- MB/s of allure.base64 (native) on a large input, and of the Lua module it replaced
-- (commit f1e8db8's stdlib/allure/base64.lua) on the same bytes. Not a test: timings.
--   build/allure-lua --run tests/bench/base64.lua [MB=100] [old-base64.lua]
--   tests/bench/base64.sh [MB] does both (it takes the old module from git).
local base64 = require "allure.base64"
local mb = tonumber(arg and arg[1]) or 100
local old_path = arg and arg[2]

-- Pseudo-random bytes (the same on every run), 64 KiB repeated with a varying byte.
local block = {}
local x = 12345
for i = 1, 65536 do
  x = (x * 1103515245 + 12345) & 0x7fffffff
  block[i] = string.char((x >> 16) & 255)
end
block = table.concat(block)
local raw = block:rep(mb * 16)
local function time(f)
  local t0 = os.clock()
  local r = f()
  return os.clock() - t0, r
end
local function rate(bytes, s) return ("%8.1f MB/s"):format(bytes / 1e6 / s) end

local te, enc = time(function() return base64.encode(raw) end)
-- MIME-style: a CRLF every 76 characters (the decoder's byte-at-a-time path at each break).
local tw, mime = time(function() return (enc:gsub(("."):rep(76), "%0\r\n")) end)
local _ = tw
print(("input: %d MB decoded, %d MB encoded"):format(#raw // 1000000, #enc // 1000000))
print("native encode         " .. rate(#raw, te) .. (" (%.3f s)"):format(te))
local td, dec = time(function() return base64.decode(enc) end)
assert(dec == raw, "native decode differs")
print("native decode         " .. rate(#enc, td) .. (" (%.3f s, of encoded input)"):format(td))
dec = nil
local tm, decm = time(function() return base64.decode(mime) end)
assert(decm == raw, "native decode of the MIME form differs")
print("native decode, MIME   " .. rate(#mime, tm) .. (" (%.3f s)"):format(tm))
decm, mime = nil, nil
collectgarbage()
-- The same in 1 MB pieces: the result's memory is reused, no fresh pages to fault in (the
-- kernel zero-fills 4 KiB pages of a new 100 MB string: about half of the times above).
local piece, epiece = raw:sub(1, 1000000), enc:sub(1, 1333336)
local reps = #raw // #piece
local tp = time(function() for _ = 1, reps do base64.encode(piece) end end)
local tq = time(function() for _ = 1, reps do base64.decode(epiece) end end)
print("native encode, 1 MB   " .. rate(#piece * reps, tp))
print("native decode, 1 MB   " .. rate(#epiece * reps, tq))
if old_path then
  local f = assert(io.open(old_path))
  local old = assert(load(f:read("a"), "=old-base64"))()
  f:close()
  local to, odec = time(function() return old.decode(enc) end)
  assert(odec == raw, "Lua decode differs")
  print("Lua decode (before)   " .. rate(#enc, to) .. (" (%.3f s): native %.0fx faster"):format(to, to / td))
  odec = nil
  collectgarbage()
  -- The old encoder made a table per 3 bytes: 10 MB of input is enough to know its speed.
  local part = raw:sub(1, 10 * 1000 * 1000)
  local tq, oenc = time(function() return old.encode(part) end)
  assert(oenc == base64.encode(part), "Lua encode differs")
  print("Lua encode (before)   " .. rate(#part, tq) .. (" (%.3f s for 10 MB): native %.0fx faster"):format(tq,
    tq / (te * #part / #raw)))
end
