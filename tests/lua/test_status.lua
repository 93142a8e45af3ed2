local status = require "allure.status"

return {
  { "worst picks the most severe", function()
    check.eq(status.worst("passed", "failed"), "failed")
    check.eq(status.worst("broken", "failed"), "broken")
    check.eq(status.worst("skipped", "passed"), "skipped")
    check.eq(status.worst(nil, "passed"), "passed")
    check.eq(status.worst("unknown", nil), "unknown")
  end },
  { "details takes the message from the trace when missing", function()
    check.eq(status.details(nil, "\n  AssertionError: boom\n\tat x\n"),
      { message = "AssertionError: boom", trace = "\n  AssertionError: boom\n\tat x\n" })
    check.eq(status.details("", "  "), nil)
    check.eq(status.details("m", nil), { message = "m" })
  end },
}
