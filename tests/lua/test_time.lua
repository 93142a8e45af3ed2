local time = require "allure.time"

return {
  { "iso with Z", function()
    check.eq(time.iso("2024-05-06T07:08:09Z"), 1714979289000)
    check.eq(time.iso("1970-01-01T00:00:00Z"), 0)
  end },
  { "iso with offset and fraction", function()
    check.eq(time.iso("2024-05-06T09:08:09.5+02:00"), 1714979289500)
    check.eq(time.iso("2024-05-06T02:08:09.123456-0500"), 1714979289123)
    check.eq(time.iso("2024-05-06 07:08:09,25Z"), 1714979289250)
  end },
  { "iso before 1970 and leap day", function()
    check.eq(time.iso("1969-12-31T23:59:59Z"), -1000)
    check.eq(time.iso("2024-02-29T00:00:00Z"), 1709164800000)
  end },
  { "iso without zone is UTC unless told the zone", function()
    check.eq(time.iso("2024-05-06T07:08:09"), 1714979289000)
    check.eq(time.iso("2024-05-06T09:08:09", 2 * 3600), 1714979289000)
    check.eq(time.iso("2024-05-06T09:08:09Z", 2 * 3600), 1714986489000)
    check.eq(time.iso("2024-05-06"), 1714953600000)
  end },
  { "iso rejects what it is not", function()
    check.eq(time.iso(nil), nil)
    check.eq(time.iso(""), nil)
    check.eq(time.iso("yesterday"), nil)
    check.eq(time.iso("2024-13-01T00:00:00Z"), nil)
    check.eq(time.iso("2024-05-06T07:08:09 garbage"), nil)
  end },
  { "seconds", function()
    check.eq(time.seconds("1.234"), 1234)
    check.eq(time.seconds("0"), 0)
    check.eq(time.seconds("1,234.5"), 1234500)
    check.eq(time.seconds("3e-3"), 3)
    check.eq(time.seconds(0.0005), 1)
    check.eq(time.seconds("-2"), 0)
    check.eq(time.seconds("abc"), nil)
    check.eq(time.seconds("nan"), nil)
    check.eq(time.seconds(nil), nil)
  end },
}
