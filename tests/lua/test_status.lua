local status = require "allure.status"

return {
  { "worst picks the most severe", function()
    check.eq(status.worst("passed", "failed"), "failed")
    check.eq(status.worst("broken", "failed"), "broken")
    check.eq(status.worst("skipped", "passed"), "skipped")
    check.eq(status.worst(nil, "passed"), "passed")
    check.eq(status.worst("unknown", nil), "unknown")
  end },
  { "with_flags: the flags of properties and tags copied into the details", function()
    check.eq(status.with_flags(nil, nil), nil)
    check.eq(status.with_flags({ message = "m" }, nil), { message = "m" })
    check.eq(status.with_flags(nil, { flaky = true }), { flaky = true })
    local details = { message = "m" }
    check.eq(status.with_flags(details, { muted = true, known = true }), { message = "m", muted = true, known = true })
    check.eq(details.muted, true)                      -- the same table, filled
  end },
  { "details takes the message from the trace when missing", function()
    check.eq(status.details(nil, "\n  AssertionError: boom\n\tat x\n"),
      { message = "AssertionError: boom", trace = "\n  AssertionError: boom\n\tat x\n" })
    check.eq(status.details("", "  "), nil)
    check.eq(status.details("m", nil), { message = "m" })
  end },
  { "subtests_failed names the first five and counts the rest", function()
    check.eq(status.subtests_failed({ "a" }), "subtests failed: a")
    check.eq(status.subtests_failed({ "a", "b", "c", "d", "e" }), "subtests failed: a, b, c, d, e")
    check.eq(status.subtests_failed({ "a", "b", "c", "d", "e", "f", "g" }), "subtests failed: a, b, c, d, e and 2 more")
  end },
}
