-- A TRX report read from a pipe and from a FIFO named on the command line gives the
-- results the regular file gives, byte for byte but for the uuids: the script reads a report twice (the
-- definitions ahead of the results), and a stream is copied to a temporary file for that.
--   allure-lua --run trx-pipe.lua ALLURE_LUA GOLDEN_DIR OUT_DIR
local host = require "allure.host"

local bin, golden, out = arg[1], arg[2], arg[3]
assert(bin and golden and out, "usage: trx-pipe.lua ALLURE_LUA GOLDEN_DIR OUT_DIR")

local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local function read(path)
  local f = assert(io.open(path, "rb"))
  local data = f:read("a")
  f:close()
  return data
end

-- The case's extra arguments (its `args` file), quoted.
local function args_of(case)
  local list = {}
  local f = io.open(case .. "/args", "rb")
  if f then
    for line in f:lines() do if line ~= "" then list[#list + 1] = quote(line) end end
    f:close()
  end
  return table.concat(list, " ")
end

-- uuids by their order of appearance in the file's sorted text: --deterministic derives a
-- file's from its content and a stream's from its name, so only the rest must be the same.
local UUID = "%x%x%x%x%x%x%x%x%-%x%x%x%x%-%x%x%x%x%-%x%x%x%x%-%x%x%x%x%x%x%x%x%x%x%x%x"
local function normalised(files)
  local names = {}
  for name in pairs(files) do names[#names + 1] = name end
  table.sort(names, function(a, b)
    local ka, kb = files[a]:gsub(UUID, "U") .. a:gsub(UUID, "U"), files[b]:gsub(UUID, "U") .. b:gsub(UUID, "U")
    return ka < kb
  end)
  local seen, n, parts = {}, 0, {}
  local function rename(u)
    if not seen[u] then n = n + 1; seen[u] = ("uuid-%d"):format(n) end
    return seen[u]
  end
  for i, name in ipairs(names) do
    parts[i] = (name:gsub(UUID, rename)) .. "\n" .. (files[name]:gsub(UUID, rename))
  end
  return parts
end

-- Converts with `how` ("file", "pipe" or "fifo"); returns the output's files by name.
local function convert(case, name, how)
  local dir = ("%s/%s-%s"):format(out, name, how)
  os.execute("rm -rf " .. quote(dir) .. " && mkdir -p " .. quote(dir))
  local run = ("env -i PATH=\"$PATH\" SOURCE_DATE_EPOCH=1700000000 %s -E --deterministic -q %s -o %s trx")
    :format(quote(bin), args_of(case), quote(dir .. "/out"))
  local cmd
  if how == "file" then
    cmd = run .. " input.trx"
  elseif how == "pipe" then
    cmd = "cat input.trx | " .. run .. " -"
  else
    -- Next to the file: the files a report names are found relative to its directory.
    cmd = "rm -f report.fifo && mkfifo report.fifo && (cat input.trx > report.fifo &) && " .. run .. " report.fifo"
  end
  local ok = os.execute("cd " .. quote(case) .. " && " .. cmd .. " 2>" .. quote(dir .. "/stderr"))
  assert(ok, ("%s (%s) failed: %s\n%s"):format(name, how, cmd, read(dir .. "/stderr")))
  local files, n = {}, 0
  for _, file in ipairs(host.walk(dir .. "/out")) do
    files[file:match("([^/]*)$")] = read(file)
    n = n + 1
  end
  return files, n
end

local checked = 0
for _, name in ipairs { "vstest", "inner-results", "mstest-2006-utf16" } do
  -- A copy of the case (its input and the files it names), which the FIFO goes into.
  local case = ("%s/%s-case"):format(out, name)
  os.execute(("rm -rf %s && mkdir -p %s && cp -R %s/. %s"):format(quote(case), quote(out), quote(golden .. "/trx/" .. name), quote(case)))
  local want, n = convert(case, name, "file")
  assert(n > 0, name .. ": no output")
  for _, how in ipairs { "pipe", "fifo" } do
    local got, m = convert(case, name, how)
    assert(m == n, ("%s (%s): %d files, the file gives %d"):format(name, how, m, n))
    local a, b = normalised(want), normalised(got)
    for i = 1, #a do
      assert(a[i] == b[i], ("%s (%s): a file differs from the file's:\n%s\n----\n%s"):format(name, how, a[i]:sub(1, 300), b[i]:sub(1, 300)))
    end
    checked = checked + 1
  end
  print(("ok   %s: %d files, the same from a pipe and a FIFO"):format(name, n))
end
print(("%d comparisons"):format(checked))
