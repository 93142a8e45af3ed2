-- A TRX report read from a pipe and from a FIFO named on the command line gives the
-- results the regular file gives, byte for byte: the script reads a report twice (the
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
    for file, data in pairs(want) do
      assert(got[file] == data, ("%s (%s): %s differs from the file's"):format(name, how, file))
    end
    checked = checked + 1
  end
  print(("ok   %s: %d files, the same from a pipe and a FIFO"):format(name, n))
end
print(("%d comparisons"):format(checked))
