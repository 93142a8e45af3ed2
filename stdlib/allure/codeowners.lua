-- CODEOWNERS files (GitHub, GitLab, Bitbucket): who owns a source file.
--
-- Patterns follow GitHub's rules, which are gitignore's minus negation (!) and
-- character ranges ([a-z]): a leading / anchors at the root; a pattern with a
-- slash in the middle is anchored too, one without matches at any depth; a
-- trailing / matches what is under a directory; * and ? stay within one path
-- segment, ** spans any number; a pattern that names a directory owns
-- everything below it. The last matching line wins, and a line without owners
-- leaves the file unowned. GitLab's [Section] headers are understood: each
-- section is matched on its own (the last match in it wins, a line without
-- owners takes the section's default owners) and the owners of every section
-- add up.
local codeowners = {}

local Owners = {}
Owners.__index = Owners

-- One segment of a pattern as an anchored Lua pattern: * and ? do not cross a
-- slash, \x is a literal x.
local function segment_pattern(seg)
  local out, i = { "^" }, 1
  while i <= #seg do
    local c = seg:sub(i, i)
    if c == "\\" and i < #seg then
      i = i + 1
      out[#out + 1] = (seg:sub(i, i):gsub("%W", "%%%0"))
    elseif c == "*" then
      out[#out + 1] = "[^/]*"
    elseif c == "?" then
      out[#out + 1] = "[^/]"
    else
      out[#out + 1] = (c:gsub("%W", "%%%0"))
    end
    i = i + 1
  end
  out[#out + 1] = "$"
  return table.concat(out)
end

-- Compiles a pattern into a list of segment matchers:
--   { kind = "any" }   zero or more segments (a leading or inner **)
--   { kind = "rest" }  one or more segments (a trailing ** or a trailing /)
--   { kind = "one" }   exactly one segment (a lone *)
--   { kind = "seg", pattern = lua pattern, tail = bool }  one segment; `tail`:
--                      the last one, which also owns what lies below it.
-- Returns the list, or nil and what is wrong.
local function compile(pattern)
  if pattern:find("***", 1, true) then return nil, "three asterisks in a row" end
  if pattern:sub(1, 1) == "!" then return nil, "negation (!) is not supported in CODEOWNERS" end
  if pattern:find("[", 1, true) then return nil, "character ranges ([...]) are not supported in CODEOWNERS" end
  if pattern == "/" then return {} end                 -- matches nothing
  local segs = {}
  for seg in (pattern .. "/"):gmatch("([^/]*)/") do segs[#segs + 1] = seg end
  local anchored = segs[1] == ""
  if anchored then
    table.remove(segs, 1)
  elseif #segs == 1 or (#segs == 2 and segs[2] == "") then
    -- one name without a slash before its end: at any depth
    if segs[1] ~= "**" then table.insert(segs, 1, "**") end
  end
  if #segs > 1 and segs[#segs] == "" then segs[#segs] = "**" end
  local list = {}
  for i, seg in ipairs(segs) do
    local last = i == #segs
    if seg == "**" then
      if #segs == 1 then
        list[#list + 1] = { kind = "rest" }
      else
        list[#list + 1] = { kind = last and "rest" or "any" }
      end
    elseif seg == "*" then
      list[#list + 1] = { kind = "one" }
    elseif seg ~= "" then
      list[#list + 1] = { kind = "seg", pattern = segment_pattern(seg), tail = last }
    end
  end
  return list
end

-- Does the compiled pattern `m` match segments[i..]?
local function match_from(m, j, segs, i)
  local step = m[j]
  if not step then return i > #segs end
  local kind = step.kind
  if kind == "any" then
    for k = i, #segs + 1 do
      if match_from(m, j + 1, segs, k) then return true end
    end
    return false
  elseif kind == "rest" then
    return i <= #segs
  elseif kind == "one" then
    return i <= #segs and segs[i] ~= "" and match_from(m, j + 1, segs, i + 1)
  else
    if i > #segs or not segs[i]:find(step.pattern) then return false end
    return step.tail or match_from(m, j + 1, segs, i + 1)
  end
end

-- Does a CODEOWNERS pattern match a path (relative to the repository root, "/"
-- separated)? Raises on a pattern that CODEOWNERS does not accept.
function codeowners.match(pattern, path)
  local m, err = compile(pattern)
  if not m then error(err, 2) end
  local segs = {}
  for seg in path:gmatch("[^/]+") do segs[#segs + 1] = seg end
  return #m > 0 and match_from(m, 1, segs, 1)
end

local function split_owners(text)
  local owners = {}
  for owner in text:gmatch("%S+") do owners[#owners + 1] = owner end
  return owners
end

-- Parses CODEOWNERS text. name is used in messages ("CODEOWNERS:12: ...").
-- Returns an owners object, or nil and "name:LINE: what is wrong".
function codeowners.parse(text, name)
  name = name or "CODEOWNERS"
  local sections = { { rules = {}, defaults = {} } }
  local lineno = 0
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    lineno = lineno + 1
    line = line:gsub("\r$", "")
    local body = line:match("^%s*(.-)%s*$")
    if body ~= "" and body:sub(1, 1) ~= "#" then
      -- GitLab: [Section], ^[Optional section], [Section][2] @default-owners
      local header, rest = body:match("^%^?%[([^%]]*)%]%s*(.*)$")
      if header then
        rest = rest:gsub("^%[%d+%]%s*", "")
        sections[#sections + 1] = { rules = {}, defaults = split_owners((rest:gsub("%s#.*$", ""))) }
      else
        -- The pattern runs to the first blank not escaped by "\"; a # starts a comment.
        local pattern_end, i = #body, 1
        while i <= #body do
          local c = body:sub(i, i)
          if c == "\\" then
            i = i + 1
          elseif c:match("%s") then
            pattern_end = i - 1
            break
          end
          i = i + 1
        end
        local pattern = body:sub(1, pattern_end):gsub("\\#", "#")
        local owners_text = body:sub(pattern_end + 1):gsub("%s#.*$", "")
        local compiled, err = compile(pattern)
        if not compiled then return nil, ("%s:%d: %s: %s"):format(name, lineno, pattern, err) end
        local section = sections[#sections]
        local owners = split_owners(owners_text)
        if #owners == 0 and #sections > 1 then owners = section.defaults end
        section.rules[#section.rules + 1] = { matcher = compiled, owners = owners }
      end
    end
  end
  return setmetatable({ sections = sections }, Owners)
end

-- The owners of a path (relative to the repository root): an array, empty when
-- no line owns it. Owners are as written ("@org/team", "@alice", "a@b.org").
function Owners:owners_of(path)
  local segs = {}
  for seg in path:gsub("\\", "/"):gsub("^%./", ""):gmatch("[^/]+") do segs[#segs + 1] = seg end
  local all = {}
  for _, section in ipairs(self.sections) do
    for i = #section.rules, 1, -1 do
      local rule = section.rules[i]
      if #rule.matcher > 0 and match_from(rule.matcher, 1, segs, 1) then
        for _, owner in ipairs(rule.owners) do all[#all + 1] = owner end
        break
      end
    end
  end
  return all
end

-- Reads and parses a CODEOWNERS file: owners | nil, err.
function codeowners.load(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local text = f:read("a")
  f:close()
  return codeowners.parse(text, path)
end

return codeowners
