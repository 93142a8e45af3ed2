-- Time values of test reports -> integer milliseconds since the Unix epoch.
local time = {}

-- Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil),
-- so a UTC timestamp never goes through the local time zone.
local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local doy = (153 * (m + (m > 2 and -3 or 9)) + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

-- Epoch seconds of a wall-clock time in a zone: a fixed offset (seconds east of
-- UTC), or a function of the fields (allure.zone's localtime, `--opt tz=local`).
local function wall_clock(offset, y, mo, d, h, mi, sec)
  if type(offset) == "function" then return offset(y, mo, d, h, mi, sec) end
  return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset
end

-- time.iso without the minute cache.
local function iso(s, zone_offset)
  local y, mo, d, h, mi, sec, rest = s:match("^%s*(%d%d%d%d)%-(%d%d)%-(%d%d)[T ](%d%d):(%d%d):(%d%d)(.-)%s*$")
  if not y then
    y, mo, d, rest = s:match("^%s*(%d%d%d%d)%-(%d%d)%-(%d%d)(.-)%s*$")
    if not y or rest ~= "" then return nil end
    h, mi, sec = 0, 0, 0
  end
  y, mo, d, h, mi, sec = tonumber(y), tonumber(mo), tonumber(d), tonumber(h), tonumber(mi), tonumber(sec)
  if mo < 1 or mo > 12 or d < 1 or d > 31 or h > 24 or mi > 59 or sec > 60 then return nil end
  local ms = 0
  local frac, zone = rest:match("^[%.,](%d+)(.*)$")
  if frac then
    ms = math.floor(tonumber("0." .. frac) * 1000 + 0.5)
    rest = zone
  end
  local offset = zone_offset or 0
  if rest == "Z" or rest == "z" then
    offset = 0
  elseif rest ~= "" then
    local sign, oh, om = rest:match("^([+-])(%d%d):?(%d%d)$")
    if not sign then
      sign, oh = rest:match("^([+-])(%d%d)$")
      om = "0"
    end
    if not sign then return nil end
    offset = (tonumber(oh) * 60 + tonumber(om)) * 60
    if sign == "-" then offset = -offset end
  end
  local epoch = wall_clock(offset, y, mo, d, h, mi, sec)
  return epoch and epoch * 1000 + ms
end

-- The ms of each minute ("2024-05-06T07:08" with its zone, by zone offset) worked out
-- once: a report writes thousands of timestamps within a few minutes, and the
-- seconds and the fraction are added to it as iso adds them. Cleared past 1024.
local minutes, n_minutes = {}, 0

-- ISO 8601 / RFC 3339 date-time: "2024-05-06T07:08:09", with optional fraction
-- (any number of digits), "Z" or "+hh:mm"/"+hhmm"; a space may replace the "T".
-- A time without a zone (Surefire, Ant and pytest write the local clock of the
-- machine that ran the tests) is taken at `zone_offset` seconds east of UTC,
-- default 0: the same input gives the same result on every machine, and a
-- converter offers an option for the zone. Returns ms, or nil if s is not one.
local function cached_iso(s, zone_offset)
  if type(s) ~= "string" then return nil end
  local head, sec, dot, frac, rest = s:match("^(%d%d%d%d%-%d%d%-%d%d[T ]%d%d:%d%d):(%d%d)([%.,]?)(%d*)(.*)$")
  -- A date alone, white space before, a fraction without its separator or the other way
  -- round or followed by another, or a local time (--opt tz=local: mktime decides each one): not cached.
  if not head or (dot == "") ~= (frac == "") or rest:find("^[%.,]")
      or (rest == "" and type(zone_offset) == "function") then
    return iso(s, zone_offset)
  end
  local ms = frac ~= "" and math.floor(tonumber("0." .. frac) * 1000 + 0.5) or 0
  local zone_minutes = minutes[zone_offset or 0]
  if not zone_minutes or n_minutes >= 1024 then
    if n_minutes >= 1024 then minutes, n_minutes = {}, 0 end
    zone_minutes = {}
    minutes[zone_offset or 0] = zone_minutes
  end
  local key = head .. rest
  local base = zone_minutes[key]
  if base == nil then
    base = iso(head .. ":00" .. rest, zone_offset) or false
    zone_minutes[key], n_minutes = base, n_minutes + 1
  end
  sec = tonumber(sec)
  if not base or sec > 60 then return nil end
  return base + sec * 1000 + ms
end

-- The Lua parse above (minute cache and all), what time.iso gives for a zone function.
-- For tests that compare it with the native parse.
time.lua_iso = cached_iso

-- time.iso itself: allure.isotime's parse in C (the same results, about a tenth of the
-- time), the Lua one for a zone that is not an integer (a function: --opt tz=local).
time.iso = require("allure.isotime").parser(cached_iso)

local MONTHS = { jan = 1, feb = 2, mar = 3, apr = 4, may = 5, jun = 6, jul = 7, aug = 8, sep = 9, oct = 10,
                 nov = 11, dec = 12 }
-- Zone names RFC 1123 / RFC 822 dates carry (the US ones are obsolete but still written).
local ZONES = { gmt = 0, ut = 0, utc = 0, z = 0, est = -5, edt = -4, cst = -6, cdt = -5, mst = -7, mdt = -6,
                pst = -8, pdt = -7 }

-- RFC 1123 / RFC 2822 date-time, as JavaScript's toUTCString() and HTTP write it:
-- "Tue, 01 Dec 2026 10:00:00 GMT" (weekday optional, "+0100" or a zone name, seconds
-- optional). Without a zone: `zone_offset` as in time.iso. Returns ms, or nil.
function time.rfc1123(s, zone_offset)
  if type(s) ~= "string" then return nil end
  local d, mon, y, h, mi, rest = s:match("^%s*%a*,?%s*(%d%d?)[%s%-]+(%a%a%a)%a*[%s%-]+(%d%d%d%d)%s+(%d%d?):(%d%d)(.-)%s*$")
  if not d then return nil end
  local mo = MONTHS[mon:lower()]
  if not mo then return nil end
  local sec, zone = rest:match("^:(%d%d)(.*)$")
  if not sec then sec, zone = 0, rest end
  zone = zone:match("^%s*(.-)$")
  local offset = zone_offset or 0
  if zone ~= "" then
    local sign, oh, om = zone:match("^([+-])(%d%d):?(%d%d)$")
    if sign then
      offset = (tonumber(oh) * 60 + tonumber(om)) * 60 * (sign == "-" and -1 or 1)
    elseif ZONES[zone:lower()] then
      offset = ZONES[zone:lower()] * 3600
    else
      return nil
    end
  end
  y, d, h, mi, sec = tonumber(y), tonumber(d), tonumber(h), tonumber(mi), tonumber(sec)
  if d < 1 or d > 31 or h > 24 or mi > 59 or sec > 60 then return nil end
  local epoch = wall_clock(offset, y, mo, d, h, mi, sec)
  return epoch and epoch * 1000
end

-- Writers that have no start time put a placeholder where it goes: the epoch
-- (jest-junit for a suite that failed to run, googletest for a disabled test), .NET's
-- DateTime.MinValue ("0001-01-01T00:00:00"). Anything before 1970-01-02 is one of them.
local PLACEHOLDER_BEFORE = 86400 * 1000

-- A report's timestamp in either form above, nil when absent, unreadable or a
-- placeholder: what a converter uses for "when did it start".
function time.timestamp(s, zone_offset)
  local ms = time.iso(s, zone_offset) or time.rfc1123(s, zone_offset)
  if ms and ms >= PLACEHOLDER_BEFORE then return ms end
  return nil
end

-- A duration in seconds as reports write it ("1.234", "0", "1,234.5", "3e-3")
-- -> integer ms; nil when it is not a number, and never negative.
function time.seconds(s)
  local n = s
  if type(s) == "string" then
    n = tonumber(s) or tonumber((s:gsub(",", "")))
  elseif type(s) ~= "number" then
    return nil
  end
  -- Not a number, infinite (1e999 decodes so), or past 2^53 ms (285 000 years): no
  -- duration anyone measured, and no integer a time can be computed with.
  if not n or n ~= n or n * 1000 >= 2 ^ 53 then return nil end
  return math.max(0, math.floor(n * 1000 + 0.5))
end

return time
