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
  { "local is this machine's offset now", function()
    local now = os.time()
    check.eq(zone.offset("local"), os.difftime(now, os.time(os.date("!*t", now))))
  end },
  { "anything else is no zone, and an error for the option", function()
    for _, tz in ipairs { "CET", "+2", "+02:60", "02:00", "Europe/Berlin" } do check.eq(zone.offset(tz), nil, tz) end
    check.raises("trx: option tz: expected UTC, local or +hh:mm, got 'CET'", zone.option, "CET", "trx")
    check.eq(zone.option("+01:00", "trx"), 3600)
  end },
}
