local cpp = require "allure.cpp"

return {
  { "location: file:line, the line left off when 0 or missing, nil for an unknown file", function()
    check.eq(cpp.location("a.cpp", "12"), "a.cpp:12")
    check.eq(cpp.location("a.cpp", "0"), "a.cpp")
    check.eq(cpp.location("a.cpp", nil), "a.cpp")
    check.eq(cpp.location("unknown location", "3"), nil)
    check.eq(cpp.location("unknown file"), nil)
    check.eq(cpp.location(" ", "3"), nil)
    check.eq(cpp.location(nil, "3"), nil)
  end },
  { "details: the trace names the place when known", function()
    check.eq(cpp.details("boom", "a.cpp:3"), { message = "boom", trace = "a.cpp:3: boom" })
    check.eq(cpp.details("boom", nil), { message = "boom" })
    check.eq(cpp.details(nil, nil), nil)
  end },
  { "failures: the most severe status, the first message, one trace line each", function()
    local f = cpp.failures()
    check.eq(f.status, nil)
    check.eq({ f:summary() }, { nil, "" })
    f:add("failed", "x == 1", "a.cpp:3")
    f:add("broken", "thrown", nil, "exception: thrown")
    f:add("skipped", "later", "b.cpp:9")
    check.eq(f.status, "broken")
    check.eq({ f:summary() }, { "x == 1", "a.cpp:3: x == 1\n\nexception: thrown\n\nb.cpp:9: later" })
    check.eq({ f:summary("\n", function(x) return x.status ~= "failed" end) },
      { "thrown", "exception: thrown\nb.cpp:9: later" })
  end },
}
