local dotnet = require "allure.dotnet"

local function identity(name)
  local base, parameters = dotnet.identity(name)
  return { base, parameters }
end

return {
  { "xUnit display names: named arguments, quoted strings with commas and dots", function()
    check.eq(identity 'Ns.CalcTests.Add(a: 1, b: "x, y. z")',
      { "Ns.CalcTests.Add", { { name = "a", value = "1" }, { name = "b", value = '"x, y. z"' } } })
    check.eq(identity "Should be even number(i: 3)", { "Should be even number", { { name = "i", value = "3" } } })
    check.eq(identity "Ns.C.M(exampleTags: System.String[])",
      { "Ns.C.M", { { name = "exampleTags", value = "System.String[]" } } })
  end },
  { "NUnit full names: positional arguments of the method and of a parametrised fixture", function()
    check.eq(identity 'Ns.Fixture(1,"a").Test(True,"chrome","/#/x")',
      { "Ns.Fixture.Test", {
        { name = "Fixture.arg0", value = "1" }, { name = "Fixture.arg1", value = '"a"' },
        { name = "arg0", value = "True" }, { name = "arg1", value = '"chrome"' }, { name = "arg2", value = '"/#/x"' },
      } })
    check.eq(identity "Ns.C.TestTheory(False)", { "Ns.C.TestTheory", { { name = "arg0", value = "False" } } })
    check.eq(identity "Ns.C.Empty()", { "Ns.C.Empty", {} })
  end },
  { "generic instantiations are parameters, nested generics stay whole", function()
    check.eq(identity 'C.ShouldBeString<System.String>("A")',
      { "C.ShouldBeString", { { name = "type arguments", value = "System.String" }, { name = "arg0", value = '"A"' } } })
    check.eq(identity "Ns.Box<Dictionary<string, List<int>>>.Holds(1)",
      { "Ns.Box.Holds", { { name = "Box.type arguments", value = "Dictionary<string, List<int>>" },
                          { name = "arg0", value = "1" } } })
  end },
  { "names that only look like calls stay names", function()
    check.eq(identity "Adds (twice) fast", { "Adds (twice) fast", {} })
    check.eq(identity "Ns.C.Method", { "Ns.C.Method", {} })
    check.eq(identity "a < b", { "a < b", {} })
    check.eq(identity "(1, 2)", { "(1, 2)", {} })
    check.eq(identity "Unclosed(1", { "Unclosed(1", {} })
    check.eq(identity "don't stop(x: 'q')", { "don't stop", { { name = "x", value = "'q'" } } })
  end },
  { "class names lose their assembly qualification", function()
    check.eq(dotnet.class_name("Prueba.SIARTest, Prueba, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"),
      "Prueba.SIARTest")
    check.eq(dotnet.class_name("Ns.Generic`1[[System.Int32, mscorlib]], Asm"), "Ns.Generic`1[[System.Int32, mscorlib]]")
    check.eq(dotnet.class_name(""), nil)
  end },
  { "suite path: assembly file, namespace, class", function()
    check.eq(dotnet.suite_path("C:\\work\\bin\\Tests.dll", "Ns.Sub.Class+Nested"), { "Tests.dll", "Ns.Sub", "Class+Nested" })
    check.eq(dotnet.suite_path("/src/bin/Tests.dll", "Class"), { "Tests.dll", "Class" })
    check.eq(dotnet.suite_path(nil, "Ns.Class"), { "Ns", "Class" })
    check.eq(dotnet.suite_path(nil, nil), {})
  end },
  { "TimeSpan durations", function()
    check.eq(dotnet.timespan("00:00:00.1084258"), 108)
    check.eq(dotnet.timespan("00:01:02"), 62000)
    check.eq(dotnet.timespan("1.02:00:00.5"), (26 * 3600) * 1000 + 500)
    check.eq(dotnet.timespan("soon"), nil)
    -- Past 2^53 ms: unknown (it was a float that stopped the script).
    check.eq(dotnet.timespan("99999999999999999999.00:00:00.001"), nil)
    check.eq(dotnet.timespan("00:99999999999999999999:00"), nil)
  end },
  { "messages lose blank lead lines, trailing space and shared indentation", function()
    check.eq(dotnet.message("  Expected: True\n  But was:  False\n"), "Expected: True\nBut was:  False")
    check.eq(dotnet.message("\n          System.Exception : fake\n        "), "System.Exception : fake")
    check.eq(dotnet.message("Test did not pass.\n   1. See files"), "Test did not pass.\n   1. See files")
    check.eq(dotnet.message("\tTabbed\n\t\tmore"), "Tabbed\n\tmore")
    check.eq(dotnet.message("  \n \n"), nil)
    check.eq(dotnet.message(nil), nil)
  end },
  { "SpecFlow properties: feature title and example columns", function()
    local result = {}
    check.eq(dotnet.specflow(result, "FeatureTitle", "Addition"), true)
    check.eq(dotnet.specflow(result, "Parameter:First Number", "50"), true)
    check.eq(dotnet.specflow(result, "VariantName", "50"), false)
    check.eq(result, { labels = { { name = "feature", value = "Addition" } },
                       parameters = { { name = "First Number", value = "50" } } })
  end },
  { "paths: backslashes turn, Windows drives and shares are refused", function()
    check.eq(dotnet.path("HOST\\shot.png"), "HOST/shot.png")
    check.eq(dotnet.path(" ./logs/a.txt "), "./logs/a.txt")
    check.eq(dotnet.path("/abs/a.txt"), "/abs/a.txt")
    local none, err = dotnet.path("C:\\Users\\me\\a.png")
    check.eq(none, nil)
    check.eq(err, "C:\\Users\\me\\a.png: a Windows path of the machine that ran the tests: not attached")
    check.eq((dotnet.path("\\\\share\\a.png")), nil)
    check.eq((dotnet.path("")), nil)
  end },
  { "target frameworks in build paths", function()
    check.eq(dotnet.target_framework("/src/T/bin/Debug/net8.0/T.dll"), "net8.0")
    check.eq(dotnet.target_framework("C:\\src\\T\\bin\\Release\\net48\\T.dll"), "net48")
    check.eq(dotnet.target_framework("/x/netcoreapp3.1/T.dll"), "netcoreapp3.1")
    check.eq(dotnet.target_framework("/x/bin/T.dll"), nil)
  end },
  { "a test from a second assembly is a variant named by its framework", function()
    local seen = {}
    check.eq(dotnet.assembly_variant(seen, "A.t", "/b/net8.0/T.dll"), nil)
    check.eq(dotnet.assembly_variant(seen, "A.t", "/b/net8.0/T.dll"), nil)
    check.eq(dotnet.assembly_variant(seen, "A.t", "/b/net48/T.dll"), { name = "target framework", value = "net48" })
    check.eq(dotnet.assembly_variant(seen, "A.t", "/c/T.dll"), { name = "assembly", value = "/c/T.dll" })
  end },
  { "time: .NET timestamps, TestLogger's \"T \", DateTime.MinValue as none", function()
    check.eq(dotnet.time("2024-05-06T07:08:09.1230000+00:00"), 1714979289123)
    check.eq(dotnet.time("2024-05-06T 07:08:09Z"), 1714979289000)
    check.eq(dotnet.time("2024-05-06 09:08:09", 7200), 1714979289000)
    check.eq(dotnet.time("0001-01-01 00:00:00Z"), nil)
    check.eq(dotnet.time(nil), nil)
    check.eq(dotnet.time("soon"), nil)
  end },
  { "attach: a runner's path under its directory, a Windows path a warning", function()
    local warnings, asked = {}, {}
    local state = {
      ctx = { warn = function(_, m) warnings[#warnings + 1] = m end },
      meta = { warn = function(m) warnings[#warnings + 1] = m end },
      resolve = function(path) asked[#asked + 1] = path return { name = "f", path = path } end,
    }
    local into = {}
    dotnet.attach(into, "out\\shot.png", state, "run/In/x", "Screenshot")
    dotnet.attach(into, "/abs/log.txt", state, "run/In/x")
    dotnet.attach(into, "C:\\x\\a.png", state)
    check.eq(asked, { "run/In/x/out/shot.png", "/abs/log.txt" })
    check.eq(into.attachments[1].name, "Screenshot")
    check.eq(#warnings, 1)
  end },
  { "labels: the .NET label set in order, a new list each call, blanks left out", function()
    local path = { "T.dll", "Ns", "Class" }
    local one = dotnet.labels(path, "Ns.Class", "M1", "host1", nil, "trx")
    check.eq(one, {
      { name = "parentSuite", value = "T.dll" }, { name = "suite", value = "Ns" }, { name = "subSuite", value = "Class" },
      { name = "testClass", value = "Ns.Class" }, { name = "testMethod", value = "M1" },
      { name = "package", value = "Ns" }, { name = "host", value = "host1" }, { name = "resultFormat", value = "trx" },
    })
    local two = dotnet.labels(path, "Ns.Class", "M2", "host1", nil, "trx")
    check.eq(two[5], { name = "testMethod", value = "M2" })
    check.eq(one[5].value, "M1")
    check.eq(dotnet.labels(path, "Ns.Class", "M2", "host2", "nunit", "nunit")[8], { name = "framework", value = "nunit" })
  end },
  { "assemblies: the compact seen table, and the repeat key with a second assembly's parameter", function()
    local seen = dotnet.assemblies()
    check.eq(seen["A.t"], nil)
    seen["A.t"] = "/b/net8.0/T.dll"
    check.eq(seen["A.t"], "/b/net8.0/T.dll")
    for i = 1, 300 do seen["k" .. i] = "/a" .. i .. "/T.dll" end   -- past 254 assemblies: kept by fingerprint
    check.eq(seen.k3, "/a3/T.dll")
    check.eq(seen.k299, "/a299/T.dll")
    local params = { { name = "arg0", value = "1" } }
    check.eq(dotnet.repeat_key(seen, "A.t", params, "/b/net8.0/T.dll"), "A.t\0arg0\0" .. "1")
    check.eq(#params, 1)
    seen = dotnet.assemblies()
    dotnet.repeat_key(seen, "A.t", {}, "/b/net8.0/T.dll")
    params = {}
    check.eq(dotnet.repeat_key(seen, "A.t", params, "/b/net48/T.dll"), "A.t\0target framework\0net48")
    check.eq(params, { { name = "target framework", value = "net48" } })
  end },
  { "assemblies: the compact table gives the variants a plain one gives, past 255 assemblies", function()
    math.randomseed(133)
    local compact, plain = dotnet.assemblies(), {}
    for i = 1, 20000 do
      local key = "T.m" .. math.random(3000)
      local assembly = "/src/a" .. math.random(400) .. "/bin/" .. (math.random(2) == 1 and "net8.0" or "net48") .. "/T.dll"
      local p1, p2 = {}, {}
      local k1 = dotnet.repeat_key(compact, key, p1, assembly)
      local k2 = dotnet.repeat_key(plain, key, p2, assembly)
      if k1 ~= k2 then error(("call %d: %q against %q"):format(i, k1, k2)) end
      check.eq(p1, p2)
    end
  end },
}
