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
  { "a big scope answers alike", function()
    local t = attempts.new()
    for i = 1, 5000 do check.eq({ t:add("k" .. i, i % 2 == 0 and "failed" or "passed") }, { "first", 1 }) end
    check.eq({ t:add("k2", "passed") }, { "retry", 1, "failed" })
    check.eq({ t:add("k1", "passed") }, { "variant", 2 })
    check.eq({ t:add("k1", "failed") }, { "variant", 3 })
    check.eq({ t:add("k1", "passed") }, { "retry", 3, "failed" })
    check.eq({ t:add("k5001", "passed") }, { "first", 1 })
  end },
  { "the occurrence parameter of a repeat above the first, when parameters are given", function()
    local t, p = attempts.new(), {}
    check.eq({ t:add("a", "passed", false, p) }, { "first", 1 })
    check.eq(p, {})
    check.eq({ t:add("a", "failed", false, p) }, { "variant", 2 })
    check.eq(p, { { name = "occurrence", value = "2" } })
    local retry = {}
    check.eq({ t:add("a", "passed", false, retry) }, { "retry", 2, "failed" })
    check.eq(retry, { { name = "occurrence", value = "2" } })
    local first_retry = {}
    t:add("b", "failed")
    check.eq({ t:add("b", "passed", false, first_retry) }, { "retry", 1, "failed" })
    check.eq(first_retry, {})
  end },
  { "statuses come back as given", function()
    local t = attempts.new()
    for _, s in ipairs { "broken", "failed" } do
      t:add(s, s)
      check.eq({ t:add(s, "passed") }, { "retry", 1, s })
    end
    t:add("u", "weird")
    check.eq({ t:add("u", "passed") }, { "variant", 2 })
  end },
}
