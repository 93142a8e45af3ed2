-- Rules files: teams shape the results — labels, links, identity, categories —
-- without editing converters. A rules file is plain Lua run once, at start-up,
-- in a sandbox whose globals are the verbs below; each verb call adds a rule.
-- The driver then calls ruleset:apply(result, info) for every result, right
-- before it is written. docs/rules.md is the user's reference.
--
-- Everything that can be checked is checked when the file loads (patterns,
-- globs, templates, argument types), and reported at the rules file's line, so
-- a mistake stops the run before any input is read. apply() only matches and
-- edits: patterns are compiled, and nothing is allocated for a rule that does
-- not match.
local writer = require "allure.writer"
local host = require "allure.host"
local codeowners = require "allure.codeowners"

local rules = {}

local find, gmatch, concat = string.find, string.gmatch, table.concat

local STATUSES = { passed = true, failed = true, broken = true, skipped = true, unknown = true }
local SEVERITIES = { blocker = true, critical = true, normal = true, minor = true, trivial = true }
local MODES = { default = true, masked = true, hidden = true }
local FLAGS = { flaky = true, muted = true, known = true }

--{ Mistakes in a rules file ------------------------------------------------------

-- A verb's implementation raises usage(...); the verb's wrapper re-raises the
-- message at the line of the rules file that called the verb.
local Usage = {}

local function usage(fmt, ...)
  error(setmetatable({ message = fmt:format(...) }, Usage), 0)
end

-- "rules.lua:12: " for the rules-file line that called the verb whose wrapper
-- calls this (levels: error, pcall, here, the wrapper, the caller).
local function caller_position()
  local _, position = pcall(error, "", 4)
  return position
end

local function describe(v)
  if type(v) == "string" then return ("%q"):format(v) end
  return type(v)
end

-- Edit distance, for "did you mean" hints.
local function distance(a, b)
  if math.abs(#a - #b) > 2 then return 3 end
  local prev = {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    local cur = { [0] = i }
    for j = 1, #b do
      local cost = a:byte(i) == b:byte(j) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev = cur
  end
  return prev[#b]
end

local function nearest(word, candidates)
  local best, best_d
  for _, c in ipairs(candidates) do
    local d = distance(word:lower(), c:lower())
    if d <= 2 and d < #word / 2 and (not best_d or d < best_d) then best, best_d = c, d end
  end
  return best
end

-- Checks the keys of a table argument against the ones a verb takes.
local function check_keys(t, allowed, what)
  for k in pairs(t) do
    if type(k) ~= "string" or not allowed[k] then
      local names = {}
      for name in pairs(allowed) do names[#names + 1] = name end
      table.sort(names)
      local hint = type(k) == "string" and nearest(k, names)
      usage("%s: unknown key %s%s (keys: %s)", what, describe(k), hint and (" (did you mean '%s'?)"):format(hint) or "",
        concat(names, ", "))
    end
  end
end

--}

--{ Lua patterns and globs ---------------------------------------------------------

-- The end of a [set] that starts at i, as Lua's matcher reads it (a ] right
-- after [ or [^ is a member).
local function set_end(p, i)
  local j = i + 1
  if p:sub(j, j) == "^" then j = j + 1 end
  repeat
    if j > #p then return nil end
    local c = p:sub(j, j)
    j = j + 1
    if c == "%" then j = j + 1 end
  until p:sub(j, j) == "]"
  return j
end

-- Validates a Lua pattern the way the matcher would, which only complains when
-- a subject reaches the faulty part. Returns the number of captures.
local function check_pattern(p, what)
  if type(p) ~= "string" then usage("%s: expected a Lua pattern (a string), got %s", what, type(p)) end
  local function bad(reason) usage("%s: malformed pattern %q: %s", what, p, reason) end
  local i, n, captures, open = 1, #p, 0, {}
  if p:sub(1, 1) == "^" then i = 2 end
  while i <= n do
    local c = p:sub(i, i)
    if c == "%" then
      local d = p:sub(i + 1, i + 1)
      if d == "" then bad("ends with '%'") end
      if d == "b" then
        if i + 3 > n then bad("missing arguments to '%b'") end
        i = i + 4
      elseif d == "f" then
        if p:sub(i + 2, i + 2) ~= "[" then bad("missing '[' after '%f'") end
        local j = set_end(p, i + 2)
        if not j then bad("missing ']'") end
        i = j + 1
      elseif d:match("%d") then
        local k = tonumber(d)
        local closed = k >= 1 and k <= captures
        for _, idx in ipairs(open) do if idx == k then closed = false end end
        if not closed then bad("invalid capture index %" .. d) end
        i = i + 2
      else
        i = i + 2
      end
    elseif c == "[" then
      local j = set_end(p, i)
      if not j then bad("missing ']'") end
      i = j + 1
    elseif c == "(" then
      captures = captures + 1
      open[#open + 1] = captures
      i = i + 1
    elseif c == ")" then
      if #open == 0 then bad("')' without '('") end
      open[#open] = nil
      i = i + 1
    else
      i = i + 1
    end
  end
  if #open > 0 then bad("unfinished capture") end
  if captures > 32 then bad("more than 32 captures") end
  local ok, err = pcall(find, "", p)
  if not ok then bad(tostring(err)) end
  return captures
end

local Glob = {}
Glob.__index = Glob

-- glob "com.acme.*Test": a whole-value match where * is any run of characters
-- but "/", ** any run at all, ? one character but "/", [abc] / [!abc] a set,
-- \x a literal x. Each * and ** is a capture ({1}, {2}, ... in templates).
local function glob(s)
  if type(s) ~= "string" then usage("glob: expected a string, got %s", type(s)) end
  local out, i, captures = { "^" }, 1, 0
  while i <= #s do
    local c = s:sub(i, i)
    if c == "\\" and i < #s then
      i = i + 1
      local literal = s:sub(i, i)
      out[#out + 1] = literal:match("%w") and literal or "%" .. literal
    elseif c == "*" then
      captures = captures + 1
      if s:sub(i + 1, i + 1) == "*" then
        out[#out + 1] = "(.*)"
        i = i + 1
      else
        out[#out + 1] = "([^/]*)"
      end
    elseif c == "?" then
      out[#out + 1] = "[^/]"
    elseif c == "[" then
      local close = s:find("]", i + 2, true)
      if not close then usage("glob %q: '[' without ']'", s) end
      local inner = s:sub(i + 1, close - 1):gsub("^!", "^"):gsub("%%", "%%%%")
      out[#out + 1] = "[" .. inner .. "]"
      i = close
    else
      out[#out + 1] = (c:gsub("%W", "%%%0"))
    end
    i = i + 1
  end
  out[#out + 1] = "$"
  if captures > 32 then usage("glob %q: more than 32 wildcards", s) end
  local pattern = concat(out)
  check_pattern(pattern, ("glob %q"):format(s))
  return setmetatable({ source = s, pattern = pattern, captures = captures }, Glob)
end

--}

--{ Matchers and selectors ---------------------------------------------------------

-- Matching allocates only on a match whose captures are wanted.
local function grab(s, _, ...)
  if s then return true, { ... } end
  return false
end

-- Captures a matcher spec can give (validating it on the way).
local function count_captures(spec, what)
  local t = type(spec)
  if t == "string" then return check_pattern(spec, what) end
  if getmetatable(spec) == Glob then return spec.captures end
  if t == "function" then return 0 end
  if t == "table" then
    if #spec == 0 or next(spec, #spec > 0 and #spec or nil) ~= nil then
      usage("%s: expected a non-empty list of patterns", what)
    end
    local most = 0
    for i, s in ipairs(spec) do most = math.max(most, count_captures(s, ("%s[%d]"):format(what, i))) end
    return most
  end
  usage("%s: expected a Lua pattern (string), glob(...), a list of them or a function, got %s", what, t)
end

-- A matcher: fn(value) -> matched[, captures].
local function compile_matcher(spec, want)
  if type(spec) == "string" or getmetatable(spec) == Glob then
    local pattern = type(spec) == "string" and spec or spec.pattern
    if want then
      -- captures are collected only once the cheaper plain find matched
      return function(v)
        if find(v, pattern) then return grab(find(v, pattern)) end
        return false
      end
    end
    return function(v) return find(v, pattern) ~= nil end
  elseif type(spec) == "function" then
    return function(v) return spec(v) and true or false end
  end
  local list = {}
  for i, s in ipairs(spec) do list[i] = compile_matcher(s, want) end
  return function(v)
    for i = 1, #list do
      local ok, caps = list[i](v)
      if ok then return true, caps end
    end
    return false
  end
end

local function nonblank(v)
  if v == nil then return false end
  if type(v) ~= "string" then v = tostring(v) end
  return find(v, "%S") ~= nil
end

-- Result fields a selector, a template or a link source can name.
local FIELDS = {
  name = function(r) return r.name end,
  fullName = function(r) return r.fullName end,
  testCaseId = function(r) return r.testCaseId end,
  historyId = function(r) return r.historyId end,
  status = function(r) return r.status end,
  description = function(r) return r.description end,
  descriptionHtml = function(r) return r.descriptionHtml end,
  message = function(r) local d = r.statusDetails return d and d.message end,
  trace = function(r) local d = r.statusDetails return d and d.trace end,
  file = function(_, info) return info.file end,
  input = function(_, info) return info.input end,
  script = function(_, info) return info.script end,
}
local FIELD_NAMES = {}
for name in pairs(FIELDS) do FIELD_NAMES[#FIELD_NAMES + 1] = name end
FIELD_NAMES[#FIELD_NAMES + 1] = "titlePath"
table.sort(FIELD_NAMES)

-- A key that is not a field is a label name; one that looks like a misspelt
-- field is refused (a label "fulName" would silently never match).
local function check_field_or_label(key, what)
  if FIELDS[key] or key == "titlePath" then return end
  for _, field in ipairs(FIELD_NAMES) do
    if (key:lower() == field:lower() or (#key >= 4 and distance(key, field) == 1)) then
      usage("%s: '%s' is not a field (did you mean '%s'?); a label of that name is written labels = { %s = ... }",
        what, key, field, key)
    end
  end
end

--{ The label index
-- Most selectors test labels. Scanning a result's labels once per rule would
-- cost more than the rest of apply together, so apply() first sorts the values
-- of the label names the rules look at into per-name slots (reused, never
-- reallocated), and sorts them again only after a rule changed labels.

local function new_index()
  return { slots = {}, names = {} }
end

-- The slot of a label name: { n = count, [1..n] = values as strings }.
local function slot_of(index, name)
  local slot = index.slots[name]
  if not slot then
    slot = { n = 0 }
    index.slots[name] = slot
    index.names[#index.names + 1] = name
  end
  return slot
end

local function fill_index(index, r)
  local slots, names = index.slots, index.names
  if #names == 0 then return end
  for j = 1, #names do slots[names[j]].n = 0 end
  local labels = r.labels
  if not labels then return end
  for i = 1, #labels do
    local l = labels[i]
    local slot = slots[l.name]
    if slot then
      local n = slot.n + 1
      slot.n = n
      local v = l.value
      slot[n] = type(v) == "string" and v or tostring(v)
    end
  end
end

--}

-- The values of a multi-valued source, each passed to fn(value) until it
-- returns true: parameters of a name, titlePath's elements.
local function each_parameter(r, name, fn)
  local params = r.parameters
  if not params then return false end
  for i = 1, #params do
    local p = params[i]
    if p.name == name then
      local v = p.value
      if type(v) ~= "string" then v = tostring(v) end
      local ok, caps = fn(v)
      if ok then return true, caps end
    end
  end
  return false
end

local function each_title(r, fn)
  local path = r.titlePath
  if not path then return false end
  for i = 1, #path do
    local ok, caps = fn(path[i])
    if ok then return true, caps end
  end
  return false
end

local function each_slot(slot, fn)
  for i = 1, slot.n do
    local ok, caps = fn(slot[i])
    if ok then return true, caps end
  end
  return false
end

-- Fields read straight from the result (the others need statusDetails or info).
local PLAIN_FIELDS = { name = true, fullName = true, testCaseId = true, historyId = true, status = true,
                       description = true, descriptionHtml = true }

-- A plain pattern (string or glob): matched inline, the commonest case and the
-- one every non-matching result goes through.
local function plain_pattern(spec)
  if type(spec) == "string" then return spec end
  if getmetatable(spec) == Glob then return spec.pattern end
end

-- One entry of a selector: test(r, info) -> matched[, captures].
local function compile_test(kind, key, spec, want, index)
  if spec == true or spec == false then
    local want_present = spec
    if kind == "field" then
      local get = FIELDS[key]
      return function(r, info) return nonblank(get(r, info)) == want_present end
    elseif kind == "label" then
      local slot = slot_of(index, key)
      return function() return (each_slot(slot, nonblank)) == want_present end
    elseif kind == "parameter" then
      return function(r) return (each_parameter(r, key, nonblank)) == want_present end
    end
    return function(r) return (each_title(r, nonblank)) == want_present end
  end
  local pattern = plain_pattern(spec)
  if kind == "label" then
    local slot = slot_of(index, key)
    if pattern and want then
      return function()
        for i = 1, slot.n do
          local v = slot[i]
          if find(v, pattern) then return grab(find(v, pattern)) end
        end
        return false
      end
    elseif pattern then
      return function()
        for i = 1, slot.n do
          if find(slot[i], pattern) then return true end
        end
        return false
      end
    end
    local m = compile_matcher(spec, want)
    return function() return each_slot(slot, m) end
  elseif kind == "field" and PLAIN_FIELDS[key] and pattern and not want then
    return function(r)
      local v = r[key]
      if v == nil then return false end
      if type(v) ~= "string" then v = tostring(v) end
      return find(v, pattern) ~= nil
    end
  end
  local m = compile_matcher(spec, want)
  if kind == "field" then
    local get = FIELDS[key]
    return function(r, info)
      local v = get(r, info)
      if v == nil then return false end
      if type(v) ~= "string" then v = tostring(v) end
      return m(v)
    end
  elseif kind == "parameter" then
    return function(r) return each_parameter(r, key, m) end
  end
  return function(r) return each_title(r, m) end
end

local compile_when

-- Collects the entries of a `when` table: { kind, key, spec, what }.
local function when_entries(when, what, index, entries)
  local keys = {}
  for k in pairs(when) do
    if type(k) ~= "string" then usage("%s: keys must be field or label names, got %s", what, describe(k)) end
    keys[#keys + 1] = k
  end
  table.sort(keys)
  for _, key in ipairs(keys) do
    local spec = when[key]
    local at = what .. "." .. key
    if key == "unless" then
      entries[#entries + 1] = { kind = "unless", spec = compile_when(spec, at, index, false) }
    elseif key == "labels" or key == "parameters" then
      if type(spec) ~= "table" or getmetatable(spec) == Glob then
        usage("%s: expected a table of %s names to patterns, got %s", at, key:sub(1, -2), type(spec))
      end
      local names = {}
      for name in pairs(spec) do
        if type(name) ~= "string" then usage("%s: keys must be names, got %s", at, describe(name)) end
        names[#names + 1] = name
      end
      table.sort(names)
      for _, name in ipairs(names) do
        entries[#entries + 1] = { kind = key == "labels" and "label" or "parameter", key = name, spec = spec[name],
                                  what = at .. "." .. name }
      end
    else
      check_field_or_label(key, what)
      entries[#entries + 1] = { kind = FIELDS[key] and "field" or key == "titlePath" and "title" or "label",
                                key = key, spec = spec, what = at }
    end
  end
  return entries
end

-- A selector: when(r, info) -> matched[, captures], and how many captures the
-- templates may use ({1}...): those of the one entry that has captures.
-- `when` is a table (every entry must match) or a function(result, info)
-- whose true result matches (a table result also gives the captures).
-- Label entries read the ruleset's label index. want_captures = false when
-- nothing uses the captures: matching then never collects them.
function compile_when(when, what, index, want_captures)
  if when == nil then return nil, 0 end
  if type(when) == "function" then
    return function(r, info)
      local v = when(r, info)
      if not v then return false end
      return true, type(v) == "table" and v or nil
    end, 32
  end
  if type(when) ~= "table" or getmetatable(when) == Glob then
    usage("%s: expected a table of field or label names to patterns, or a function, got %s", what, type(when))
  end
  local entries = when_entries(when, what, index, {})
  local source
  for _, e in ipairs(entries) do
    if e.kind ~= "unless" and e.spec ~= true and e.spec ~= false then
      e.captures = count_captures(e.spec, e.what)
      if e.captures > 0 then
        if source then
          source.ambiguous = true
        else
          source = e
        end
      end
    end
  end
  local tests = {}
  for i, e in ipairs(entries) do
    if e.kind == "unless" then
      local inner = e.spec
      tests[i] = function(r, info) return not inner(r, info) end
    else
      tests[i] = compile_test(e.kind, e.key, e.spec, want_captures ~= false and e == source and not e.ambiguous, index)
    end
  end
  local captures = source and source.captures or 0
  if source and source.ambiguous then captures = -1 end      -- {N} would not say whose
  local n = #tests
  if n == 0 then return function() return true end, 0 end
  if n == 1 then return tests[1], captures end
  return function(r, info)
    local caps
    for i = 1, n do
      local ok, c = tests[i](r, info)
      if not ok then return false end
      if c then caps = c end
    end
    return true, caps
  end, captures
end

--}

--{ Templates ----------------------------------------------------------------------

local FILTERS = {
  lower = string.lower,
  upper = string.upper,
  capitalize = function(s) return (s:gsub("^%l", string.upper)) end,
  trim = function(s) return s:match("^%s*(.-)%s*$") end,
  md5 = writer.md5,
  slashes = function(s) return (s:gsub("%.", "/")) end,
  dots = function(s) return (s:gsub("/", ".")) end,
  basename = function(s) return s:match("([^/]*)$") end,
  dirname = function(s) return s:match("^(.*)/[^/]*$") or "" end,
  urlencode = function(s) return (s:gsub("[^%w%-._~]", function(c) return ("%%%02X"):format(c:byte()) end)) end,
}
local FILTER_NAMES = {}
for name in pairs(FILTERS) do FILTER_NAMES[#FILTER_NAMES + 1] = name end
table.sort(FILTER_NAMES)

local function first_label(r, name)
  local labels = r.labels
  if not labels then return nil end
  for i = 1, #labels do
    if labels[i].name == name then return labels[i].value end
  end
end

local function first_parameter(r, name)
  local params = r.parameters
  if not params then return nil end
  for i = 1, #params do
    if params[i].name == name then return params[i].value end
  end
end

-- What a {placeholder} reads: get(r, info, caps, key) -> value | nil.
local function placeholder(body, what, ctx)
  local key, filters = body:match("^([^|]*)(.*)$")
  key = key:match("^%s*(.-)%s*$")
  local list = {}
  for name in filters:gmatch("|([^|]*)") do
    name = name:match("^%s*(.-)%s*$")
    if not FILTERS[name] then
      local hint = nearest(name, FILTER_NAMES)
      usage("%s: unknown filter '%s' in {%s}%s (filters: %s)", what, name, body,
        hint and (" (did you mean '%s'?)"):format(hint) or "", concat(FILTER_NAMES, ", "))
    end
    list[#list + 1] = FILTERS[name]
  end
  local get
  if key == "" then
    if not ctx.key then usage("%s: {} stands for the key a link rule found; it means nothing here", what) end
    get = function(_, _, _, k) return k end
  elseif key:match("^%d+$") then
    local n = tonumber(key)
    if n < 1 or n > 32 then usage("%s: {%s}: captures are numbered 1 to 32", what, key) end
    ctx.max_capture = math.max(ctx.max_capture, n)
    get = function(_, _, caps) return caps and caps[n] end
  elseif key:match("^parameters%.") then
    local name = key:sub(#"parameters." + 1)
    get = function(r) return first_parameter(r, name) end
  elseif key == "titlePath" then
    get = function(r) return r.titlePath and concat(r.titlePath, " > ") end
  elseif key:match("^titlePath%.%d+$") then
    local n = tonumber(key:match("%d+$"))
    get = function(r) return r.titlePath and r.titlePath[n] end
  elseif FIELDS[key] then
    get = FIELDS[key]
  else
    check_field_or_label(key, what)
    get = function(r) return first_label(r, key) end
  end
  if #list == 0 then return get end
  return function(r, info, caps, k)
    local v = get(r, info, caps, k)
    if v == nil then return nil end
    if type(v) ~= "string" then v = tostring(v) end
    for i = 1, #list do v = list[i](v) end
    return v
  end
end

-- "{package}.{testClass|lower}": a producer fn(r, info, caps, key) -> string
-- | nil (nil when a placeholder has no value: the rule then does nothing).
-- {{ and }} are literal braces. ctx.key: {} is allowed (link rules);
-- ctx.max_capture is raised to the highest {N} used.
local function compile_template(s, what, ctx)
  local parts, i, literal = {}, 1, {}
  while i <= #s do
    local c = s:sub(i, i)
    if c == "{" and s:sub(i + 1, i + 1) == "{" then
      literal[#literal + 1] = "{"
      i = i + 2
    elseif c == "}" and s:sub(i + 1, i + 1) == "}" then
      literal[#literal + 1] = "}"
      i = i + 2
    elseif c == "{" then
      local close = s:find("}", i + 1, true)
      if not close then usage("%s: '{' without '}' in %q", what, s) end
      if #literal > 0 then parts[#parts + 1] = concat(literal); literal = {} end
      parts[#parts + 1] = placeholder(s:sub(i + 1, close - 1), what, ctx)
      i = close + 1
    else
      literal[#literal + 1] = c
      i = i + 1
    end
  end
  if #literal > 0 then parts[#parts + 1] = concat(literal) end
  if #parts == 0 then return function() return "" end end
  if #parts == 1 and type(parts[1]) == "string" then
    local constant = parts[1]
    return function() return constant end, constant
  end
  if #parts == 1 then
    local get = parts[1]
    return function(r, info, caps, key)
      local v = get(r, info, caps, key)
      if v ~= nil and type(v) ~= "string" then v = tostring(v) end
      return v
    end
  end
  local n = #parts
  return function(r, info, caps, key)
    local out = {}
    for j = 1, n do
      local part = parts[j]
      if type(part) == "string" then
        out[j] = part
      else
        local v = part(r, info, caps, key)
        if v == nil then return nil end
        out[j] = type(v) == "string" and v or tostring(v)
      end
    end
    return concat(out)
  end
end

-- A value argument: a template string, a number, or a function(result, info,
-- captures, key) returning a string (or nil: nothing to do). Returns the
-- producer and, for a constant, the constant.
local function compile_value(v, what, ctx, at)
  local t = type(v)
  if t == "string" then return compile_template(v, what, ctx) end
  if t == "number" then
    local s = tostring(v)
    return function() return s end, s
  end
  if t == "function" then
    ctx.function_value = true
    return function(r, info, caps, key)
      local x = v(r, info, caps, key)
      if x == nil or x == false then return nil end
      if type(x) == "number" then return tostring(x) end
      if type(x) ~= "string" then
        error(("%s%s: the function returned a %s, expected a string or nil"):format(at, what, type(x)), 0)
      end
      return x
    end
  end
  usage("%s: expected a string (a template), a number or a function, got %s", what, t)
end

--}

--{ Editing a result --------------------------------------------------------------
-- Converters may share label and parameter entries between the attempts of a
-- test: entries are replaced, never edited in place. The arrays themselves are
-- the result's own (the driver copies them before rules run). The label
-- editors keep the ruleset's label index in step (`index` may be nil).

local function set_label(index, r, name, value)
  local labels = r.labels
  if not labels then
    labels = {}
    r.labels = labels
  end
  local n, w, placed = #labels, 0, false
  for i = 1, n do
    local l = labels[i]
    if l.name ~= name then
      w = w + 1
      labels[w] = l
    elseif not placed then
      placed = true
      w = w + 1
      labels[w] = l.value == value and l or { name = name, value = value }
    end
  end
  for i = w + 1, n do labels[i] = nil end
  if not placed then labels[w + 1] = { name = name, value = value } end
  local slot = index and index.slots[name]
  if slot then
    slot.n = 1
    slot[1] = value
  end
end

local function add_label(index, r, name, value)
  local labels = r.labels
  if not labels then
    labels = {}
    r.labels = labels
  end
  for i = 1, #labels do
    if labels[i].name == name and labels[i].value == value then return end
  end
  labels[#labels + 1] = { name = name, value = value }
  local slot = index and index.slots[name]
  if slot then
    slot.n = slot.n + 1
    slot[slot.n] = value
  end
end

-- Removes the labels of a name (those whose value `matches`, when given).
local function remove_labels(index, r, name, matches)
  local labels = r.labels
  if not labels then return end
  local n, w = #labels, 0
  local slot = index and index.slots[name]
  if slot then slot.n = 0 end
  for i = 1, n do
    local l = labels[i]
    local v = l.value
    if l.name == name then
      if type(v) ~= "string" then v = tostring(v) end
      if not matches or matches(v) then goto dropped end
      if slot then
        slot.n = slot.n + 1
        slot[slot.n] = v
      end
    end
    w = w + 1
    labels[w] = l
    ::dropped::
  end
  for i = w + 1, n do labels[i] = nil end
end

local function details_of(r)
  -- A copy: converters may give several results one statusDetails table.
  local copy = {}
  for k, v in pairs(r.statusDetails or {}) do copy[k] = v end
  r.statusDetails = copy
  return copy
end

-- Label values a rule may set: severity is one of Allure's five (lower-cased);
-- ALLURE_ID is a number (TestOps' test case id).
local function usable_value(name, value)
  if not value or not find(value, "%S") then return nil end
  if name == "severity" then
    value = value:lower()
    return SEVERITIES[value] and value or nil
  end
  if name == "ALLURE_ID" then return find(value, "^%d+$") and value or nil end
  return value
end

--}

--{ Verbs ---------------------------------------------------------------------------

-- Each verb is fn(state, position, ...): state = { ruleset, dir (of the rules
-- file) }; position = "rules.lua:12: ", the call's line, for messages at apply time.
local verbs = {}

-- A rule: when(r, info) -> matched, captures (nil: always), and run(r, info,
-- captures). `refill`: run may edit labels behind the index's back (a hook).
local function add_rule(state, when, run, refill)
  local list = state.ruleset.list
  list[#list + 1] = { when = when, run = run, refill = refill or false }
end

local function check_name(name, what)
  if type(name) ~= "string" or not name:find("%S") then
    usage("%s: expected a non-empty string, got %s", what, describe(name))
  end
  if name ~= name:match("^%s*(.-)%s*$") then usage("%s: %q has blanks around it", what, name) end
end

local function check_literal_value(name, constant, what)
  if not constant then return end
  if name == "severity" and not SEVERITIES[constant:lower()] then
    usage("%s: severity %q is not one of blocker, critical, normal, minor, trivial", what, constant)
  end
  if name == "ALLURE_ID" and not constant:match("^%d+$") then
    usage("%s: ALLURE_ID %q is not a number (TestOps test case ids are numbers)", what, constant)
  end
end

-- The selector and the value of a rule whose value may use the selector's captures.
local function when_and_value(state, value, when, position, what)
  local ctx = { max_capture = 0 }
  local produce, constant = compile_value(value, what .. ": value", ctx, position)
  local match, captures = compile_when(when, what .. ": when", state.ruleset.index,
    ctx.max_capture > 0 or ctx.function_value == true)
  if ctx.max_capture > 0 then
    if captures < 0 then
      usage("%s: {%d} is ambiguous: more than one entry of `when` has captures", what, ctx.max_capture)
    elseif captures < ctx.max_capture then
      usage("%s: {%d} needs a capture that `when` does not have (it has %d)", what, ctx.max_capture, captures)
    end
  end
  return match, produce, constant
end

local function label_verb(kind)
  return function(state, position, name, value, when, extra)
    local what = kind
    check_name(name, what .. ": name")
    if extra ~= nil then usage("%s: too many arguments", what) end
    local match, produce, constant = when_and_value(state, value, when, position, what)
    check_literal_value(name, constant, what)
    local index = state.ruleset.index
    local run
    if kind == "label" then
      run = function(r, info, caps)
        local v = usable_value(name, produce(r, info, caps))
        if v then set_label(index, r, name, v) end
      end
    elseif kind == "add_label" then
      run = function(r, info, caps)
        local v = usable_value(name, produce(r, info, caps))
        if v then add_label(index, r, name, v) end
      end
    else
      local present = slot_of(index, name)
      run = function(r, info, caps)
        if present.n > 0 then return end
        local v = usable_value(name, produce(r, info, caps))
        if v then set_label(index, r, name, v) end
      end
    end
    add_rule(state, match, run)
  end
end

verbs.label = label_verb("label")
verbs.add_label = label_verb("add_label")
verbs.default_label = label_verb("default_label")

-- remove_label(name [, value] [, when]): `value` is a pattern, glob or list.
function verbs.remove_label(state, _, name, value, when, extra)
  check_name(name, "remove_label: name")
  if extra ~= nil then usage("remove_label: too many arguments") end
  if type(value) == "table" and getmetatable(value) ~= Glob and when == nil and (next(value) == nil or #value == 0) then
    value, when = nil, value                           -- remove_label(name, when)
  end
  local matches
  if value ~= nil then
    count_captures(value, "remove_label: value")
    matches = compile_matcher(value, false)
  end
  local match = compile_when(when, "remove_label: when", state.ruleset.index, false)
  local index = state.ruleset.index
  local present = slot_of(index, name)
  add_rule(state, match, function(r)
    if present.n == 0 or (matches and not each_slot(present, matches)) then return end
    remove_labels(index, r, name, matches)
  end)
end

local LINK_KEYS = { type = true, key = true, url = true, name = true, from = true, when = true }

-- link { type=, key=, url=, name=, from=, when= }: keys found in the `from`
-- sources become links; labels named like the link type are consumed.
function verbs.link(state, position, spec, extra)
  if type(spec) ~= "table" then usage("link: expected a table { type = ..., key = ..., url = ... }, got %s", type(spec)) end
  if extra ~= nil then usage("link: too many arguments") end
  check_keys(spec, LINK_KEYS, "link")
  check_name(spec.type, "link: type")
  local kind = spec.type
  if type(spec.key) ~= "string" then usage("link: key: expected a Lua pattern, got %s", describe(spec.key)) end
  check_pattern(spec.key, "link: key")
  local key = spec.key
  if find("", key) then usage("link: key: pattern %q matches the empty string", key) end
  if type(spec.url) ~= "string" and type(spec.url) ~= "function" then
    usage("link: url: expected a template such as \"https://jira.example.com/browse/{}\", got %s", describe(spec.url))
  end
  local index = state.ruleset.index
  local ctx = { key = true, max_capture = 0 }
  local url = compile_value(spec.url, "link: url", ctx, position)
  local name = compile_value(spec.name or "{}", "link: name", ctx, position)
  local match, captures = compile_when(spec.when, "link: when", index, ctx.max_capture > 0 or ctx.function_value == true)
  if ctx.max_capture > 0 and (captures < 0 or captures < ctx.max_capture) then
    usage("link: {%d} needs a capture of `when` (it has %s)", ctx.max_capture, captures < 0 and "several" or captures)
  end
  local from = spec.from or { "name", "message", "tag", kind }
  if type(from) == "string" then from = { from } end
  if type(from) ~= "table" or #from == 0 then usage("link: from: expected a list of field or label names") end
  local sources = {}
  for i, source in ipairs(from) do
    if type(source) ~= "string" then usage("link: from[%d]: expected a field or label name, got %s", i, describe(source)) end
    check_field_or_label(source, "link: from")
    sources[i] = { field = FIELDS[source], title = source == "titlePath", label = source,
                   slot = not FIELDS[source] and source ~= "titlePath" and slot_of(index, source) or nil,
                   consume = source == kind }
  end

  -- Adds the link for one key unless the result has one with that URL already.
  local function add(r, info, caps, k)
    local u = url(r, info, caps, k)
    if not u or not find(u, "%S") then return end
    local links = r.links
    if not links then
      links = {}
      r.links = links
    end
    for i = 1, #links do
      if links[i].url == u then return end
    end
    links[#links + 1] = { type = kind, url = u, name = name(r, info, caps, k) }
  end
  local function scan(r, info, caps, text)
    if type(text) ~= "string" then text = tostring(text) end
    if not find(text, key) then return false end
    for k in gmatch(text, key) do add(r, info, caps, type(k) == "string" and k or tostring(k)) end
    return true
  end

  local function holds_key(v) return find(v, key) ~= nil end
  add_rule(state, match, function(r, info, caps)
    for _, source in ipairs(sources) do
      if source.field then
        local v = source.field(r, info)
        if v ~= nil then scan(r, info, caps, v) end
      elseif source.title then
        local path = r.titlePath
        if path then for i = 1, #path do scan(r, info, caps, path[i]) end end
      else
        local slot, found = source.slot, false
        for i = 1, slot.n do
          if scan(r, info, caps, slot[i]) then found = true end
        end
        if found and source.consume then remove_labels(index, r, source.label, holds_key) end
      end
    end
  end)
end

-- set(field, value [, when]) for the fields a rule may set.
local SETTABLE = { name = true, fullName = true, testCaseId = true, description = true, descriptionHtml = true,
                   status = true, message = true }

function verbs.set(state, position, field, value, when, extra)
  if type(field) ~= "string" or not SETTABLE[field] then
    local names = {}
    for f in pairs(SETTABLE) do names[#names + 1] = f end
    table.sort(names)
    usage("set: field: expected one of %s, got %s", concat(names, ", "), describe(field))
  end
  if extra ~= nil then usage("set: too many arguments") end
  local match, produce, constant = when_and_value(state, value, when, position, "set")
  if field == "status" and constant and not STATUSES[constant] then
    usage("set: status %q is not one of passed, failed, broken, skipped, unknown", constant)
  end
  local run
  if field == "status" then
    run = function(r, info, caps)
      local v = produce(r, info, caps)
      if v and STATUSES[v] then r.status = v end
    end
  elseif field == "message" then
    run = function(r, info, caps)
      local v = produce(r, info, caps)
      if v then details_of(r).message = v end
    end
  else
    run = function(r, info, caps)
      local v = produce(r, info, caps)
      if v and (field ~= "name" and field ~= "fullName" and field ~= "testCaseId" or find(v, "%S")) then
        r[field] = v
      end
    end
  end
  add_rule(state, match, run)
end

-- renamed(old_fullName [, when]): the result keeps the test case of its old
-- name: testCaseId = md5(old fullName), what the writer derived before.
function verbs.renamed(state, position, old, when, extra)
  if extra ~= nil then usage("renamed: too many arguments") end
  local match, produce = when_and_value(state, old, when, position, "renamed")
  add_rule(state, match, function(r, info, caps)
    local v = produce(r, info, caps)
    if v and find(v, "%S") then r.testCaseId = writer.md5(v) end
  end)
end

local PARAMETER_KEYS = { excluded = true, mode = true, remove = true }

-- parameter(name, { excluded=, mode=, remove= } [, when])
function verbs.parameter(state, _, name, changes, when, extra)
  if extra ~= nil then usage("parameter: too many arguments") end
  local matches
  if type(name) == "string" then
    check_name(name, "parameter: name")
    matches = function(n) return n == name end
  elseif getmetatable(name) == Glob then
    local pattern = name.pattern
    matches = function(n) return find(n, pattern) ~= nil end
  else
    usage("parameter: name: expected a parameter name or glob(...), got %s", describe(name))
  end
  if type(changes) ~= "table" or next(changes) == nil then
    usage("parameter: expected a table of changes: { excluded = true }, { mode = \"masked\" }, { remove = true }")
  end
  check_keys(changes, PARAMETER_KEYS, "parameter")
  local excluded, mode, remove = changes.excluded, changes.mode, changes.remove
  if excluded ~= nil and type(excluded) ~= "boolean" then usage("parameter: excluded: expected true or false") end
  if remove ~= nil and type(remove) ~= "boolean" then usage("parameter: remove: expected true or false") end
  if mode ~= nil and not MODES[mode] then
    usage("parameter: mode: expected \"default\", \"masked\" or \"hidden\", got %s", describe(mode))
  end
  local match = compile_when(when, "parameter: when", state.ruleset.index, false)
  add_rule(state, match, function(r)
    local params = r.parameters
    if not params then return end
    local n, w = #params, 0
    for i = 1, n do
      local p = params[i]
      if not matches(p.name) then
        w = w + 1
        params[w] = p
      elseif not remove then
        if (excluded ~= nil and (p.excluded or false) ~= excluded) or (mode ~= nil and (p.mode or "default") ~= mode) then
          local copy = {}
          for k, v in pairs(p) do copy[k] = v end
          if excluded ~= nil then copy.excluded = excluded end
          if mode ~= nil then copy.mode = mode end
          p = copy
        end
        w = w + 1
        params[w] = p
      end
    end
    for i = w + 1, n do params[i] = nil end
  end)
end

-- set_parameter(name, value [, when]): the parameter `name` gets `value` (a template,
-- a number or a function), replacing one of that name or added after the others. It
-- is part of the identity, so results that differ in it (the legs of a CI matrix) keep
-- histories of their own.
function verbs.set_parameter(state, position, name, value, when, extra)
  check_name(name, "set_parameter: name")
  if extra ~= nil then usage("set_parameter: too many arguments") end
  local match, produce = when_and_value(state, value, when, position, "set_parameter")
  add_rule(state, match, function(r, info, caps)
    local v = produce(r, info, caps)
    if v == nil then return end
    local params = r.parameters
    for i = 1, #params do
      if params[i].name == name then
        local copy = {}
        for k, x in pairs(params[i]) do copy[k] = x end
        copy.value = v
        params[i] = copy
        return
      end
    end
    params[#params + 1] = { name = name, value = v }
  end)
end

-- parameters_from_name(pattern, names [, when]): the first capture is the name
-- without its parameters; the others are the values of `names`.
function verbs.parameters_from_name(state, _, pattern, names, when, extra)
  if extra ~= nil then usage("parameters_from_name: too many arguments") end
  local captures = check_pattern(pattern, "parameters_from_name: pattern")
  if type(names) == "string" then names = { names } end
  if type(names) ~= "table" or #names == 0 then
    usage("parameters_from_name: names: expected a list of parameter names, got %s", describe(names))
  end
  for i, n in ipairs(names) do check_name(n, ("parameters_from_name: names[%d]"):format(i)) end
  if captures ~= #names + 1 then
    usage("parameters_from_name: pattern %q has %d captures; expected %d (the name without parameters, then one per name)",
      pattern, captures, #names + 1)
  end
  local index = state.ruleset.index
  local match = compile_when(when, "parameters_from_name: when", index, false)
  add_rule(state, match, function(r)
    local name = r.name
    if type(name) ~= "string" or not find(name, pattern) then return end
    local caps = { name:match(pattern) }
    local base = caps[1]
    if type(base) ~= "string" or not find(base, "%S") then return end
    r.parameters = r.parameters or {}
    for i, pname in ipairs(names) do
      if first_parameter(r, pname) == nil and caps[i + 1] ~= nil then
        r.parameters[#r.parameters + 1] = { name = pname, value = tostring(caps[i + 1]) }
      end
    end
    -- The identity must not hold the parameters: fullName ends with the name.
    local full = r.fullName
    if type(full) == "string" and #full >= #name and full:sub(-#name) == name then
      r.fullName = full:sub(1, #full - #name) .. base
    end
    if first_label(r, "testMethod") == name then set_label(index, r, "testMethod", base) end
  end)
end

-- flag(which [, when]): statusDetails.flaky / muted / known = true.
function verbs.flag(state, _, which, when, extra)
  if extra ~= nil then usage("flag: too many arguments") end
  if not FLAGS[which] then usage("flag: expected \"flaky\", \"muted\" or \"known\", got %s", describe(which)) end
  local match = compile_when(when, "flag: when", state.ruleset.index, false)
  add_rule(state, match, function(r)
    if not (r.statusDetails and r.statusDetails[which]) then details_of(r)[which] = true end
  end)
end

local CODEOWNERS_KEYS = { path = true, root = true, first = true, override = true, keep_at = true, when = true }

local function join(dir, path)
  if path:sub(1, 1) == "/" or dir == "." then return path end
  return dir .. "/" .. path
end

-- codeowners(file [, opts]): owner labels from a CODEOWNERS file for the test's
-- source path (opts.path, a template; default "{file}").
function verbs.codeowners(state, position, file, opts, extra)
  if extra ~= nil then usage("codeowners: too many arguments") end
  check_name(file, "codeowners: file")
  opts = opts or {}
  if type(opts) ~= "table" then usage("codeowners: expected a table of options, got %s", type(opts)) end
  check_keys(opts, CODEOWNERS_KEYS, "codeowners")
  for _, k in ipairs { "first", "override", "keep_at" } do
    if opts[k] ~= nil and type(opts[k]) ~= "boolean" then usage("codeowners: %s: expected true or false", k) end
  end
  local path_of_file = join(state.dir, file)
  local owners, err = codeowners.load(path_of_file)
  if not owners then usage("codeowners: %s", err) end
  -- The repository root: where CODEOWNERS lies, or above .github/, .gitlab/, docs/.
  local root = opts.root
  if root ~= nil then
    check_name(root, "codeowners: root")
    root = join(state.dir, root)
  else
    root = path_of_file:match("^(.*)/[^/]*$") or "."
    local parent, last = root:match("^(.*)/([^/]*)$")
    if not last then parent, last = ".", root end
    if last == ".github" or last == ".gitlab" or last == "docs" then root = parent end
  end
  local real_root = host.realpath(root)
  if not real_root then usage("codeowners: root %s: no such directory", root) end
  local ctx = { max_capture = 0 }
  local path = compile_value(opts.path or "{file}", "codeowners: path", ctx, position)
  local match, captures = compile_when(opts.when, "codeowners: when", state.ruleset.index,
    ctx.max_capture > 0 or ctx.function_value == true)
  if ctx.max_capture > 0 and (captures < 0 or captures < ctx.max_capture) then
    usage("codeowners: path: {%d} needs a capture of `when`", ctx.max_capture)
  end
  local prefix = real_root == "/" and "/" or real_root .. "/"
  local cache, cached = {}, 0
  local function owners_of(p)
    local hit = cache[p]
    if hit then return hit end
    local rel = p:gsub("\\", "/"):gsub("^[Ff][Ii][Ll][Ee]://", ""):gsub("^%./", "")
    local list
    if rel:sub(1, 1) == "/" then
      if rel:sub(1, #prefix) == prefix then list = owners:owners_of(rel:sub(#prefix + 1)) else list = {} end
    else
      list = owners:owners_of(rel)
    end
    for i, o in ipairs(list) do
      if not opts.keep_at then list[i] = o:gsub("^@+", "") end
    end
    -- Tests of one file share a path: a cache, bounded for runs over many files.
    if cached >= 50000 then cache, cached = {}, 0 end
    cache[p], cached = list, cached + 1
    return list
  end
  local first, override = opts.first, opts.override
  local index = state.ruleset.index
  local owner = slot_of(index, "owner")
  add_rule(state, match, function(r, info, caps)
    if not override and owner.n > 0 then return end
    local p = path(r, info, caps)
    if not p or p == "" then return end
    local list = owners_of(p)
    if #list == 0 then return end
    if override then remove_labels(index, r, "owner") end
    for i = 1, first and 1 or #list do add_label(index, r, "owner", list[i]) end
  end)
end

local CATEGORY_KEYS = {
  name = true, description = true, descriptionHtml = true, statuses = true, matchedStatuses = true,
  message = true, messageRegex = true, trace = true, traceRegex = true,
  message_contains = true, trace_contains = true, flaky = true,
}

-- A regular expression (Java's and JavaScript's syntax) for "contains this text".
local function contains_regex(text)
  return ".*" .. text:gsub("[\\%^%$%.%|%?%*%+%(%)%[%]{}]", "\\%0") .. ".*"
end

-- category { name=, statuses=, message=, trace=, message_contains=, trace_contains=, flaky= }
function verbs.category(state, _, spec, extra)
  if type(spec) ~= "table" then usage("category: expected a table { name = ..., statuses = ... }, got %s", type(spec)) end
  if extra ~= nil then usage("category: too many arguments") end
  check_keys(spec, CATEGORY_KEYS, "category")
  check_name(spec.name, "category: name")
  local out = { name = spec.name }
  local statuses = spec.statuses or spec.matchedStatuses
  if spec.statuses and spec.matchedStatuses then usage("category: statuses and matchedStatuses are the same; give one") end
  if statuses ~= nil then
    if type(statuses) == "string" then statuses = { statuses } end
    if type(statuses) ~= "table" then usage("category: statuses: expected a list of statuses") end
    out.matchedStatuses = {}
    for i, s in ipairs(statuses) do
      if not STATUSES[s] then
        usage("category: statuses[%d]: %s is not one of passed, failed, broken, skipped, unknown", i, describe(s))
      end
      out.matchedStatuses[i] = s
    end
  end
  for _, pair in ipairs { { "message", "messageRegex" }, { "trace", "traceRegex" } } do
    local short, long = pair[1], pair[2]
    local given = {}
    for _, k in ipairs { short, long, short .. "_contains" } do
      if spec[k] ~= nil then
        if type(spec[k]) ~= "string" then usage("category: %s: expected a string, got %s", k, type(spec[k])) end
        given[#given + 1] = k
      end
    end
    if #given > 1 then usage("category: %s: give one of them", concat(given, ", ")) end
    if spec[short .. "_contains"] then
      out[long] = contains_regex(spec[short .. "_contains"])
    else
      out[long] = spec[short] or spec[long]
    end
  end
  if spec.flaky ~= nil then
    if type(spec.flaky) ~= "boolean" then usage("category: flaky: expected true or false") end
    out.flaky = spec.flaky
  end
  for _, k in ipairs { "description", "descriptionHtml" } do
    if spec[k] ~= nil then
      if type(spec[k]) ~= "string" then usage("category: %s: expected a string", k) end
      out[k] = spec[k]
    end
  end
  local list = state.ruleset.category_list
  list[#list + 1] = out
end

-- each(function(result, info) ... end [, when])
function verbs.each(state, _, fn, when, extra)
  if type(fn) ~= "function" then usage("each: expected a function(result, info), got %s", type(fn)) end
  if extra ~= nil then usage("each: too many arguments") end
  local match = compile_when(when, "each: when", state.ruleset.index, false)
  add_rule(state, match, fn, true)
end

local VERB_NAMES = {}
for name in pairs(verbs) do VERB_NAMES[#VERB_NAMES + 1] = name end
table.sort(VERB_NAMES)

--}

--{ The sandbox ----------------------------------------------------------------------

-- Result helpers for each() hooks; like the verbs, they never edit an entry in place.
local labels_api = {
  get = function(r, name) return first_label(r, name) end,
  all = function(r, name)
    local out = {}
    for _, l in ipairs(r.labels or {}) do
      if l.name == name then out[#out + 1] = l.value end
    end
    return out
  end,
  set = function(r, name, value) set_label(nil, r, name, tostring(value)) end,
  add = function(r, name, value) add_label(nil, r, name, tostring(value)) end,
  remove = function(r, name, value)
    remove_labels(nil, r, name, value ~= nil and function(v) return v == tostring(value) end or nil)
  end,
}

local function copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

local BASICS = { "assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget", "rawlen", "rawset",
                 "select", "setmetatable", "getmetatable", "tonumber", "tostring", "type", "xpcall", "_VERSION" }

-- Reading an unknown name is a mistake, reported with the nearest name (a verb first).
local function strict(t, what)
  return setmetatable(t, { __index = function(_, k)
    local names = {}
    for name in pairs(t) do if type(name) == "string" then names[#names + 1] = name end end
    table.sort(names)
    local hint = type(k) == "string" and (nearest(k, VERB_NAMES) or nearest(k, names))
    error(("unknown %s %s%s"):format(what, describe(k), hint and (" (did you mean '%s'?)"):format(hint) or ""), 2)
  end })
end

local function sandbox(state)
  local env = {}
  for _, name in ipairs(BASICS) do env[name] = _G[name] end
  env.string, env.table, env.math, env.utf8 = copy(string), copy(table), copy(math), copy(utf8)
  env.os = { getenv = os.getenv, time = os.time, date = os.date, clock = os.clock }
  env.print = function(...)
    local parts = {}
    for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
    io.stderr:write(concat(parts, "\t"), "\n")
  end
  env.glob = function(s)
    local ok, g = pcall(glob, s)
    if ok then return g end
    if getmetatable(g) == Usage then error(g.message, 2) end
    error(g, 0)
  end
  env.md5 = writer.md5
  env.labels = labels_api
  local namespace = {}
  for name, impl in pairs(verbs) do
    local verb = function(...)
      -- A verb adds a rule: from a hook, while results are applied, it would
      -- add one per result.
      if not state.loading then error(("%s: rules are made while the rules file loads, not in a hook"):format(name), 2) end
      local position = caller_position()
      local ok, err = pcall(impl, state, position, ...)
      if ok then return end
      if getmetatable(err) == Usage then error(err.message, 2) end
      error(err, 0)
    end
    env[name], namespace[name] = verb, verb
  end
  env.rules = strict(namespace, "verb")
  env._G = env
  return strict(env, "verb or name")
end

--}

--{ Loading --------------------------------------------------------------------------

-- The name Lua gives a chunk "@path" in messages: long paths lose their start.
local function chunk_id(path)
  if #path + 1 <= 60 then return path end
  return "..." .. path:sub(-56)
end

-- Messages name the rules file in full, whatever its length.
local function with_full_path(message, path)
  if type(message) ~= "string" then
    return ("%s: error object is a %s value"):format(path, type(message))
  end
  local id = chunk_id(path)
  if id ~= path and message:sub(1, #id + 1) == id .. ":" then return path .. message:sub(#id + 1) end
  if message:sub(1, #path + 1) ~= path .. ":" then return path .. ": " .. message end
  return message
end

local function load_file(ruleset, path)
  local f, open_err = io.open(path, "rb")
  if not f then error(("%s: cannot read the rules file: %s"):format(path, open_err), 0) end
  local text = f:read("a")
  f:close()
  local state = { ruleset = ruleset, path = path, dir = path:match("^(.*)/[^/]*$") or "." }
  local chunk, err = load(text, "@" .. path, "t", sandbox(state))
  if not chunk then error(with_full_path(err, path), 0) end
  state.loading = true
  local ok, run_err = pcall(chunk)
  state.loading = false
  if not ok then error(with_full_path(run_err, path), 0) end
end

local Ruleset = {}
Ruleset.__index = Ruleset

-- Loads the rules files in order into one ruleset. A mistake raises
-- "FILE:LINE: what is wrong".
function rules.load(paths)
  if type(paths) == "string" then paths = { paths } end
  local ruleset = setmetatable({ list = {}, category_list = {}, index = new_index() }, Ruleset)
  for _, path in ipairs(paths) do load_file(ruleset, path) end
  return ruleset
end

local NO_INFO = {}

-- Applies every rule, in the order of the files, to one result (in place).
-- info = { input = "report path", script = "junit", file = "source path" }.
function Ruleset:apply(result, info)
  info = info or NO_INFO
  local index = self.index
  fill_index(index, result)
  local list = self.list
  for i = 1, #list do
    local rule = list[i]
    local when = rule.when
    local ok, caps = true, nil
    if when then ok, caps = when(result, info) end
    if ok then
      rule.run(result, info, caps)
      if rule.refill then fill_index(index, result) end
    end
  end
end

-- categories.json from the category rules, or nil when there are none.
function Ruleset:categories()
  if #self.category_list == 0 then return nil end
  local out = {}
  for i, c in ipairs(self.category_list) do out[i] = copy(c) end
  return out
end

-- The names a rules file can use, for docs and tests.
rules.VERBS = VERB_NAMES

--}

return rules
