local jserror = require "allure.jserror"
local json = require "allure.json"

return {
  { "the class comes from the stack's first line", function()
    check.eq(jserror.name_of("AssertionError [ERR_ASSERTION]: Expected values"), "AssertionError")
    check.eq(jserror.name_of("TypeError: Cannot read properties of undefined"), "TypeError")
    check.eq(jserror.name_of("\27[31mError\27[39m: boom"), "Error")
    check.eq(jserror.name_of("Timeout of 20ms exceeded. (C:\\x.js)"), nil)
    check.eq(jserror.name_of(nil), nil)
  end },
  { "assertion libraries' errors are failed", function()
    check.eq(jserror.status { name = "AssertionError", message = "x" }, "failed")
    check.eq(jserror.status { stack = "AssertionError [ERR_ASSERTION]: always down\n    at x" }, "failed")
    check.eq(jserror.status { stack = "JestAssertionError: x" }, "failed")
    check.eq(jserror.status { name = "UnexpectedError", message = "expected 'a' to be 'b'" }, "failed")
    check.eq(jserror.status { matcher = true }, "failed")
  end },
  { "expect() messages are failed, with or without a custom message", function()
    check.eq(jserror.status { stack = "Error: expect(received).toBe(expected) // Object.is equality" }, "failed")
    check.eq(jserror.status { message = "total\n\nexpect(received).toBe(expected)" }, "failed")
    check.eq(jserror.status { message = "Timed out 5000ms waiting for expect(locator).toHaveTitle(expected)" }, "failed")
    check.eq(jserror.status { stack = "Error: expect.assertions(2)\n\nExpected two assertions" }, "failed")
    check.eq(jserror.status { stack = "Error: Failed: no pull request number\n    at stackFormatter" }, "failed")
  end },
  { "other errors are broken", function()
    check.eq(jserror.status { stack = "TypeError: Cannot read properties of undefined (reading 'divide')" }, "broken")
    check.eq(jserror.status { message = "Timeout of 20ms exceeded.", stack = "Error: Timeout of 20ms exceeded." }, "broken")
    check.eq(jserror.status { stack = "TestTimeoutError: Test timed out in 20ms." }, "broken")
    check.eq(jserror.status { message = "connection refused" }, "broken")
    check.eq(jserror.status {}, "broken")
  end },
  { "details: ANSI codes removed, message from the stack when missing", function()
    check.eq(jserror.details { message = "\27[31mboom\27[39m", stack = "Error: \27[31mboom\27[39m\n    at f" },
      { message = "boom", trace = "Error: boom\n    at f" })
    check.eq(jserror.details { stack = "  \nError: boom\n    at f" }, { message = "Error: boom", trace = "  \nError: boom\n    at f" })
    check.eq(jserror.details { message = "  ", stack = "" }, nil)
  end },
  { "actual and expected go together, as text", function()
    check.eq(jserror.details { message = "m", actual = "1", expected = "2" }, { message = "m", actual = "1", expected = "2" })
    check.eq(jserror.details { message = "m", actual = "1" }, { message = "m" })
    check.eq(jserror.details { message = "m", actual = 0.5, expected = 2 }, { message = "m", actual = "0.5", expected = "2" })
    check.eq(jserror.details { message = "m", actual = 0.1 + 0.2, expected = 0.3 },
      { message = "m", actual = "0.30000000000000004", expected = "0.3" })
    local null = require("cjson").null
    check.eq(jserror.details { message = "m", actual = { 1e21, 3.0, true, null }, expected = {} },
      { message = "m", actual = "[\n  1e+21,\n  3,\n  true,\n  null\n]", expected = "{}" })
    check.eq(jserror.details { message = "m", actual = null, expected = "x" }, { message = "m" })
    check.eq(jserror.details { message = "m", actual = { sum = 3, terms = { 1, 2 } }, expected = {} },
      { message = "m", actual = '{\n  "sum": 3,\n  "terms": [\n    1,\n    2\n  ]\n}', expected = "{}" })
  end },
  { "deep values: linear, compact past 32 levels", function()
    -- 900 levels took 6.4 s (each level re-copied its whole subtree) and 1.6 MB of
    -- indentation; now linear, and levels past 32 are shown on one line.
    local v = { "leaf" }
    for _ = 1, 899 do v = { v } end
    local t0 = os.clock()
    local text = jserror.details { message = "m", actual = v, expected = {} }.actual
    check.eq(os.clock() - t0 < 0.5, true, "900 levels in under 0.5 s")
    local lines, last = 0, nil
    for line in text:gmatch("[^\n]+") do lines, last = lines + 1, line end
    check.eq(lines, 2 * 32 + 1, "lines: 32 opening, the compact rest, 32 closing")
    local compact = text:match("\n(%s*%[%[[^\n]*)\n")
    check.eq(compact, ("  "):rep(32) .. ("["):rep(868) .. '"leaf"' .. ("]"):rep(868))
    check.eq(last, "]")
    local obj = { b = { 1, { c = true } } }
    for _ = 1, 32 do obj = { a = obj } end
    text = jserror.text_of(obj)
    check.eq(text:find('\n' .. ("  "):rep(32) .. '"a": {"b":[1,{"c":true}]}\n', 1, true) ~= nil, true, "compact object")
  end },
  { "pretty: any value, keys sorted, strings unchanged (no ANSI stripping)", function()
    check.eq(jserror.pretty { b = { 1, 2.5, "x" }, a = {} },
      '{\n  "a": {},\n  "b": [\n    1,\n    2.5,\n    "x"\n  ]\n}')
    check.eq(jserror.pretty "\27[31mred", '"\\u001b[31mred"')
  end },
  { "wide values: linear", function()
    local v = {}
    for i = 1, 200000 do v[i] = { k = i } end
    local t0 = os.clock()
    local text = jserror.text_of(v)
    check.eq(os.clock() - t0 < 2, true, "200k elements in under 2 s")
    local head = '[\n  {\n    "k": 1\n  },'
    check.eq(text:sub(1, #head), head)
    check.eq(text:sub(-23), '{\n    "k": 200000\n  }\n]')
  end },
  { "expected and received values printed by expect()", function()
    check.eq({ jserror.expected_received("expect(received).toBe(expected)\n\nExpected: 0.3\nReceived: 0.30000000000000004") },
      { "0.3", "0.30000000000000004" })
    check.eq({ jserror.expected_received("x\nExpected pattern: /Play/\nReceived string:  \"Fast\"") }, { "/Play/", "\"Fast\"" })
    check.eq({ jserror.expected_received("Expected value to equal:\n  2\nReceived:\n  1") }, {})
    check.eq({ jserror.expected_received(nil) }, {})
  end },
  { "value_text: decoded values as text, whole numbers without a fraction", function()
    check.eq(jserror.value_text(nil), nil)
    check.eq(jserror.value_text(json.null), nil)
    check.eq(jserror.value_text("a\27[31mb"), "a\27[31mb")          -- strings as they are
    check.eq(jserror.value_text(3.0), "3")
    check.eq(jserror.value_text(-0.0), "0")
    check.eq(jserror.value_text(1e15), "1000000000000000")
    check.eq(jserror.value_text(2.0 ^ 53), "9.007199254741e+15")
    check.eq(jserror.value_text(12345678901234567), "12345678901234567")   -- an integer (YAML): all digits
    check.eq(jserror.value_text(0.1), "0.1")
    check.eq(jserror.value_text(math.huge), "inf")
    check.eq(jserror.value_text(true), "true")
    check.eq(jserror.value_text({ b = 1, a = { 2 } }), jserror.pretty({ b = 1, a = { 2 } }))
  end },
}
