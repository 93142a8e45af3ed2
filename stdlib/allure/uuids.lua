-- A list of result uuids that may grow with the report: the tests of a suite, for
-- the container written at its end (junit: suite-level output and errors, known
-- only then). A flat report (pytest) puts every test in one suite: past SPILL uuids
-- they go to an anonymous temporary file, so memory does not grow with the report.
local SPILL = 4096
local List = {}
List.__index = List

local uuids = {}

function uuids.new()
  return setmetatable({ n = 0 }, List)
end

function List:add(uuid)
  local n = self.n + 1
  self.n = n
  if n > SPILL and self.file == nil then self.file = io.tmpfile() or false end
  if n > SPILL and self.file then
    self.file:write(uuid, "\n")
  else
    self[n] = uuid                            -- no temporary file: all in memory
  end
end

-- Calls fn(uuid) for each, in order.
function List:each(fn)
  local kept = self.file and SPILL or self.n
  for i = 1, kept do fn(self[i]) end
  if self.file then
    local f, seen = self.file, kept
    f:seek("set")
    for uuid in f:lines() do
      fn(uuid)
      seen = seen + 1
    end
    f:seek("end")
    if seen ~= self.n then error(("allure.uuids: lost %d test uuids in a temporary file"):format(self.n - seen), 0) end
  end
end

function List:append(other)
  other:each(function(uuid) self:add(uuid) end)
end

function List:array()
  local all = {}
  self:each(function(uuid) all[#all + 1] = uuid end)
  return all
end

function List:close()
  if self.file then self.file:close() end
  self.file = nil
end

return uuids
