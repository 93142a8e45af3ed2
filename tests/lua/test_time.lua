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
  { "iso: a minute worked out once gives what each timestamp gives alone", function()
    check.eq(time.iso("2024-05-06T07:08:09.1230000+00:00"), 1714979289123)
    check.eq(time.iso("2024-05-06T07:08:59.9996+00:00"), 1714979340000)
    check.eq(time.iso("2024-05-06T07:08:60Z"), 1714979340000)
    check.eq(time.iso("2024-05-06T07:08:61Z"), nil)
    check.eq(time.iso("2024-05-06T07:08:09"), 1714979289000)
    check.eq(time.iso("2024-05-06T09:08:09", 2 * 3600), 1714979289000)   -- the same minute, another zone
    check.eq(time.iso("2024-05-06T07:08:09 +02:00"), nil)
    for i = 0, 1100 do                                                    -- past the cache's bound
      check.eq(time.iso(("2024-05-06T%02d:%02d:30Z"):format(i // 60 % 24, i % 60)),
        1714953600000 + (i // 60 % 24) * 3600000 + (i % 60) * 60000 + 30000)
    end
  end },
  { "iso rejects what it is not", function()
    check.eq(time.iso(nil), nil)
    check.eq(time.iso(""), nil)
    check.eq(time.iso("yesterday"), nil)
    check.eq(time.iso("2024-13-01T00:00:00Z"), nil)
    check.eq(time.iso("2024-05-06T07:08:09 garbage"), nil)
  end },
  { "iso: the minute cache gives what the whole parse gives", function()
    local base = time.iso("2024-05-06T07:08:00Z")
    for sec = 0, 60 do
      check.eq(time.iso(("2024-05-06T07:08:%02d.250Z"):format(sec)), base + sec * 1000 + 250)
      check.eq(time.iso(("2024-05-06T09:08:%02d+02:00"):format(sec)), base + sec * 1000)
      check.eq(time.iso(("2024-05-06T09:08:%02d"):format(sec), 2 * 3600), base + sec * 1000)
    end
    check.eq(time.iso("2024-05-06T07:08:09.0005Z"), base + 9001)
    check.eq(time.iso(" 2024-05-06T07:08:09Z "), base + 9000)      -- white space: the whole parse
    check.eq(time.iso("2024-05-06T07:08:09"), base + 9000)
    check.eq(time.iso("2024-05-06T07:08:09", 0), base + 9000)
    -- Not times, also once their minute is cached.
    check.eq(time.iso("2024-05-06T07:08:61Z"), nil)
    check.eq(time.iso("2024-05-06T07:08:09123Z"), nil)
    check.eq(time.iso("2024-05-06T07:08:09.Z"), nil)
    check.eq(time.iso("2024-05-06T07:08:09+2"), nil)
    check.eq(time.iso("2024-13-06T07:08:09Z"), nil)
    check.eq(time.iso("2024-13-06T07:08:10Z"), nil)
    -- More minutes than the cache holds: dropped and filled again, the same times.
    for m = 0, 2000 do
      local h, mi = m // 60, m % 60
      check.eq(time.iso(("2024-05-06T%02d:%02d:30.5Z"):format(h % 24, mi)),
        time.iso("2024-05-06T00:00:00Z") + ((h % 24) * 3600 + mi * 60 + 30) * 1000 + 500)
    end
    -- A zone function (tz=local) is asked about every time.
    local asked = 0
    local zone = function(y, mo, d, h, mi, sec) asked = asked + 1; return (h * 60 + mi) * 60 + sec end
    check.eq(time.iso("2024-05-06T01:02:03", zone), 3723000)
    check.eq(time.iso("2024-05-06T01:02:04", zone), 3724000)
    check.eq(asked, 2)
  end },
  { "rfc1123", function()
    check.eq(time.rfc1123("Sat, 28 Nov 2026 15:10:05 GMT"), time.iso("2026-11-28T15:10:05Z"))
    check.eq(time.rfc1123("Tue, 01 Dec 2026 10:00:00 +0200"), time.iso("2026-12-01T08:00:00Z"))
    check.eq(time.rfc1123("1 Dec 2026 10:00 UTC"), time.iso("2026-12-01T10:00:00Z"))
    check.eq(time.rfc1123("Tue, 01 Dec 2026 10:00:00", 3600), time.iso("2026-12-01T09:00:00Z"))
    check.eq(time.rfc1123("Tue, 01 Foo 2026 10:00:00 GMT"), nil)
    check.eq(time.rfc1123("Tue, 01 Dec 2026 10:00:00 XYZ"), nil)
    check.eq(time.rfc1123("2026-12-01T10:00:00Z"), nil)
  end },
  { "timestamp: either form, placeholders absent", function()
    check.eq(time.timestamp("2026-12-01T10:00:00Z"), time.iso("2026-12-01T10:00:00Z"))
    check.eq(time.timestamp("Tue, 01 Dec 2026 10:00:00 GMT"), time.iso("2026-12-01T10:00:00Z"))
    check.eq(time.timestamp("1970-01-01T00:00:00"), nil)
    check.eq(time.timestamp("1970-01-01T00:00:00.000", 2 * 3600), nil)
    check.eq(time.timestamp("0001-01-01T00:00:00"), nil)
    check.eq(time.timestamp("0001-01-01"), nil)
    check.eq(time.timestamp("Thu, 01 Jan 1970 00:00:00 GMT"), nil)
    check.eq(time.timestamp(""), nil)
    check.eq(time.timestamp(nil), nil)
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
  { "seconds out of range (1e999999 decodes to inf)", function()
    check.eq(time.seconds(math.huge), nil)
    check.eq(time.seconds(0 / 0), nil)
    check.eq(time.seconds(1e300), nil)
    check.eq(time.seconds("1e300"), nil)
    check.eq(time.seconds(("9"):rep(400)), nil)
    check.eq(time.seconds(-math.huge), 0)
    check.eq(math.type(time.seconds(1e9)), "integer")
  end },
}
