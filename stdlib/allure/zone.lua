-- The zone a user names for timestamps that carry none (`--opt tz=`): most
-- reports write the local clock of the machine that ran the tests (NUnit 2,
-- xUnit.net's run-date, TestNG's literal "Z", zone-less TRX times).
local zone = {}

-- The converting machine's zone as libc knows it (TZ, /etc/localtime): the epoch
-- seconds of a wall-clock time, with the offset in force on that date (summer
-- time included: mktime decides, isdst unknown). A time that falls in a
-- spring-forward gap is moved on as mktime moves it; one out of range gives nil.
function zone.localtime(y, mo, d, h, mi, sec)
  local ok, epoch = pcall(os.time, { year = y, month = mo, day = d, hour = h, min = mi, sec = sec })
  return ok and epoch or nil
end

-- "UTC" (or "Z", "", nil) -> 0; "+02:00", "-0530" -> that offset, in seconds east
-- of UTC; "local" -> zone.localtime, which time.iso and time.rfc1123 call for each
-- timestamp's own date (an offset of today would be an hour off for half the year).
-- nil for anything else.
function zone.offset(tz)
  if tz == nil or tz == "" or tz:upper() == "UTC" or tz == "Z" then return 0 end
  if tz == "local" then return zone.localtime end
  local sign, h, m = tz:match("^([+-])(%d%d):?(%d%d)$")
  if not sign or tonumber(m) > 59 then return nil end
  local offset = (tonumber(h) * 60 + tonumber(m)) * 60
  return sign == "-" and -offset or offset
end

-- The offset of a script's tz option; a value that is none is a usage error
-- raised in the script's name.
function zone.option(tz, script)
  local offset = zone.offset(tz)
  if not offset then
    error(("%s: option tz: expected UTC, local or +hh:mm, got '%s'"):format(script, tostring(tz)), 0)
  end
  return offset
end

return zone
