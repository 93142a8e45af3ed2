-- Gathers every Allure result allure-lua produced in the other tiers into one results
-- directory for the real generators:
--   allure-lua --run sweep.lua OUT_DIR GOLDEN_DIR [CORPUS_OUT_DIR]
-- Golden cases are written with --deterministic, so their uuids repeat from case to case:
-- each case's uuids are renamed (md5 of case and uuid, in file names and in JSON text).
-- The corpus outputs (one directory per corpus file) have random uuids and are copied as
-- they are. Prints the number of files gathered.
local host = require "allure.host"
local writer = require "allure.writer"

local out, golden, corpus = arg[1], arg[2], arg[3]
assert(out and golden, "usage: sweep.lua OUT_DIR GOLDEN_DIR [CORPUS_OUT_DIR]")

local UUID = "%x%x%x%x%x%x%x%x%-%x%x%x%x%-%x%x%x%x%-%x%x%x%x%-%x%x%x%x%x%x%x%x%x%x%x%x"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local data = f:read("a")
  f:close()
  return data
end

local function write(path, data)
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
end

local function renamer(case)
  local memo = {}
  return function(uuid)
    if not memo[uuid] then
      local h = writer.md5(case .. "\0" .. uuid)
      memo[uuid] = ("%s-%s-4%s-a%s-%s"):format(h:sub(1, 8), h:sub(9, 12), h:sub(14, 16), h:sub(18, 20), h:sub(21, 32))
    end
    return memo[uuid]
  end
end

assert(os.execute("rm -rf '" .. out .. "' && mkdir -p '" .. out .. "'"))
local n = 0
for _, file in ipairs(host.walk(golden) or {}) do
  local case, name = file:match("^" .. golden:gsub("%p", "%%%0") .. "/(.+)/expected/([^/]+)$")
  -- launch-level files (executor.json, ...) would collide between cases: results only
  if case and name:find(UUID) then
    local rename = renamer(case)
    local data = read(file)
    if name:match("%.json$") then data = data:gsub(UUID, rename) end
    write(out .. "/" .. name:gsub(UUID, rename), data)
    n = n + 1
  end
end
local from_corpus = 0
if corpus and host.stat(corpus) == "dir" then
  for _, file in ipairs(host.walk(corpus) or {}) do
    local name = file:match("([^/]+)$")
    if name:find(UUID) then
      write(out .. "/" .. name, read(file))
      from_corpus = from_corpus + 1
    end
  end
end
print(("%d files from golden cases, %d from corpus conversions"):format(n, from_corpus))
return 0
