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

-- ISO 8601 / RFC 3339 date-time: "2024-05-06T07:08:09", with optional fraction
-- (any number of digits), "Z" or "+hh:mm"/"+hhmm"; a space may replace the "T".
-- A time without a zone (Surefire, Ant and pytest write the local clock of the
-- machine that ran the tests) is taken at `zone_offset` seconds east of UTC,
-- default 0: the same input gives the same result on every machine, and a
-- converter offers an option for the zone. Returns ms, or nil if s is not one.
function time.iso(s, zone_offset)
  if type(s) ~= "string" then return nil end
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
  local epoch = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset
  return epoch * 1000 + ms
end

-- A duration in seconds as reports write it ("1.234", "0", "1,234.5", "3e-3")
-- -> integer ms; nil when it is not a number, and never negative.
function time.seconds(s)
  if type(s) == "number" then return math.max(0, math.floor(s * 1000 + 0.5)) end
  if type(s) ~= "string" then return nil end
  local n = tonumber(s) or tonumber((s:gsub(",", "")))
  if not n or n ~= n or n == math.huge or n == -math.huge then return nil end
  return math.max(0, math.floor(n * 1000 + 0.5))
end

return time
