local zone = require "allure.zone"

return {
  { "UTC and its spellings", function()
    for _, tz in ipairs { "UTC", "utc", "Z", "" } do check.eq(zone.offset(tz), 0, tz) end
    check.eq(zone.offset(nil), 0)
  end },
  { "fixed offsets east and west", function()
    check.eq(zone.offset("+02:00"), 7200)
    check.eq(zone.offset("-0530"), -(5 * 3600 + 30 * 60))
    check.eq(zone.offset("+00:00"), 0)
  end },
  { "local is libc's zone, applied to each timestamp's own date", function()
    check.eq(zone.offset("local"), zone.localtime)
    local time = require "allure.time"
    -- The instant given shows, in local time, the wall clock that was read.
    for _, stamp in ipairs { "2026-01-15T12:00:00", "2026-07-15T12:00:00" } do
      local ms = time.iso(stamp, zone.localtime)
      local t = os.date("*t", ms // 1000)
      check.eq(("%04d-%02d-%02dT%02d:%02d:%02d"):format(t.year, t.month, t.day, t.hour, t.min, t.sec), stamp)
    end
    -- tests/CMakeLists.txt runs this file with TZ=Europe/Berlin: winter +1, summer +2.
    if os.getenv("TZ") == "Europe/Berlin" and os.date("*t", 1784116800).isdst then
      check.eq(time.iso("2026-01-15T12:00:00", zone.localtime), time.iso("2026-01-15T12:00:00+01:00"))
      check.eq(time.iso("2026-07-15T12:00:00", zone.localtime), time.iso("2026-07-15T12:00:00+02:00"))
      check.eq(time.rfc1123("Wed, 15 Jul 2026 12:00:00", zone.localtime), time.iso("2026-07-15T10:00:00Z"))
      -- A zone written in the timestamp wins over tz.
      check.eq(time.iso("2026-07-15T12:00:00Z", zone.localtime), time.iso("2026-07-15T12:00:00+00:00"))
    end
  end },
  { "anything else is no zone, and an error for the option", function()
    for _, tz in ipairs { "CET", "+2", "+02:60", "02:00", "Europe/Berlin" } do check.eq(zone.offset(tz), nil, tz) end
    check.raises("trx: option tz: expected UTC, local or +hh:mm, got 'CET'", zone.option, "CET", "trx")
    check.eq(zone.option("+01:00", "trx"), 3600)
  end },
}
