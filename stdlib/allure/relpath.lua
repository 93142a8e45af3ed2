-- Source file paths of a report made relative to the project, for identities
-- that do not change with the machine: mocha and jest write absolute paths
-- (/home/runner/work/app/app/test/a.spec.js, C:\ci\ws\test\a.spec.js), and a
-- CI workspace moves between runs (Jenkins' ws@2, GitLab's runner directories).
local host = require "allure.host"

local relpath = {}

-- Forward slashes, no file:// prefix, no ./ in front.
function relpath.normalize(path)
  if type(path) ~= "string" then return nil end
  path = path:gsub("^file://", ""):gsub("\\", "/"):gsub("^%./", "")
  return path
end

-- The directory (with a trailing /) that every path lies under; nil when they
-- share none (or there are none).
function relpath.common_dir(paths)
  local common
  for _, path in ipairs(paths) do
    local dir = path:match("^(.*/)") or ""
    if common == nil then
      common = dir
    else
      local n = math.min(#common, #dir)
      local i = 0
      while i < n and common:byte(i + 1) == dir:byte(i + 1) do i = i + 1 end
      common = common:sub(1, i):match("^(.*/)") or ""
    end
    if common == "" then return nil end
  end
  return common
end

local function with_slash(dir)
  return dir:sub(-1) == "/" and dir or dir .. "/"
end

-- A function from a path of the report to its relative form. The root it is taken
-- from: opts.root when given; else the working directory, when every path lies
-- under it (the converter runs where the tests ran, the usual CI step); else the
-- directory all the paths share. `paths` are the report's file paths (any form).
-- A path outside the root is only normalised.
function relpath.relativizer(paths, opts)
  opts = opts or {}
  -- Reports name the same few files once per test: each distinct path once.
  local normal, seen = {}, {}
  for _, p in ipairs(paths) do
    if not seen[p] then
      seen[p] = true
      local n = relpath.normalize(p)
      if n and n ~= "" then normal[#normal + 1] = n end
    end
  end
  local root
  if opts.root and opts.root ~= "" then
    root = with_slash(relpath.normalize(opts.root))
  else
    local cwd = opts.cwd or host.cwd()
    if cwd and #normal > 0 then
      cwd = with_slash(cwd)
      root = cwd
      for _, p in ipairs(normal) do
        if p:sub(1, #cwd) ~= cwd then root = nil break end
      end
    end
    root = root or relpath.common_dir(normal)
  end
  local memo = {}
  return function(path)
    if path == nil then return nil end
    local known = memo[path]
    if known then return known end
    local rel = relpath.normalize(path)
    if rel and root and rel:sub(1, #root) == root and #rel > #root then rel = rel:sub(#root + 1) end
    memo[path] = rel
    return rel
  end, root
end

-- The file paths of a report's tests (the string field `file` of each table in
-- `tests`) and the sum of duration(t[time]) over them, added to `files` and `total`
-- when given: read first, as identities need the project root and a report without
-- a start time ends at the report's time. Returns files, total.
function relpath.scan(tests, file, time, duration, files, total)
  files, total = files or {}, total or 0
  for _, t in ipairs(tests) do
    if type(t) == "table" then
      if type(t[file]) == "string" then files[#files + 1] = t[file] end
      total = total + duration(t[time])
    end
  end
  return files, total
end

-- The absolute ones of paths (POSIX or a drive letter): reports that write paths relative
-- to the project (CTRF, RSpec) keep those as they are; only absolute ones need a root.
function relpath.absolute_only(paths)
  local absolute = {}
  for _, p in ipairs(paths) do
    if p:find("^/") or p:find("^%a:[/\\]") then absolute[#absolute + 1] = p end
  end
  return absolute
end

return relpath
