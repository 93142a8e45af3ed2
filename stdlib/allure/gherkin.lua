-- Example rows of Scenario Outlines, read from the feature file itself.
--
-- Cucumber JSON writes an outline's row as a scenario with its placeholders
-- filled in and the row's line, but neither the outline's name as written nor
-- the Examples header: both are in the .feature file. With them a row gets the
-- identity Cucumber Messages give it (fullName = file#outline name, the row's
-- cells as parameters named by the header), so the two outputs of one run share
-- history. The file is a path from the report: it is read only when it resolves,
-- symlinks included, to a regular file under the allowed base directory, as for
-- attachments (docs/security.md).
local host = require "allure.host"

local gherkin = {}

-- Feature files larger than this are not read (no real one comes close).
gherkin.MAX_SIZE = 16 * 1024 * 1024

-- The cells of a table row "| a | b\|c |", unescaped as Gherkin does: "\|" is
-- "|", "\\" is "\", "\n" a newline, any other "\x" stays; cells are trimmed.
function gherkin.cells(line)
  local body = line:match("^%s*|(.*)$")
  if not body then return nil end
  local cells, cell, i, n = {}, {}, 1, #body
  while i <= n do
    local c = body:sub(i, i)
    if c == "\\" and i < n then
      local e = body:sub(i + 1, i + 1)
      cell[#cell + 1] = e == "|" and "|" or e == "\\" and "\\" or e == "n" and "\n" or ("\\" .. e)
      i = i + 2
    elseif c == "|" then
      cells[#cells + 1] = table.concat(cell):match("^%s*(.-)%s*$")
      cell = {}
      i = i + 1
    else
      cell[#cell + 1] = c
      i = i + 1
    end
  end
  -- text after the last "|" is not a cell
  return cells
end

local function is_row(line) return line:find("^%s*|") ~= nil end
local function is_skipped(line) return line:find("^%s*$") ~= nil or line:find("^%s*#") ~= nil end

-- The outline row at line `at` (1-based) of `lines`: the outline's name as written
-- (the text after "KEYWORD:" on the nearest line above that starts with it) and
-- the parameters { {name=, value=}, ... } named by the Examples header (the first
-- row of the table). nil when the line is not a body row of a table under such a
-- keyword, or the row and header differ in width.
function gherkin.example_row(lines, at, keyword)
  local row_line = lines[at]
  if not row_line or not is_row(row_line) or type(keyword) ~= "string" then return nil end
  local header_at
  local i = at - 1
  while i >= 1 and (is_row(lines[i]) or is_skipped(lines[i])) do
    if is_row(lines[i]) then header_at = i end
    i = i - 1
  end
  if not header_at then return nil end          -- the header itself, or no table
  local prefix = keyword:match("^%s*(.-)%s*$") .. ":"
  local name
  for j = i, 1, -1 do
    local text = lines[j]:match("^%s*(.*)$")
    if text:sub(1, #prefix) == prefix then
      name = text:sub(#prefix + 1):match("^%s*(.-)%s*$")
      break
    end
  end
  if not name then return nil end
  local header, cells = gherkin.cells(lines[header_at]), gherkin.cells(row_line)
  if #header == 0 or #header ~= #cells then return nil end
  local params = {}
  for k, h in ipairs(header) do params[k] = { name = h, value = cells[k] } end
  return { name = name, parameters = params }
end

-- A reader of feature files named by a report. opts.base: the directory they must
-- lie under (default: the working directory); opts.from: the directories a
-- relative path is tried against, in order (default { "." }). reader(path) gives
-- the file's lines, or nil and why not. Only the last file read is kept (a report
-- lists a feature's scenarios together).
function gherkin.reader(opts)
  opts = opts or {}
  local base = host.realpath(opts.base or ".")
  local from = opts.from or { "." }
  local last_path, last_lines, last_err
  local function load(path)
    local candidates = {}
    if path:sub(1, 1) == "/" then candidates[1] = path
    else for k, dir in ipairs(from) do candidates[k] = dir .. "/" .. path end end
    local err = path .. ": not found"
    for _, full in ipairs(candidates) do
      local real = host.realpath(full)
      if real then
        if not base or (real ~= base and real:sub(1, #base + 1) ~= base .. "/") then
          err = ("%s: outside the allowed directory %s"):format(path, tostring(base))
        elseif host.stat(real) ~= "file" then
          err = path .. ": not a regular file"
        else
          local f, open_err = io.open(real, "rb")
          if not f then return nil, open_err end
          local size = f:seek("end") or 0
          if size > gherkin.MAX_SIZE then
            f:close()
            return nil, ("%s: larger than %d bytes"):format(path, gherkin.MAX_SIZE)
          end
          f:seek("set", 0)
          local text = f:read("a") or ""
          f:close()
          local lines = {}
          for line in (text:gsub("\r\n?", "\n") .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = line end
          return lines
        end
      end
    end
    return nil, err
  end
  return function(path)
    if type(path) ~= "string" or path == "" then return nil, "no feature file" end
    if path ~= last_path then
      last_path = path
      last_lines, last_err = load(path)
    end
    return last_lines, last_err
  end
end

return gherkin
