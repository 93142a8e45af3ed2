-- What the hostile runners (run.lua, signals.lua) share: shell quoting, files, and the
-- check of an output directory. Loaded with dofile from the runner's own directory.
local host = require "allure.host"
local json = require "allure.json"

local common = {}

common.SECRET = "root:x:0:0"   -- a line of /etc/passwd: must never reach the output

function common.q(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- The children's user + system seconds from the second line of sh's `times`
-- ("0m1.250s 0m0.310s"): the CPU the processes a shell waited for used, however loaded
-- the machine was.
function common.cpu_seconds(times)
  local total = 0
  local line = select(2, (times or ""):match("^([^\n]*)\n([^\n]*)")) or ""
  for m, s in line:gmatch("(%d+)m([%d.]+)s") do total = total + tonumber(m) * 60 + tonumber(s) end
  return total
end

-- The exit status of a shell command (a shell reports a signal as 128 + N).
function common.sh(cmd) local ok, _, code = os.execute(cmd); return ok and 0 or code end

function common.write(path, data)
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
end

-- The bytes of path, or nil when it cannot be read.
function common.read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local d = f:read("a")
  f:close()
  return d
end

-- Problems with the files left in an output directory: temp files, partial or invalid
-- JSON, invalid UTF-8, a leaked secret, appended to problems. Returns the number of results.
function common.check_output(out, problems)
  local n_results = 0
  for _, file in ipairs(host.walk(out) or {}) do
    local base = file:match("([^/]*)$")
    local data = common.read(file) or ""
    if base:find("%.tmp$") or base:find("^%.") then problems[#problems + 1] = "temp file left: " .. base end
    if data:find(common.SECRET, 1, true) then problems[#problems + 1] = "/etc/passwd leaked into " .. base end
    if base:find("%.json$") then
      if not json.decode(data) then problems[#problems + 1] = "incomplete or invalid JSON: " .. base end
      if not utf8.len(data) then problems[#problems + 1] = "invalid UTF-8 in " .. base end
    end
    if base:find("%-result%.json$") then n_results = n_results + 1 end
  end
  return n_results
end

return common
