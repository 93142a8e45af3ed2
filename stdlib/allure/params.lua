-- Parameters written into test names by parametrised runners. Variants of one
-- test must share a fullName and differ by parameters: otherwise every Allure
-- reader folds them into retries of a single test, or splits one test case into
-- many in TestOps.
local params = {}

-- A parenthesised list that holds values (digits, quotes, true/false/null),
-- not a signature of type names like "(int, String)".
local function looks_like_values(inner)
  return inner:find("%d") or inner:find("[\"']") or inner:find("%f[%w]true%f[%W]")
    or inner:find("%f[%w]false%f[%W]") or inner:find("%f[%w]null%f[%W]") or inner:find("%f[%w]None%f[%W]")
end

-- Name forms, tried in order: pattern, and a function from its captures to
-- (base name, parameters). The first that matches and leaves a base wins.
-- `need`: a plain substring the pattern cannot match without (a cheap test first).
local FORMS = {
  -- PHPUnit data providers: "testAdd with data set #0", 'with data set "two"'
  { "^(.-) with data set (.+)$", function(base, set) return base, { { name = "data set", value = set } } end,
    need = " with data set " },
  -- JUnit 5 in Surefire: "add(int, int)[2]" (signature kept, invocation index)
  { "^(.-%b())%[(%d+)%]$", function(base, i) return base, { { name = "index", value = i } } end, need = "(" },
  -- pytest ids and JUnit 4 Parameterized: "test_div[2-0]", "sum[0]"
  { "^(.-)%[(.*)%]$", function(base, inner) return base, { { name = "params", value = inner } } end, need = "[" },
  -- NUnit and similar: "TestAdd(1,2)", 'Greets("bob")'
  -- Not rustdoc's "add (line 5)": the line tells two doc tests of one item apart and
  -- is part of the name, as cargo's own output and libtest's JSON name them.
  { "^([^(]-)%((.*)%)$", function(base, inner)
      if looks_like_values(inner) and not inner:find("^line %d+$") then
        return base, { { name = "params", value = inner } }
      end
    end, need = "(" },
  -- Numbered repetitions: "works #3"
  { "^(.-)%s+#(%d+)$", function(base, n) return base, { { name = "#", value = n } } end, need = "#" },
}

-- Splits a test name into the parameter-free base and its parameters.
-- Returns base, parameters (nil when the name carries none).
function params.from_name(name)
  if type(name) ~= "string" then return name, nil end
  -- Every form needs "[", "(", "#" or " with data set ": most names have none, and
  -- skip the five patterns (this runs once per test; plain finds are the cheap ones).
  if not (name:find("[", 1, true) or name:find("(", 1, true) or name:find("#", 1, true)
          or name:find(" with data set ", 1, true)) then
    return name, nil
  end
  for i = 1, #FORMS do
    local form = FORMS[i]
    local a, b
    if name:find(form.need, 1, true) then a, b = name:match(form[1]) end   -- two captures each
    if a then
      local base, list = form[2](a, b)
      -- "adds (1, 2)": the space separates the parameters, it is not part of the name.
      if base and list then base = base:match("^(.-)%s*$") end
      if base and base ~= "" and list then return base, list end
    end
  end
  return name, nil
end

-- A test's identity as one string: its full name and the parameters that are part
-- of it (not the excluded ones), to count the runs of one test in a scope.
function params.key(full_name, parameters)
  local key = full_name
  for _, p in ipairs(parameters or {}) do
    if not p.excluded then key = key .. "\0" .. p.name .. "\0" .. p.value end
  end
  return key
end

-- googletest's parametrised tests, as its XML and JSON reports name them:
--   TEST_P        classname "Inst/Suite",       name "Test/param", value_param
--   TYPED_TEST    classname "Suite/param",      name "Test",       type_param
--   TYPED_TEST_P  classname "Inst/Suite/param", name "Test",       type_param
-- -> suite, test, parameters (nil when the test is not parametrised). The param
-- part is what googletest names the variant (an index, or a name from a name
-- generator) and tells the variants apart; the value or type is shown but left
-- out of the identity (a pointer prints as an address). scripts/gtest.lua reads
-- the JSON report the same way, so both reports give one test the same identity.
function params.googletest(classname, name, value_param, type_param)
  classname, name = classname or "", name or ""
  local list = {}
  local suite, test = classname, name
  if type(value_param) == "string" then
    local base, param = name:match("^(.*)/([^/]*)$")
    local inst, rest = classname:match("^([^/]+)/(.+)$")
    if inst then
      suite = rest
      list[#list + 1] = { name = "instantiation", value = inst }
    end
    if base then
      test = base
      list[#list + 1] = { name = "param", value = param }
    end
    list[#list + 1] = { name = "value", value = value_param, excluded = true }
  elseif type(type_param) == "string" then
    local parts = {}
    for part in classname:gmatch("[^/]+") do parts[#parts + 1] = part end
    if #parts >= 2 then
      if #parts >= 3 then list[#list + 1] = { name = "instantiation", value = parts[1] } end
      suite = parts[#parts - 1]
      list[#list + 1] = { name = "param", value = parts[#parts] }
    end
    list[#list + 1] = { name = "type", value = type_param, excluded = true }
  else
    return suite, test, nil
  end
  return suite, test, list
end

return params
