local params = require "allure.params"

local function split(name)
  local base, list = params.from_name(name)
  return { base, list }
end

return {
  { "pytest ids and JUnit 4 indices", function()
    check.eq(split "test_div[2-0]", { "test_div", { { name = "params", value = "2-0" } } })
    check.eq(split "sum[0]", { "sum", { { name = "params", value = "0" } } })
    check.eq(split "t[a[b]]", { "t", { { name = "params", value = "a[b]" } } })
  end },
  { "JUnit 5 invocation index keeps the signature", function()
    check.eq(split "add(int, int)[2]", { "add(int, int)", { { name = "index", value = "2" } } })
  end },
  { "PHPUnit data sets", function()
    check.eq(split "testAdd with data set #0", { "testAdd", { { name = "data set", value = "#0" } } })
    check.eq(split 'testAdd with data set "two"', { "testAdd", { { name = "data set", value = '"two"' } } })
  end },
  { "argument lists only when they hold values", function()
    check.eq(split "TestAdd(1,2)", { "TestAdd", { { name = "params", value = "1,2" } } })
    check.eq(split 'Greets("bob")', { "Greets", { { name = "params", value = '"bob"' } } })
    check.eq(split "run(int, String)", { "run(int, String)" })
  end },
  { "a doc test's (line N) is part of its name; no base ends in a space", function()
    check.eq(split "add (line 5)", { "add (line 5)" })
    check.eq(split "Cart::add (line 12)", { "Cart::add (line 12)" })
    check.eq(split "adds (1, 2)", { "adds", { { name = "params", value = "1, 2" } } })
    check.eq(split "test_div [2-0]", { "test_div", { { name = "params", value = "2-0" } } })
  end },
  { "numbered repetitions", function()
    check.eq(split "works #3", { "works", { { name = "#", value = "3" } } })
  end },
  { "plain names and names that are all parameter", function()
    check.eq(split "plain name", { "plain name" })
    check.eq(split "[1] only", { "[1] only" })
    check.eq(split "[x]", { "[x]" })
    check.eq(split(nil), {})
  end },
  { "googletest value- and type-parametrised names", function()
    check.eq({ params.googletest("Small/Parity", "IsEven/1", "3") }, { "Parity", "IsEven", {
      { name = "instantiation", value = "Small" }, { name = "param", value = "1" },
      { name = "value", value = "3", excluded = true } } })
    check.eq({ params.googletest("Typed/0", "DefaultIsZero", nil, "int") }, { "Typed", "DefaultIsZero", {
      { name = "param", value = "0" }, { name = "type", value = "int", excluded = true } } })
    check.eq({ params.googletest("Inst/Typed/1", "Works", nil, "double") }, { "Typed", "Works", {
      { name = "instantiation", value = "Inst" }, { name = "param", value = "1" },
      { name = "type", value = "double", excluded = true } } })
    check.eq({ params.googletest("Math", "Adds") }, { "Math", "Adds" })
  end },
  { "key: the full name and the parameters of the identity", function()
    check.eq(params.key("a.b", nil), "a.b")
    check.eq(params.key("a.b", { { name = "x", value = "1" }, { name = "v", value = "0x1f", excluded = true } }),
      "a.b\0x\0" .. "1")
  end },
}
