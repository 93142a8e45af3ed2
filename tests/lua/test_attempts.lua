local attempts = require "allure.attempts"

return {
  { "a repeat after a failure is a retry of the same occurrence", function()
    local t = attempts.new()
    check.eq({ t:add("a", "failed") }, { "first", 1 })
    check.eq({ t:add("a", "passed") }, { "retry", 1, "failed" })
  end },
  { "a repeat after a pass or skip is a new variant", function()
    local t = attempts.new()
    t:add("a", "passed")
    check.eq({ t:add("a", "passed") }, { "variant", 2 })
    check.eq({ t:add("a", "broken") }, { "variant", 3 })
    check.eq({ t:add("a", "passed") }, { "retry", 3, "broken" })
    t:add("b", "skipped")
    check.eq({ t:add("b", "failed") }, { "variant", 2 })
  end },
}
