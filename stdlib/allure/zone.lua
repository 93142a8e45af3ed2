-- The zone a user names for timestamps that carry none (`--opt tz=`): most
-- reports write the local clock of the machine that ran the tests (NUnit 2,
-- xUnit.net's run-date, TestNG's literal "Z", zone-less TRX times).
local zone = {}

-- "UTC" (or "Z", "", nil) -> 0; "local" -> this machine's offset now;
-- "+02:00", "-0530" -> that offset. Seconds east of UTC, nil for anything else.
function zone.offset(tz)
  if tz == nil or tz == "" or tz:upper() == "UTC" or tz == "Z" then return 0 end
  if tz == "local" then
    local now = os.time()
    return os.difftime(now, os.time(os.date("!*t", now)))
  end
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
