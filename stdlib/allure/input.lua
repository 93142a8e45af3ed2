-- One input of a run: a file, or standard input. Scripts open it with the reader
-- that fits the format; the driver closes whatever was opened when convert returns.
-- The readers load on first use: a run needs one of them (docs/performance.md, start-up).
local function xml() return require "allure.xml" end
local function json() return require "allure.json" end

local Input = {}
Input.__index = Input

-- path nil = standard input. mtime: the file's modification time in ms, if known.
-- named: the user named this input (a file argument or standard input), rather than
-- it being found in a directory.
function Input.new(path, mtime, named)
  return setmetatable({
    named = named or false,
    path = path or "-",          -- as given on the command line
    file = path,                 -- what to open; nil for standard input
    name = path or "<stdin>",    -- for messages
    mtime = mtime,
    handles = {},
  }, Input)
end

local function track(self, handle, err)
  if handle then self.handles[#self.handles + 1] = handle end
  return handle, err
end

-- Where a reader's warnings go: self.warn(message, "name:line"), which the driver
-- sets to the run's ctx:warn, less those an earlier reader of this input gave at the
-- same place. A script that reads its input twice (TRX, Robot's look-ahead) warns once.
local function reader_warn(self)
  local warn = self.warn
  if not warn then return nil end
  local earlier, given = self.warned or {}, {}
  self.warned = earlier
  earlier[#earlier + 1] = given
  local n = #earlier
  return function(message, where)
    local key = (where or "") .. "\0" .. message
    for i = 1, n - 1 do
      if earlier[i][key] then return end
    end
    given[key] = true
    warn(message, where)
  end
end

-- A streaming XML reader (allure.xml) over the input; opts as xml.open's
-- (documents = "many" for files that hold several documents one after another).
-- The reader's warnings (an entity kept as written, a text cut at max_text) go
-- to reader_warn's function.
function Input:xml(opts)
  return track(self, xml().open(self.file, { name = self.name, documents = opts and opts.documents,
                                             warn = reader_warn(self) }))
end

-- The XML reader positioned at the root element, when the root is one of
-- `roots` (a list of names): reader, root name. A document that is malformed
-- before its root gives nil, err; another root gives false and
-- "file:line: not WHAT: root element <x>, expected <a> or <b>" (what: "a TestNG
-- report"), which tells the user the script does not fit the file.
function Input:xml_root(what, roots, opts)
  local r, err = self:xml(opts)
  if not r then return nil, err end
  local event, name = r:next()
  if not event then return nil, name or (self.name .. ": no root element") end
  if event == "empty" then   -- documents = "many": the first document is only a declaration
    return nil, ("%s:%d: Document has no root element"):format(self.name, r:line())
  end
  for _, root in ipairs(roots) do
    if name == root then return r, name end
  end
  local expected = {}
  for i, root in ipairs(roots) do expected[i] = "<" .. root .. ">" end
  return false, ("%s:%d: not %s: root element <%s>, expected %s")
    :format(self.name, r:line(), what, name, table.concat(expected, " or "))
end

-- A line stream (allure.json.lines) over the input: s:read() for text, s:decode() for NDJSON.
-- The caller's options with the input's name for messages (a copy: never changed in place).
local function named(self, opts)
  local copy = { name = self.name }
  for k, v in pairs(opts or {}) do copy[k] = v end
  return copy
end

function Input:lines(opts)
  return track(self, json().lines(self.file, named(self, opts)))
end

-- The whole input decoded as one JSON document.
function Input:json(opts)
  return json().read(self.file, named(self, opts))
end

function Input:close()
  for i = #self.handles, 1, -1 do
    self.handles[i]:close()
    self.handles[i] = nil
  end
end

return Input
