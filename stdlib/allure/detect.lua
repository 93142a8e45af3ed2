-- Recognising a report's format from its content, for `allure-lua auto` and
-- `allure-lua detect`. Each script may declare
--   detect = function(sniff) return score, reason end
-- with a score from 1 (could be) to 100 (certain); the best score wins. A sniff
-- holds cheap facts about the start of a file, computed once and shared by all
-- the scripts' detect functions.
local xml = require "allure.xml"
local json = require "allure.json"

local detect = {}

local HEAD = 16384

local Sniff = {}
Sniff.__index = Sniff

-- The first HEAD bytes of a file; nil, err when it cannot be read.
function detect.sniff(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local head = f:read(HEAD) or ""
  f:close()
  return setmetatable({ name = path, head = head }, Sniff)
end

-- The head with a UTF-8 byte order mark removed.
function Sniff:text()
  if self._text == nil then self._text = self.head:gsub("^\239\187\191", "") end
  return self._text
end

-- "empty", "binary", "xml", "json" (a document starting with { or [), "ndjson"
-- (a first line that is a whole JSON object), or "text".
function Sniff:kind()
  if self._kind then return self._kind end
  local text = self:text()
  local kind
  if not text:find("%S") then
    kind = "empty"
  elseif text:find("^\255\254") or text:find("^\254\255") then
    kind = "xml"                                   -- UTF-16: only XML reports come that way
  elseif text:find("%z") then
    kind = "binary"
  elseif text:find("^%s*<") then
    kind = "xml"
  elseif text:find("^%s*[%[{]") then
    local first = text:match("^%s*([^\n]*)")
    kind = (first:find("^{") and json.decode(first)) and text:find("\n%s*{") and "ndjson" or "json"
  else
    kind = "text"
  end
  self._kind = kind
  return kind
end

-- The root element of an XML file: { name =, ns =, attrs = } or nil.
function Sniff:xml_root()
  if self._root ~= nil then return self._root or nil end
  self._root = false
  if self:kind() ~= "xml" then return nil end
  -- Several documents in one file: libtest's JUnit writes a declaration alone for a test
  -- binary that exited before its report, then the next binary's document. The root
  -- is the first document's that has one.
  local r = xml.open(self.name, { name = self.name, documents = "many", warn = function() end })   -- the converter warns
  if r then
    local event, name = r:next()
    for _ = 1, 16 do
      if event ~= "empty" then break end
      event, name = r:next()
    end
    if event == "start" then
      local attrs = r:attrs()
      self._root = { name = name, attrs = attrs, ns = attrs.xmlns }
    end
    r:close()
  end
  return self._root or nil
end

-- Keys of the top-level object (or of the first object of a top-level array)
-- that appear in the head, in order: enough to tell JSON report formats apart
-- without reading a large document.
function Sniff:json_keys()
  if self._keys then return self._keys end
  local keys, text = {}, self:text()
  local depth, target = 0, nil
  local i, n = 1, #text
  while i <= n do
    local c = text:sub(i, i)
    if c == '"' then
      local j = i + 1
      while j <= n do
        local d = text:sub(j, j)
        if d == "\\" then j = j + 2 elseif d == '"' then break else j = j + 1 end
      end
      if depth == target and text:find("^%s*:", j + 1) then keys[#keys + 1] = text:sub(i + 1, j - 1) end
      i = j + 1
    else
      if c == "{" or c == "[" then
        depth = depth + 1
        if c == "{" and target == nil then target = depth end
      elseif c == "}" or c == "]" then
        depth = depth - 1
        if target and depth < target then break end
      end
      i = i + 1
    end
  end
  self._keys = keys
  return keys
end

-- True when the top-level keys include every one named.
function Sniff:has_keys(...)
  local set = {}
  for _, k in ipairs(self:json_keys()) do set[k] = true end
  for _, k in ipairs { ... } do
    if not set[k] then return false end
  end
  return true
end

-- The first line decoded as JSON (NDJSON streams), or nil.
function Sniff:first_json()
  if self._first == nil then
    local line = self:text():match("^%s*([^\r\n]*)")
    self._first = json.decode(line) or false
  end
  return self._first or nil
end

-- The first n lines of the head.
function Sniff:lines(n)
  local lines = {}
  for line in self:text():gmatch("([^\n]*)\n?") do
    if #lines >= n then break end
    lines[#lines + 1] = line:gsub("\r$", "")
  end
  return lines
end

-- Allure's own result files are not reports to convert.
local ALLURE_NAMES = { "%-result%.json$", "%-container%.json$", "%-attachment", "%-globals%.json$",
                       "^environment%.properties$", "^executor%.json$", "^categories%.json$" }

-- The best script for a file: script, score, reason; or nil, why not and, when the
-- file could not be read at all, "unreadable".
-- scripts: array of loaded scripts (tables with name and detect).
function detect.choose(path, scripts)
  local sniff, err = detect.sniff(path)
  if not sniff then return nil, err, "unreadable" end
  -- A name like Allure's is not enough ("cucumber-result.json" is a report): a result or
  -- container file is a JSON object with a uuid.
  local base = path:match("([^/]*)$")
  for _, pattern in ipairs(ALLURE_NAMES) do
    if base:find(pattern) and (not base:find("%.json$") or (sniff:kind() == "json" and sniff:has_keys("uuid"))) then
      return nil, "already an Allure result file"
    end
  end
  local kind = sniff:kind()
  if kind == "empty" then return nil, "empty file" end
  if kind == "binary" then return nil, "binary file" end
  local best, best_score, best_reason = nil, 0, nil
  for _, script in ipairs(scripts) do
    if type(script.detect) == "function" then
      local score, reason = script.detect(sniff)
      if score and score > best_score then
        best, best_score, best_reason = script, score, reason
      end
    end
  end
  if not best then
    local root = kind == "xml" and sniff:xml_root()
    return nil, root and ("no script reads XML with root <%s>"):format(root.name)
      or ("no script recognises this %s file"):format(kind)
  end
  return best, best_score, best_reason
end

return detect
