-- A compact store of records by string key, for joining two parts of a report without
-- holding one of them as tables (TRX: 100k test definitions by test id took 190 MB as
-- tables, 8 MB so). A record is its values packed with string.pack into 64 KB chunks,
-- found by the first 60 bits of its key's md5 (an integer key: one table slot, no string
-- kept); the next 60 bits, in the record, tell a collision (1 in 2^60), whose record is
-- then kept apart by its key, as is one whose values do not pack (a string longer than
-- its length field holds). Strings that many records repeat (a class, an assembly path)
-- are kept once and stored as their number (store:ref).
--
--   local defs = records.new("s2s2I3")          -- the values' string.pack format
--   defs:put(id, name, method, defs:ref(class))
--   local name, method, class = defs:get(id)     -- then the position after the record
local key_of = require("allure.writer").md5_ints   -- the slot and the check of a key

local pack, unpack, concat = string.pack, string.unpack, table.concat

local records = {}

local CHUNK = 65536

local Store = {}
Store.__index = Store

function records.new(format)
  return setmetatable({ format = "<j" .. format, index = {}, chunks = {}, pending = {}, size = 0, apart = {},
                        strings = {}, numbers = {} }, Store)
end


-- A repeated string as its number, 0 for nil; store:string(n) gives it back.
function Store:ref(s)
  if s == nil then return 0 end
  local n = self.numbers[s]
  if not n then
    n = #self.strings + 1
    self.strings[n], self.numbers[s] = s, n
  end
  return n
end

function Store:string(n)
  return self.strings[n]
end

function Store:seal()
  if #self.pending == 0 then return end
  self.chunks[#self.chunks + 1] = concat(self.pending)
  self.pending, self.size = {}, 0
end

-- The chunk and position of a record (the chunk being filled is sealed first).
function Store:frame(at)
  local n = at >> 32
  if n > #self.chunks then self:seal() end
  return self.chunks[n], at & 0xffffffff
end

-- The record of `key`; a later put of the same key replaces it.
function Store:put(key, ...)
  local slot, check = key_of(key)
  local at = self.index[slot]
  if at and unpack("<j", self:frame(at)) ~= check then
    self.apart[key] = table.pack(...)          -- two keys of one slot
    return
  end
  local packed, frame = pcall(pack, self.format, check, ...)
  if not packed then
    self.apart[key] = table.pack(...)          -- a value too long for its field
    if at then self.index[slot] = nil end
    return
  end
  if next(self.apart) then self.apart[key] = nil end
  self.pending[#self.pending + 1] = frame
  self.index[slot] = (#self.chunks + 1) << 32 | (self.size + 1)
  self.size = self.size + #frame
  if self.size >= CHUNK then self:seal() end
end

local function checked(check, stored, ...)
  if stored == check then return ... end
end

-- The values of `key`'s record and the position after it (as string.unpack gives
-- them; nil for a record kept apart), or nothing.
function Store:get(key)
  local apart = next(self.apart) and self.apart[key]
  if apart then return table.unpack(apart, 1, apart.n) end
  local slot, check = key_of(key)
  local at = self.index[slot]
  if not at then return end
  local chunk, pos = self:frame(at)
  return checked(check, unpack(self.format, chunk, pos))
end

return records
