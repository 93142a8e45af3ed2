-- time.iso (allure.isotime's C parse) against the Lua parse it replaced (time.lua_iso, kept
-- for zone functions) on generated strings: well-formed timestamps of every shape, and the
-- same mutated (a byte changed, dropped or added, digits out of range, white space, long
-- fractions), in several zones. Equal values, integer both, nil for the same strings.
local time = require "allure.time"
local isotime = require "allure.isotime"

local random = math.random

local function digits(n)
  local t = {}
  for i = 1, n do t[i] = string.char(48 + random(0, 9)) end
  return table.concat(t)
end

local function two(lo, hi) return ("%02d"):format(random(lo, hi)) end

local ZONES = { "", "Z", "z", "+00:00", "-05:00", "+0530", "+02", "-0000", "+99:99", "+2", "+02:0",
                " Z", "ZZ", "UTC", "+02:000", "-" }
local SPACES = { "", "", "", " ", "\t", "\n", "\r\n", "\v", "\f" }
local BYTES = "0123456789-:.,TZz+ \t\nx\0\160"

local function well_formed()
  local date = digits(4) .. "-" .. two(0, 13) .. "-" .. two(0, 32)
  if random(8) == 1 then return date end
  local s = date .. (random(4) == 1 and " " or "T") .. two(0, 25) .. ":" .. two(0, 60) .. ":" .. two(0, 62)
  local r = random(10)
  if r <= 3 then
    s = s .. "." .. digits(7)
  elseif r == 4 then
    s = s .. (random(2) == 1 and "." or ",") .. digits(random(1, 30))
  elseif r == 5 then
    s = s .. "." .. ("9"):rep(random(3, 20))
  end
  return s .. ZONES[random(#ZONES)]
end

local function mutated(s)
  for _ = 1, random(1, 3) do
    local i, c = random(1, #s + 1), random(#BYTES)
    local op = random(3)
    if op == 1 then
      s = s:sub(1, i - 1) .. BYTES:sub(c, c) .. s:sub(i + 1)
    elseif op == 2 then
      s = s:sub(1, i - 1) .. s:sub(i + 1)
    else
      s = s:sub(1, i - 1) .. BYTES:sub(c, c) .. s:sub(i)
    end
  end
  return s
end

local function generated()
  local s = well_formed()
  if random(3) == 1 then s = mutated(s) end
  return SPACES[random(#SPACES)] .. s .. SPACES[random(#SPACES)]
end

local function same(s, zone, what)
  local want, got = time.lua_iso(s, zone), time.iso(s, zone)
  if want ~= got or math.type(want) ~= math.type(got) then
    error(("%s: %q in zone %s: Lua %s (%s), native %s (%s)"):format(what, s, tostring(zone), tostring(want),
      math.type(want) or type(want), tostring(got), math.type(got) or type(got)), 2)
  end
  return want
end

return {
  { "the native parse gives what the Lua parse gives, on 120k generated strings", function()
    math.randomseed(18)
    local zones = { nil, false, 0, 3600, -19800, 13 * 3600, math.maxinteger // 1000 }
    local parsed = 0
    for i = 1, 120000 do
      local s = generated()
      local zone = zones[i % 7 + 1]
      if same(s, zone, "string " .. i) then parsed = parsed + 1 end
    end
    -- Both kinds are many: a parse broken to refuse everything, or to accept the mutants, fails.
    check.eq(parsed > 30000 and parsed < 90000, true, "parsed " .. parsed)
  end },
  { "the same minute again (the Lua parse's cache) and the strings around it", function()
    math.randomseed(1818)
    for _ = 1, 20000 do
      local head = "2024-05-06T07:" .. two(0, 2) .. ":"
      local s = head .. two(0, 61) .. (random(2) == 1 and ("." .. digits(random(1, 9))) or "")
          .. ZONES[random(5)]
      same(s, random(2) == 1 and 7200 or nil, "minute")
    end
  end },
  { "a zone the C parse does not take goes to the Lua parse", function()
    local calls = 0
    local function zone(y, mo, d, h, mi, sec)
      calls = calls + 1
      return os.time { year = y, month = mo, day = d, hour = h, min = mi, sec = sec, isdst = false } - 3600
    end
    check.eq(time.iso("2024-05-06T07:08:09", zone), time.lua_iso("2024-05-06T07:08:09", zone))
    check.eq(calls > 0, true)
    check.eq(time.iso("2024-05-06T07:08:09.5", 1.5), time.lua_iso("2024-05-06T07:08:09.5", 1.5))
    check.eq(math.type(time.iso("2024-05-06T07:08:09", 1.0)), "float")
    check.eq(time.iso(42), nil)
    check.eq(time.iso(nil, 3600), nil)
  end },
  { "isotime.parse: offsets wrap as Lua integers do, only integer zones", function()
    check.eq(isotime.parse("1970-01-01T00:00:01", math.mininteger), time.lua_iso("1970-01-01T00:00:01", math.mininteger))
    check.eq(isotime.parse("1970-01-01T00:00:01.5", -1), 2500)
    check.eq(isotime.parse("1970-01-01T00:00:01Z", 99), 1000)
    check.eq(isotime.parse("x"), nil)
    check.raises("integer offset", isotime.parse, "1970-01-01", 1.5)
  end },
}
