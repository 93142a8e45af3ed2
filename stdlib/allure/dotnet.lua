-- The notations of .NET test runners (VSTest/TRX, NUnit, xUnit.net), shared by
-- the trx, nunit and xunit scripts:
--   "Ns.Class.Method(a: 1, b: \"x\")"   xUnit display names (named arguments)
--   "Ns.Fixture(1).Method(2,\"x\")"      NUnit full names (positional arguments)
--   "Method<System.String>(\"A\")"       generic methods
--   "Ns.Class, Assembly, Version=..."    assembly-qualified class names (MSTest)
--   "00:00:01.2345678"                   TimeSpan durations (TRX)
--   "bin/Debug/net8.0/T.dll"             build paths (the target framework)
--   "HOST\\shot.png", "C:\\x\\a.png"     file paths of the machine that ran the tests
-- and what a test's identity, suite path and message become in Allure.
local time = require "allure.time"
local model = require "allure.model"

local dotnet = {}

local OPEN = { ["("] = ")", ["<"] = ">", ["["] = "]", ["{"] = "}" }
-- What split_top looks for: outside quotes (by separator), inside them.
local SPECIAL = { ["."] = "[\"'()<>%[%]{}%.]", [","] = "[\"'()<>%[%]{}%,]" }
local IN_QUOTE = { ['"'] = '[\\"]', ["'"] = "[\\']" }

-- Splits s at `sep` (one character) where it is outside brackets and quotes.
-- Quotes are " and ' with backslash escapes, as C# literals print.
local function split_top(s, sep)
  if not s:find(sep, 1, true) then return { s } end   -- no separator anywhere: one part
  if not s:find("[\"'(<%[{]") then
    -- Nothing can hide a separator (most names): a plain split.
    local parts = {}
    for part in (s .. sep):gmatch("(.-)%" .. sep) do parts[#parts + 1] = part end
    return parts
  end
  -- From one character that can matter to the next (s:find), not one by one.
  local special = SPECIAL[sep] or ("[\"'()<>%[%]{}%" .. sep .. "]")
  local parts, start, depth, quote, i = {}, 1, 0, nil, 1
  while true do
    i = s:find(quote and IN_QUOTE[quote] or special, i)
    if not i then break end
    local c = s:sub(i, i)
    if quote then
      if c == "\\" then
        i = i + 1
      elseif c == quote then
        quote = nil
      end
    elseif c == sep and depth == 0 then
      parts[#parts + 1] = s:sub(start, i - 1)
      start = i + 1
    elseif c == '"' or c == "'" then
      -- An apostrophe inside a word ("don't") is not a quote.
      if c == '"' or not s:sub(i - 1, i - 1):find("%w") then quote = c end
    elseif OPEN[c] then
      depth = depth + 1
    elseif c == ")" or c == ">" or c == "]" or c == "}" then
      if depth > 0 then depth = depth - 1 end
    end
    i = i + 1
  end
  parts[#parts + 1] = s:sub(start)
  return parts
end
dotnet.split_top = split_top

-- The balanced group that opens at position i (s:sub(i, i) is the opener):
-- its inner text and the position after its closer; nil when it never closes.
local function group_at(s, i)
  local inner = split_top(s:sub(i + 1), OPEN[s:sub(i, i)] == ")" and ")" or ">")
  if #inner < 2 then return nil end
  return inner[1], i + #inner[1] + 2
end

-- One segment of a dotted name: "Method<T>(args) tail" -> name, generic, args.
-- Only a group that ends the segment counts, so "Adds (twice) fast" stays a name.
local function parse_segment(seg)
  local i = seg:find("[(<]")
  if not i then return { name = seg } end
  local name, generic, args = seg:sub(1, i - 1), nil, nil
  local pos = i
  if seg:sub(pos, pos) == "<" then
    local inner, after = group_at(seg, pos)
    if not inner then return { name = seg } end
    generic, pos = inner, after
  end
  if seg:sub(pos, pos) == "(" then
    local inner, after = group_at(seg, pos)
    if not inner then return { name = seg } end
    args, pos = inner, after
  end
  if pos <= #seg then return { name = seg } end    -- text after the group: part of the name
  if name:match("^%s*$") then return { name = seg } end
  return { name = name:gsub("%s+$", ""), generic = generic, args = args }
end

-- A dotted .NET name as segments { name =, generic =, args = } (generic and args
-- the raw text inside <...> and (...), nil when absent).
function dotnet.parse(full)
  local segments = {}
  for i, seg in ipairs(split_top(full or "", ".")) do segments[i] = parse_segment(seg) end
  return segments
end

-- Arguments as printed ("i: 3", "\"x\"", "1") -> parameters. Named ones (xUnit)
-- keep their name; positional ones (NUnit, MSTest) are arg0, arg1, ... as Java
-- and .NET reflection name parameters it cannot see. `prefix` names the owner
-- of arguments that are not the method's (a parametrised fixture).
local function arguments(text, prefix, list)
  if not text or not text:find("%S") then return end
  for i, raw in ipairs(split_top(text, ",")) do
    local value = raw:match("^%s*(.-)%s*$")
    local name, named = value:match("^([%a_][%w_]*)%s*:%s*(.*)$")
    if name and not value:find("^[%a_][%w_]*%s*:%s*:") then   -- not "Enum::Value"
      value = named
    else
      name = "arg" .. (i - 1)
    end
    list[#list + 1] = { name = prefix and (prefix .. "." .. name) or name, value = value }
  end
end

-- The identity of a .NET test name and what varies between its runs: the name
-- with every argument list and generic instantiation taken out ("Ns.Fixture.Method"),
-- and the parameters they held. Arguments of the last segment are the method's
-- (arg0 or their own names); those of earlier segments (NUnit parametrised
-- fixtures, generic classes) are prefixed with the segment's name.
-- dotnet.identity_parse is the whole parse, for any name; dotnet.identity takes it only
-- for the names its shortcuts do not cover (and gives the same: tests/lua/test_dotnet_identity.lua).
function dotnet.identity_parse(full)
  full = full or ""
  local segments = dotnet.parse(full)
  local names, parameters = {}, {}
  for i, seg in ipairs(segments) do
    names[i] = seg.name
    local prefix = i < #segments and seg.name or nil
    if seg.generic then
      parameters[#parameters + 1] = { name = prefix and (prefix .. ".type arguments") or "type arguments",
                                      value = seg.generic }
    end
    arguments(seg.args, prefix, parameters)
  end
  return table.concat(names, "."), parameters
end

-- One argument list ending a name, no brackets or quotes anywhere else ("Ns.Class.Test(i: 3,
-- x: 1.5)", about all the names with arguments): nothing to balance.
local PLAIN_CALL = "^([^\"'()<>%[%]{}]*)%(([^\"'()<>%[%]{}]*)%)$"

function dotnet.identity(full)
  -- No arguments (most names); plain finds, three times cheaper than the set "[(<]".
  if not full or not (full:find("(", 1, true) or full:find("<", 1, true)) then return full or "", {} end
  local before, args = full:match(PLAIN_CALL)
  if not before then return dotnet.identity_parse(full) end
  -- A blank method name before the list: the list is part of the name (as parse_segment).
  if not (before:match("^.*%.(.*)$") or before):find("%S") then return full, {} end
  local parameters = {}
  arguments(args, nil, parameters)
  local last = before:byte(-1)
  if last == 32 or last and last >= 9 and last <= 13 then before = before:gsub("%s+$", "") end   -- %s
  return before, parameters
end

-- "Ns.Class, Assembly, Version=1.0.0.0, ..." -> "Ns.Class" (MSTest writes
-- assembly-qualified class names); other names unchanged.
function dotnet.class_name(s)
  if type(s) ~= "string" then return nil end
  local name = split_top(s, ",")[1]:match("^%s*(.-)%s*$")
  return name ~= "" and name or nil
end

-- "Ns.Sub.Class" -> "Ns.Sub", "Class"; nested types ("Outer+Inner") stay whole.
function dotnet.split_class(class)
  if not class then return nil, nil end
  local segments = split_top(class, ".")
  if #segments < 2 then return nil, class end
  return table.concat(segments, ".", 1, #segments - 1), segments[#segments]
end

-- The file name of an assembly path, Windows or POSIX ("C:\a\b\x.dll" -> "x.dll").
function dotnet.basename(path)
  if type(path) ~= "string" or path == "" then return nil end
  return path:match("([^/\\]+)[/\\]*$") or path
end

-- The target framework in a build output path (".../bin/Debug/net8.0/X.dll",
-- "netcoreapp3.1", "net48", "net8.0-windows"), or nil.
function dotnet.target_framework(path)
  if type(path) ~= "string" then return nil end
  local found
  for segment in path:gmatch("[^/\\]+") do
    if segment:find("^net%d") or segment:find("^netcoreapp%d") or segment:find("^netstandard%d") then
      found = segment
    end
  end
  return found
end

-- The same test (identity `key`) from a second assembly of one report: a
-- multi-targeted project runs its tests once per framework, and the runs are
-- variants, not retries of each other. `seen` maps identities to the assembly
-- that ran them first (one table per report). Returns the parameter that tells
-- the second run apart (its target framework, else its assembly), or nil.
function dotnet.assembly_variant(seen, key, assembly)
  assembly = assembly or ""
  local compact = getmetatable(seen)
  local first
  if compact and compact.first then
    first = compact.first(key, assembly)      -- dotnet.assemblies: looked up and kept in one call
  else
    first = seen[key]
    if not first then seen[key] = assembly end
  end
  if not first then return nil end
  if first == assembly then return nil end
  local framework = dotnet.target_framework(assembly)
  if framework and framework ~= dotnet.target_framework(first) then
    return { name = "target framework", value = framework }
  end
  return { name = "assembly", value = assembly }
end

-- dotnet.assembly_variant's `seen` for a report of any size: the first assembly of each
-- identity kept in a keyset by the assembly's number (a report names a few), 8 bytes an
-- identity instead of the identity string.
function dotnet.assemblies()
  local keyset, fingerprint = require "allure.keyset", require "allure.fingerprint"
  local set, numbers, names, beyond = keyset.new(), {}, {}, {}
  local function number(assembly)
    local n = numbers[assembly]
    if not n then
      n = math.min(#names + 1, 255)
      if n < 255 then names[n], numbers[assembly] = assembly, n end
    end
    return n
  end
  local function name(key, n)
    if n == 255 then return beyond[fingerprint(key)] end
    return n and names[n]
  end
  return setmetatable({}, {
    __index = function(_, key) return name(key, set:get(key)) end,
    __newindex = function(_, key, assembly)
      local n = number(assembly)
      set:put(key, n)
      if n == 255 then beyond[fingerprint(key)] = assembly end
    end,
    -- What assembly_variant asks: the first assembly of key, which becomes `assembly` when
    -- there is none yet (nil back then), with one lookup of the keyset.
    first = function(key, assembly)
      local n = number(assembly)
      local before = set:update(key, n)
      if before == nil and n == 255 then beyond[fingerprint(key)] = assembly end
      return name(key, before)
    end,
  })
end

-- The key that tells repeats of a test apart: its identity and parameters, and the
-- parameter assembly_variant gives a second assembly's run (added to `parameters`).
function dotnet.repeat_key(seen, full_name, parameters, assembly)
  local key = full_name
  for _, p in ipairs(parameters) do key = key .. "\0" .. p.name .. "\0" .. p.value end
  local variant = dotnet.assembly_variant(seen, key, assembly)
  if variant then
    parameters[#parameters + 1] = variant
    key = key .. "\0" .. variant.name .. "\0" .. variant.value
  end
  return key
end

-- The suite path every .NET script gives a test: assembly, namespace, class.
-- Levels that are unknown are left out.
function dotnet.suite_path(assembly, class)
  local namespace, short = dotnet.split_class(class)
  local path = {}
  for _, level in ipairs { dotnet.basename(assembly) or false, namespace or false, short or false } do
    if level and level:find("%S") then path[#path + 1] = level end
  end
  return path
end

-- The labels of a test in a .NET report, in the order every .NET script gives them: the
-- suite path's, testClass, testMethod, package, host, framework, resultFormat. A new
-- list each call (the caller adds the test's own); the labels around testMethod are
-- made once per path table, class, host and framework, and shared between results
-- (the driver copies a result's labels before anything changes them).
local label_parts = setmetatable({}, { __mode = "k" })

local function parts_of(path, class, host, framework, format)
  local by_path = label_parts[path]
  if not by_path then
    by_path = {}
    label_parts[path] = by_path
  end
  local key = (class or "") .. "\0" .. (host or "\0") .. "\0" .. (framework or "") .. "\0" .. format
  local parts = by_path[key]
  if not parts then
    local before, after = {}, {}
    model.suite_labels(before, path)
    model.label(before, "testClass", class)
    model.label(after, "package", (dotnet.split_class(class)))
    model.label(after, "host", host)
    model.label(after, "framework", framework)
    model.label(after, "resultFormat", format)
    parts = { before, after }
    by_path[key] = parts
  end
  return parts
end

-- The last call's arguments and parts: a report lists a class's tests together.
local last = {}

function dotnet.labels(path, class, method, host, framework, format)
  local parts = last.parts
  if path ~= last.path or class ~= last.class or host ~= last.host or framework ~= last.framework
      or format ~= last.format then
    parts = parts_of(path, class, host, framework, format)
    last.path, last.class, last.host, last.framework = path, class, host, framework
    last.format, last.parts = format, parts
  end
  local labels, before, after = {}, parts[1], parts[2]
  for i = 1, #before do labels[i] = before[i] end
  model.label(labels, "testMethod", method)
  for i = 1, #after do labels[#labels + 1] = after[i] end
  return labels
end

-- A .NET runner's timestamp -> ms: "2021-06-28T20:23:41.5222381Z", "2017-12-15 18:14:36Z",
-- NunitXml.TestLogger's "2023-05-15T 08:22:02Z" (time.iso, `zone` for those without
-- one); nil for none, and for DateTime.MinValue ("0001-01-01 00:00:00Z"): never started.
function dotnet.time(s, zone)
  if type(s) ~= "string" then return nil end
  local ms = time.iso(s, zone) or time.iso((s:gsub("T%s+", "T")), zone)
  if ms and ms > 0 then return ms end
end

-- A TimeSpan as .NET prints it: "[-][d.]hh:mm:ss[.fffffff]" -> ms; nil when not one.
function dotnet.timespan(s)
  if type(s) ~= "string" then return nil end
  local days, h, m, sec = s:match("^%s*(%d+)%.(%d+):(%d+):(%d+%.?%d*)%s*$")
  if not days then
    h, m, sec = s:match("^%s*(%d+):(%d+):(%d+%.?%d*)%s*$")
    days = 0
  end
  if not h then return nil end
  -- time.seconds: a span past 2^53 ms ("99999999999999999999.00:00:00") is unknown, not
  -- a float no time can be computed with.
  return time.seconds(((tonumber(days) * 24 + tonumber(h)) * 60 + tonumber(m)) * 60 + tonumber(sec))
end

-- A file path a .NET runner wrote, for this machine: backslashes become
-- slashes. A Windows drive ("C:\\x") or share ("\\\\host\\x") path names a file
-- on the machine that ran the tests: nil and a message saying so.
function dotnet.path(p)
  if type(p) ~= "string" or not p:find("%S") then return nil, "empty attachment path" end
  p = p:match("^%s*(.-)%s*$")
  if p:find("^%a:[\\/]") or p:find("^\\\\") then
    return nil, ("%s: a Windows path of the machine that ran the tests: not attached"):format(p)
  end
  return (p:gsub("\\", "/"))
end

-- A file a .NET runner attached to a test (its path as the runner wrote it) added to
-- `into` as attach.add adds it, with state.resolve (kit.state: confined to
-- attachments-base); a relative path under `dir` when given; a path of the machine that
-- ran the tests is a warning. `name`: the attachment's name.
function dotnet.attach(into, raw, state, dir, name)
  local path, err = dotnet.path(raw)
  if not path then return state.ctx:warn(err) end
  if dir and not path:find("^/") then path = dir .. "/" .. path end
  require("allure.attach").add(into, path, { resolve = state.resolve, warn = state.meta.warn, name = name })
end

-- A failure message as runners write it, made to read well on its own:
-- leading blank lines and trailing white space go, and the indentation all
-- lines share (NUnit's "  Expected: 3\n  But was:  2", messages pretty-printed
-- inside an XML element) is taken off. nil for nil or blank text.
function dotnet.message(text)
  if type(text) ~= "string" then return nil end
  text = text:gsub("^%s*\n", ""):gsub("%s+$", "")
  if text == "" then return nil end
  local indent
  for line in text:gmatch("[^\n]+") do
    local lead = line:match("^[ \t]*")
    if #lead < #line and (not indent or #lead < #indent) then indent = lead end
  end
  if indent and #indent > 0 then
    text = ("\n" .. text):gsub("\n" .. indent, "\n"):sub(2)
  end
  return text
end

-- Test properties that SpecFlow's generators write for MSTest (TRX) and xUnit
-- traits: FeatureTitle -> the feature label, "Parameter:Name" (an example
-- column) -> a parameter. Returns true when the property was one of them.
function dotnet.specflow(result, key, value)
  local parameter = key:match("^Parameter:(.+)$")
  if parameter then
    result.parameters = result.parameters or {}
    result.parameters[#result.parameters + 1] = { name = parameter, value = value }
    return true
  end
  if key == "FeatureTitle" then
    if value:find("%S") then
      result.labels = result.labels or {}
      result.labels[#result.labels + 1] = { name = "feature", value = value }
    end
    return true
  end
  return false
end

return dotnet
