-- The run: finds the script, parses its options, expands the inputs, calls
-- script.convert(input, ctx) for each one and prints the summary. The C side
-- (runtime.c) calls main(config) inside its one protected call.
local host = require "allure.host"
local writer = require "allure.writer"
local options = require "allure.options"
local Input = require "allure.input"

local driver = {}

local EXIT = { ok = 0, input = 1, usage = 2, script = 3, output = 4 }
driver.EXIT = EXIT

-- Errors that end the run with a status of their own and no traceback.
local function abort(code, message)
  error({ exit = code, message = message }, 0)
end

local function warn(fmt, ...)
  io.stderr:write("allure-lua: ", fmt:format(...), "\n")
end

--{ Finding and loading scripts ------------------------------------------------

-- A name ("junit") is looked up in the search dirs, then among the bundled
-- scripts; anything with a slash or a .lua suffix is a path.
local function find_script(name, dirs)
  local path
  if name:find("/", 1, true) or name:match("%.lua$") then
    if host.stat(name) ~= "file" then abort(EXIT.usage, ("%s: no such script file"):format(name)) end
    path = name
  else
    for _, dir in ipairs(dirs) do
      local candidate = dir .. "/" .. name .. ".lua"
      if host.stat(candidate) == "file" then path = candidate; break end
    end
  end
  if path then
    local chunk, err = loadfile(path)
    if not chunk then error(err, 0) end
    return chunk, path
  end
  local chunk, where = host.script(name)
  if not chunk then abort(EXIT.usage, ("no script '%s' (allure-lua --list shows them)"):format(name)) end
  return chunk, where
end

-- Runs the script's body; it must return the contract table (docs/writing-converters.md).
local function load_script(name, dirs)
  local chunk, where = find_script(name, dirs)
  local script = chunk(name)
  if type(script) ~= "table" or type(script.convert) ~= "function" then
    error(("%s: a script must return a table with a convert(input, ctx) function, got %s")
      :format(where, type(script)), 0)
  end
  script.name = script.name or name
  script.where = where
  return script
end

local function list_scripts(config)
  local seen, rows = {}, {}
  local function add(name, where, chunk)
    if seen[name] then return end
    seen[name] = true
    local ok, script = pcall(chunk, name)
    local description = ok and type(script) == "table" and script.description or "(does not load)"
    rows[#rows + 1] = { name, description, where }
  end
  for _, dir in ipairs(config.dirs) do
    for _, file in ipairs(host.walk(dir) or {}) do
      local name = file:match("^" .. dir:gsub("%p", "%%%0") .. "/([^/]+)%.lua$")
      local chunk = name and loadfile(file)
      if chunk then add(name, file, chunk) end
    end
  end
  for _, name in ipairs(host.scripts()) do
    local chunk, where = host.script(name)
    add(name, where, chunk)
  end
  table.sort(rows, function(a, b) return a[1] < b[1] end)
  for _, row in ipairs(rows) do
    io.stdout:write(("%-12s %s  [%s]\n"):format(row[1], row[2], row[3]))
  end
end

local function script_help(script)
  local out = {}
  out[#out + 1] = ("%s — %s\n"):format(script.name, script.description or "")
  out[#out + 1] = ("usage: allure-lua [OPTIONS] %s [INPUT...]   (script: %s)\n")
    :format(script.name, script.where)
  if script.help then out[#out + 1] = "\n" .. script.help:gsub("\n*$", "\n") end
  out[#out + 1] = options.help(script.options or {})
  io.stdout:write(table.concat(out))
end

--}

--{ Inputs --------------------------------------------------------------------

-- Expands files, directories and "-" into Input objects. Directories keep the
-- files whose extension the script declares (all files if it declares none).
local function expand_inputs(paths, script)
  local wanted
  if script.extensions then
    wanted = {}
    for _, ext in ipairs(script.extensions) do wanted[ext:lower()] = true end
  end
  local inputs, problems = {}, {}
  if #paths == 0 then paths = { "-" } end
  for _, path in ipairs(paths) do
    if path == "-" then
      inputs[#inputs + 1] = Input.new(nil)
    else
      local kind, mtime = host.stat(path)
      if kind == "dir" then
        local files, err = host.walk(path)
        if not files then problems[#problems + 1] = err end
        local n = 0
        for _, file in ipairs(files or {}) do
          local ext = file:match("%.([^./]+)$")
          if not wanted or (ext and wanted[ext:lower()]) then
            local _, file_mtime = host.stat(file)
            inputs[#inputs + 1] = Input.new(file, file_mtime)
            n = n + 1
          end
        end
        if files and n == 0 then warn("%s: no input files in this directory", path) end
      elseif kind == nil then
        problems[#problems + 1] = mtime                -- stat's error message
      else
        inputs[#inputs + 1] = Input.new(path, mtime)
      end
    end
  end
  return inputs, problems
end

--}

--{ The conversion context handed to scripts ------------------------------------

local Ctx = {}
Ctx.__index = Ctx

-- Writes one result now (streaming): a watcher can upload it at once.
function Ctx:emit(result)
  local uuid, err = self.writer:result(result)
  if not uuid then abort(EXIT.output, err) end
  return uuid
end

function Ctx:container(container)
  local uuid, err = self.writer:container(container)
  if not uuid then abort(EXIT.output, err) end
  return uuid
end

-- Run-level errors and attachments (Allure 3 reads them; Allure 2 ignores them).
function Ctx:globals(globals)
  local uuid, err = self.writer:globals(globals)
  if not uuid then abort(EXIT.output, err) end
  return uuid
end

function Ctx:attachment(attachment)
  local ref, err = self.writer:attachment(attachment)
  if not ref then abort(EXIT.output, err) end
  return ref
end

function Ctx:warn(message)
  self.warnings = self.warnings + 1
  warn("%s: warning: %s", self.input.name, message)
end

-- When the report gives no start time: the reproducible-builds clock if set,
-- else the report file's modification time (it is written when the run ends).
local function base_time(input)
  local epoch = tonumber(os.getenv("SOURCE_DATE_EPOCH") or "")
  if epoch then return math.floor(epoch * 1000) end
  return input.mtime or host.now()
end

--}

local function summary(stats, n_inputs, n_bad, n_skipped, output, seconds)
  local parts = {}
  for _, status in ipairs { "passed", "failed", "broken", "skipped", "unknown" } do
    if stats[status] > 0 then parts[#parts + 1] = ("%d %s"):format(stats[status], status) end
  end
  return ("%d result%s%s from %d input%s%s%s in %s (%.2f s)"):format(
    stats.results, stats.results == 1 and "" or "s",
    #parts > 0 and " (" .. table.concat(parts, ", ") .. ")" or "",
    n_inputs, n_inputs == 1 and "" or "s",
    n_bad > 0 and (", %d unreadable or malformed"):format(n_bad) or "",
    n_skipped > 0 and (", %d not of this format"):format(n_skipped) or "",
    output, seconds)
end

function driver.main(config)
  local started = host.clock()
  if config.print_path then
    for _, dir in ipairs(config.dirs) do io.stdout:write(dir, "\n") end
    io.stdout:write("(bundled scripts and stdlib)\n")
    if not config.script and not config.list then return EXIT.ok end
  end
  if config.list then
    list_scripts(config)
    return EXIT.ok
  end

  local script = load_script(config.script, config.dirs)
  if config.help then
    script_help(script)
    return EXIT.ok
  end
  local opts, opt_err = options.parse(script.options or {}, config.opts)
  if not opts then abort(EXIT.usage, ("%s: %s"):format(script.name, opt_err)) end
  if config.verbose then warn("script %s", script.where) end

  local inputs, problems = expand_inputs(config.inputs, script)
  for _, problem in ipairs(problems) do warn("%s", problem) end

  local w, err = writer.open(config.output, { clean = config.clean, deterministic = config.deterministic })
  if not w then abort(EXIT.output, err) end

  local n_bad, n_skipped = #problems, 0
  for _, input in ipairs(inputs) do
    local ctx = setmetatable({
      writer = w, opts = opts, input = input, verbose = config.verbose,
      deterministic = config.deterministic, base_time = base_time(input), warnings = 0,
    }, Ctx)
    local before = w:stats().results
    host.context("while converting " .. input.name)
    local ok, message = script.convert(input, ctx)
    host.context(nil)
    input:close()
    if ok == nil and message ~= nil then
      n_bad = n_bad + 1
      warn("%s", message)
    elseif ok == false then                        -- not this script's format: passed over
      n_skipped = n_skipped + 1
      warn("%s (skipped)", message or input.name .. ": not a report of this format")
    elseif config.verbose then
      warn("%s: %d results", input.name, w:stats().results - before)
    end
  end

  local stats = w:stats()
  w:close()
  if not config.quiet then
    warn("%s", summary(stats, #inputs + #problems, n_bad, n_skipped, config.output, host.clock() - started))
  end
  return n_bad > 0 and EXIT.input or EXIT.ok
end

return driver
