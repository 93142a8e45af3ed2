-- Files that a report points at (screenshots, logs) as Allure attachments.
-- A report is data from a test run, possibly hostile: a path is followed only
-- when it resolves, symlinks included, to a regular file under the allowed base.
local host = require "allure.host"

local attach = {}

local function dirname(path)
  return path:match("^(.*)/[^/]*$") or "."
end
attach.dirname = dirname

local function basename(path)
  return path:match("([^/]*)$")
end

-- A resolver for one input. opts.report: the report file (relative paths are
-- taken from its directory; standard input: the working directory);
-- opts.base: the directory attachments must lie under (default: the working
-- directory, where CI jobs keep their workspace).
function attach.resolver(opts)
  local from = opts.report and dirname(opts.report) or "."
  local base = host.realpath(opts.base or ".")
  return function(path)
    if type(path) ~= "string" or not path:find("%S") then return nil, "empty attachment path" end
    path = path:match("^%s*(.-)%s*$"):gsub("^file://", "")
    local full = path:sub(1, 1) == "/" and path or from .. "/" .. path
    local real, err = host.realpath(full)
    if not real then return nil, err end
    if not base or (real ~= base and real:sub(1, #base + 1) ~= base .. "/") then
      return nil, ("%s: outside the allowed attachment directory %s"):format(path, tostring(base))
    end
    if host.stat(real) ~= "file" then return nil, ("%s: not a regular file"):format(path) end
    return { name = basename(path), path = real }
  end
end

return attach
