-- dotnet.identity (its shortcut for a name ending in one plain argument list) against the
-- whole parse (dotnet.identity_parse) on 300k generated names: .NET-shaped names with
-- arguments of every kind (named, positional, quoted, nested, generic, enum values, blank)
-- and the same with bytes changed, dropped or added. The same identity and parameters.
local dotnet = require "allure.dotnet"

local random = math.random

local WORDS = { "Ns", "Example", "Tests", "Calc", "Adds", "Is_Even", "Method", "T", "x", "_a1", "Outer+Inner" }
local VALUES = { "3", "-1.5", "\"x\"", "\"a, b\"", "\"(\"", "'c'", "null", "True", "Color::Red", "1.5",
                 "[1, 2]", "{ }", "new int[] { 1 }", "don't", "\"\\\"q\\\"\"", "", " ", "a.b.c", "i: 3" }
local PIECES = { ".", "(", ")", "<", ">", ",", ", ", ":", ": ", " ", "\"", "'", "[", "]", "{", "}", "\\", "a", "1" }

local function pick(list) return list[random(#list)] end

local function args()
  local n, t = random(0, 4), {}
  for i = 1, n do
    local value = pick(VALUES)
    t[i] = random(2) == 1 and (pick(WORDS) .. (random(4) == 1 and " : " or ": ") .. value) or value
  end
  return table.concat(t, random(3) == 1 and "," or ", ")
end

local function name()
  local segments = {}
  for i = 1, random(1, 4) do segments[i] = pick(WORDS) end
  local r = random(10)
  if r <= 5 then
    segments[#segments] = segments[#segments] .. (random(6) == 1 and " " or "") .. "(" .. args() .. ")"
  elseif r == 6 then
    segments[#segments] = segments[#segments] .. "<" .. pick(WORDS) .. ">(" .. args() .. ")"
  elseif r == 7 and #segments > 1 then
    segments[1] = segments[1] .. "(" .. args() .. ")"
    segments[#segments] = segments[#segments] .. "(" .. args() .. ")"
  elseif r == 8 then
    segments[#segments] = (random(2) == 1 and " " or "") .. "(" .. args() .. ")"
  end
  return table.concat(segments, ".")
end

local function mutated(s)
  for _ = 1, random(1, 3) do
    local i, piece = random(1, #s + 1), pick(PIECES)
    local op = random(3)
    if op == 1 then
      s = s:sub(1, i - 1) .. piece .. s:sub(i + 1)
    elseif op == 2 then
      s = s:sub(1, i - 1) .. s:sub(i + 1)
    else
      s = s:sub(1, i - 1) .. piece .. s:sub(i)
    end
  end
  return s
end

return {
  { "dotnet.identity gives what the whole parse gives, on 300k generated names", function()
    math.randomseed(1803)
    local with_parameters = 0
    for i = 1, 300000 do
      local s = name()
      if random(3) == 1 then s = mutated(s) end
      local base, parameters = dotnet.identity(s)
      local want_base, want_parameters = dotnet.identity_parse(s)
      if base ~= want_base or check.show(parameters) ~= check.show(want_parameters) then
        error(("name %d %q: identity %q %s, the whole parse %q %s"):format(i, s, base, check.show(parameters),
          want_base, check.show(want_parameters)))
      end
      if #parameters > 0 then with_parameters = with_parameters + 1 end
    end
    check.eq(with_parameters > 60000, true, "names with parameters: " .. with_parameters)
  end },
  { "the shortcut's shapes", function()
    local function id(s) return { dotnet.identity(s) } end
    check.eq(id("Ns.C.Is_Even(i: 3, x: 1.5)"), { "Ns.C.Is_Even", { { name = "i", value = "3" }, { name = "x", value = "1.5" } } })
    check.eq(id("Ns.C.M (1,2)"), { "Ns.C.M", { { name = "arg0", value = "1" }, { name = "arg1", value = "2" } } })
    check.eq(id("Ns.C.M()"), { "Ns.C.M", {} })
    check.eq(id("Ns.C. (1)"), { "Ns.C. (1)", {} })
    check.eq(id("(1)"), { "(1)", {} })
    check.eq(id("Ns.C.M(Color::Red, a: Color::Red)"), { "Ns.C.M", { { name = "arg0", value = "Color::Red" },
                                                            { name = "a", value = "Color::Red" } } })
  end },
}
