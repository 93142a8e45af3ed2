-- The run: finds the script, parses its options, expands the inputs, calls
-- script.convert(input, ctx) for each one and prints the summary. The C side
-- (runtime.c) calls main(config) inside its one protected call.
local host = require "allure.host"
local writer = require "allure.writer"
local options = require "allure.options"
local Input = require "allure.input"

local driver = {}

-- The exit statuses, defined once in runtime/al.h.
local EXIT = host.EXIT
driver.EXIT = EXIT

-- Errors that end the run with a status of their own and no traceback.
local function abort(code, message)
  error({ exit = code, message = message }, 0)
end

-- Messages quote report text (a line that was skipped, a name): control bytes
-- other than tab and newline are shown as \xNN, never sent to the terminal.
local function warn(fmt, ...)
  local text = fmt:format(...):gsub("[\0-\8\11-\31\127]", function(c) return ("\\x%02x"):format(c:byte()) end)
  io.stderr:write("allure-lua: ", text, "\n")
end

--{ Finding and loading scripts ------------------------------------------------

-- Optimal string alignment distance (Levenshtein with transpositions), for names.
local function distance(a, b)
  local prev2, prev, cur = {}, {}, {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    cur = { [0] = i }
    for j = 1, #b do
      local cost = a:byte(i) == b:byte(j) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
      if i > 1 and j > 1 and a:byte(i) == b:byte(j - 1) and a:byte(i - 1) == b:byte(j) then
        cur[j] = math.min(cur[j], prev2[j - 2] + 1)
      end
    end
    prev2, prev = prev, cur
  end
  return prev[#b]
end

-- " (did you mean junit?)" for a misspelt script name: the bundled scripts, those in
-- the search dirs, and auto/detect, within a third of the name's length.
local function did_you_mean(name, dirs)
  local names = { "auto", "detect" }
  for _, n in ipairs(host.scripts()) do names[#names + 1] = n end
  for _, dir in ipairs(dirs) do
    for _, file in ipairs(host.walk(dir) or {}) do
      names[#names + 1] = file:match("([^/]+)%.lua$")
    end
  end
  local best, seen, lower = {}, {}, name:lower()
  local limit = math.max(1, #name // 3)
  for _, n in ipairs(names) do
    local d = distance(lower, n:lower())
    if lower ~= "" and n:lower():sub(1, #lower) == lower then d = math.min(d, 1) end
    if d <= limit and not seen[n] then
      seen[n] = true
      best[#best + 1] = { n, d }
    end
  end
  if #best == 0 then return "" end
  table.sort(best, function(x, y) return x[2] < y[2] or x[2] == y[2] and x[1] < y[1] end)
  local shown = {}
  for i = 1, math.min(3, #best) do shown[i] = best[i][1] end
  return " (did you mean " .. table.concat(shown, ", ") .. "?)"
end

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
  if not chunk then abort(EXIT.usage, ("no script '%s'%s (allure-lua --list shows them)"):format(name, did_you_mean(name, dirs))) end
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

-- Calls fn(name, where, chunk) for every script that can be run, a user's file
-- before (and instead of) the bundled script of the same name.
local function each_script(config, fn)
  local seen = {}
  local function add(name, where, chunk)
    if seen[name] then return end
    seen[name] = true
    fn(name, where, chunk)
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
end

local function list_scripts(config)
  local rows = {}
  each_script(config, function(name, where, chunk)
    local ok, script = pcall(chunk, name)
    local description = ok and type(script) == "table" and script.description or "(does not load)"
    rows[#rows + 1] = { name, description, where }
  end)
  table.sort(rows, function(a, b) return a[1] < b[1] end)
  for _, row in ipairs(rows) do
    io.stdout:write(("%-12s %s  [%s]\n"):format(row[1], row[2], row[3]))
  end
end

-- Every script that can recognise its format (auto, detect), in name order.
local function detecting_scripts(config)
  local scripts = {}
  each_script(config, function(name, where, chunk)
    local ok, script = pcall(chunk, name)
    if ok and type(script) == "table" and type(script.detect) == "function"
        and type(script.convert) == "function" then
      script.name = script.name or name
      script.where = where
      scripts[#scripts + 1] = script
    end
  end)
  table.sort(scripts, function(a, b) return a.name < b.name end)
  return scripts
end

-- auto: each script gets the --opt keys it declares; a key none declares is a usage error.
local function options_by_script(scripts, given)
  local by, claimed = {}, {}
  for _, script in ipairs(scripts) do
    local declared, mine = {}, {}
    for _, o in ipairs(script.options or {}) do declared[o.name] = true end
    for _, kv in ipairs(given) do
      local key = kv:match("^([^=]*)=")
      if declared[key] then mine[#mine + 1] = kv; claimed[key] = true end
    end
    local opts, err = options.parse(script.options or {}, mine)
    if not opts then abort(EXIT.usage, ("%s: %s"):format(script.name, err)) end
    by[script] = opts
  end
  for _, kv in ipairs(given) do
    local key = kv:match("^([^=]*)=")
    if not claimed[key] then abort(EXIT.usage, ("auto: no script has an option '%s'"):format(key)) end
  end
  return by
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
      inputs[#inputs + 1] = Input.new(nil, nil, true)
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
        inputs[#inputs + 1] = Input.new(path, mtime, true)
      end
    end
  end
  return inputs, problems
end

-- A regular file that cannot be opened (permissions): its message, else nil. Only
-- regular files are tried: opening a FIFO would wait for its writer.
local function unreadable_file(input)
  if not input.file or host.stat(input.file) ~= "file" then return nil end
  local f, err = io.open(input.file, "rb")
  if not f then return err end
  f:close()
  return nil
end

-- "; it is a <format> report: allure-lua <script> reads it" for an input a script refused.
local function which_script_reads(input, config, refusing)
  if not input.file then return "" end
  local ok, chosen = pcall(function()
    return (require("allure.detect").choose(input.file, detecting_scripts(config)))
  end)
  if ok and chosen and chosen.name ~= refusing.name then
    return ("; allure-lua %s reads it (or allure-lua auto)"):format(chosen.name)
  end
  return ""
end

-- Background publishing (writer.open's async) pays once there are a few hundred results;
-- for a handful its thread's start and hand-over cost more than writing from this thread
-- (about 1 ms of a 1-test run's 5). Named files smaller than this in total are written
-- synchronously; standard input, directories and a command's output always go async.
-- The files written are the same either way.
local ASYNC_FROM_BYTES = 32 * 1024

local function async_wanted(config)
  if config.command or #config.inputs == 0 then return true end
  local total = 0
  for _, path in ipairs(config.inputs) do
    if path == "-" then return true end
    local kind, _, size = host.stat(path)
    if kind ~= "file" then return true end
    total = total + size
    if total >= ASYNC_FROM_BYTES then return true end
  end
  return false
end

--}

--{ Run-wide decorations: --label/--link, ALLURE_LABEL_*, rules, the test plan --------

-- The settings of the command line, by kind: { label = {"a=b", ...}, ... }.
local function settings_by_kind(settings)
  local by = { label = {}, link = {}, param = {}, rules = {}, env = {}, executor = {} }
  for _, s in ipairs(settings or {}) do table.insert(by[s[1]], s[2]) end
  return by
end

-- Labels and links every result gets: --label NAME=VALUE, ALLURE_LABEL_NAME=VALUE
-- (the Allure adapters' convention) and --link TYPE=URL.
local function run_labels_and_links(by)
  local labels, links = {}, {}
  local from_env = {}
  for name, value in pairs(host.environ()) do
    local label = name:match("^ALLURE_LABEL_(.+)$")
    if label and value ~= "" then from_env[#from_env + 1] = { name = label:lower(), value = value } end
  end
  table.sort(from_env, function(a, b) return a.name < b.name end)
  for _, l in ipairs(from_env) do labels[#labels + 1] = l end
  for _, kv in ipairs(by.label) do
    local name, value = kv:match("^([^=]+)=(.*)$")
    labels[#labels + 1] = { name = name, value = value }
  end
  for _, kv in ipairs(by.link) do
    local kind, url = kv:match("^([^=]+)=(.*)$")
    links[#links + 1] = { type = kind, url = url, name = url }
  end
  return labels, links
end

-- Parameters every result gets: ALLURE_LUA_PARAMS ("os=linux;node=20"), then
-- --param NAME=VALUE (a later one of a name replaces an earlier one). A leg of a CI
-- matrix is then a test of its own in history, not a retry of the other legs.
local function run_params(by)
  local given = {}
  for kv in (os.getenv("ALLURE_LUA_PARAMS") or ""):gmatch("[^;]+") do
    if not kv:find("=", 1, true) then abort(EXIT.usage, ("ALLURE_LUA_PARAMS: '%s': expected NAME=VALUE"):format(kv)) end
    given[#given + 1] = kv
  end
  for _, kv in ipairs(by.param) do given[#given + 1] = kv end
  local params, at = {}, {}
  for _, kv in ipairs(given) do
    local name, value = kv:match("^%s*([^=]-)%s*=(.*)$")
    if name == "" then abort(EXIT.usage, ("--param '%s': expected NAME=VALUE"):format(kv)) end
    if at[name] then params[at[name]].value = value
    else
      params[#params + 1] = { name = name, value = value }
      at[name] = #params
    end
  end
  return params
end

-- Run-wide parameters replace the result's own of the same name.
local function add_params(result, params)
  local list = result.parameters
  for _, p in ipairs(params) do
    local replaced = false
    for i, own in ipairs(list) do
      if own.name == p.name then list[i] = p; replaced = true end
    end
    if not replaced then list[#list + 1] = p end
  end
end

-- Rules files: --rules, else ALLURE_LUA_RULES, else ./allure-rules.lua. A mistake
-- in one is a usage error, reported before any input is read.
local function load_rules(by)
  local paths = by.rules
  if #paths == 0 then
    local env = os.getenv("ALLURE_LUA_RULES")
    if env and env ~= "" then
      for path in env:gmatch("[^;]+") do paths[#paths + 1] = path end
    elseif host.stat("allure-rules.lua") == "file" then
      paths[1] = "allure-rules.lua"
    end
  end
  if #paths == 0 then return nil end
  for _, path in ipairs(paths) do
    if host.stat(path) ~= "file" then abort(EXIT.usage, ("%s: no such rules file"):format(path)) end
  end
  local ok, ruleset = pcall(function() return require("allure.rules").load(paths) end)
  if not ok then abort(EXIT.usage, tostring(ruleset)) end
  return ruleset
end

local function load_testplan()
  local path = os.getenv("ALLURE_TESTPLAN_PATH")
  if not path or path == "" then return nil end
  local plan, err = require("allure.testplan").load(path)
  if not plan then abort(EXIT.usage, "ALLURE_TESTPLAN_PATH: " .. err) end
  return plan
end

-- A result about to be changed by run-wide decorations gets arrays of its own:
-- converters share lists between the attempts of a test, and label tables
-- between the tests of a suite. Rules (whose hooks may edit entries in place)
-- also get entries of their own.
local LISTS = { "labels", "links", "parameters", "attachments" }
local function own_arrays(result, entries)
  local copy = {}
  for k, v in pairs(result) do copy[k] = v end
  for f = 1, #LISTS do
    local field = LISTS[f]
    local list, from = {}, result[field]
    if from or f <= 3 then
      for i, item in ipairs(from or list) do
        if entries and f <= 3 and type(item) == "table" then
          local own = {}
          for k, v in pairs(item) do own[k] = v end
          item = own
        end
        list[i] = item
      end
      copy[field] = list
    end
  end
  return copy
end

--}

--{ The conversion context handed to scripts ------------------------------------

local Ctx = {}
Ctx.__index = Ctx

-- Writes one result now (streaming): a watcher can upload it at once. Run-wide
-- labels and links, then rules, then the test plan apply first. info.file: the
-- test's source file when the report names it (rules see it as {file}).
function Ctx:emit(result, info)
  local run = self.run
  if run.decorate then
    result = own_arrays(result, run.rules ~= nil)
    for _, label in ipairs(run.labels) do table.insert(result.labels, label) end
    for _, link in ipairs(run.links) do table.insert(result.links, link) end
    if run.params[1] then add_params(result, run.params) end
    if run.rules then
      run.rules:apply(result, { input = self.input.name, script = run.script_name, file = info and info.file })
    end
  end
  if run.plan and not run.plan:selects(result) then
    self.outside_plan = self.outside_plan + 1
    return nil
  end
  -- With the writer's background publishing, err may be an earlier result's I/O failure.
  local uuid, err = self.writer:result(result)
  if not uuid then abort(EXIT.output, err) end
  if run.summary then run.summary:add(result) end
  if run.show_progress then run:progress() end
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

-- where: "file:line" when the warning has a place (the XML reader's), else the input.
function Ctx:warn(message, where)
  self.warnings = self.warnings + 1
  self.run:clear_progress()
  warn("%s: warning: %s", where or self.input.name, message)
end

-- When the report gives no start time: the reproducible-builds clock if set,
-- else the report file's modification time (it is written when the run ends).
local function source_date_epoch() return tonumber(os.getenv("SOURCE_DATE_EPOCH") or "") end

local function base_time(input)
  local epoch = source_date_epoch()
  if epoch then return math.floor(epoch * 1000) end
  return input.mtime or host.now()
end

-- What a deterministic run's uuids derive from for this input (--deterministic): the
-- content of a regular file, so that the same report gives the same uuids wherever it
-- is converted and different reports (CI shards, two runs into one directory) do not
-- collide; a pipe cannot be read twice, so its name. A second input of the same content
-- counts on from the first. The second value says whether each record's own bytes must
-- be mixed in too: when the input's bytes do not decide the output, because they are a
-- pipe's or the clock may be the file's mtime (no SOURCE_DATE_EPOCH).
local function input_seed(input, seen)
  local key
  if input.file and host.stat(input.file) == "file" then key = writer.md5_file(input.file) end
  local by_content = key == nil or source_date_epoch() == nil
  key = key or ("name:" .. input.path)
  local n = (seen[key] or 0) + 1
  seen[key] = n
  return n == 1 and key or ("%s#%d"):format(key, n), by_content
end

--}

--{ Telling the user ---------------------------------------------------------------

local Run = {}
Run.__index = Run

local function human_bytes(n)
  if n >= 1024 * 1024 * 1024 then return ("%.1f GiB"):format(n / (1024 * 1024 * 1024)) end
  if n >= 1024 * 1024 then return ("%.1f MiB"):format(n / (1024 * 1024)) end
  if n >= 1024 then return ("%.1f KiB"):format(n / 1024) end
  return ("%d B"):format(n)
end

-- The input as the progress line names it: the end of a long path, so that the
-- line stays on one terminal row (\r only returns to the start of the last row).
local function short_name(name)
  if #name <= 32 then return name end
  return "..." .. name:sub(-29)
end

-- Called when an input starts: the input byte count is taken from here on.
function Run:start_input(input)
  self.current = input
  self.input_bytes_base = host.input_bytes()
end

-- A progress line on a terminal, at most four times a second, once the run has
-- taken a second: short runs and CI logs stay clean. Called for every result
-- written (only when shown), so all but a count and a clock read is behind the
-- time check. Bytes are those the readers took from the current input (fs.h
-- al_input_count), of the file's size when it is a regular file (stat again each
-- time: a followed file grows); readers that do not count leave that part out.
function Run:progress()
  local n = self.emitted + 1                     -- w:stats() would wait for the write queue
  self.emitted = n
  local now = host.clock()
  if now - self.last_progress < 0.25 or now - self.started < 1 then return end
  self.last_progress = now
  local input = self.current
  local parts = { "allure-lua: " }
  if input then
    parts[#parts + 1] = short_name(input.name) .. " "
    local read = host.input_bytes() - self.input_bytes_base
    if read > 0 then
      local kind, _, size = nil, nil, nil
      if input.file then kind, _, size = host.stat(input.file) end
      if kind == "file" and size and size > 0 then
        parts[#parts + 1] = ("%s of %s (%d%%), "):format(human_bytes(read), human_bytes(size),
          math.min(100, read * 100 // size))
      else
        parts[#parts + 1] = human_bytes(read) .. ", "
      end
    end
  end
  parts[#parts + 1] = ("%d results, %.0f/s"):format(n, n / (now - self.started))
  local line = table.concat(parts)
  if self.plain then
    -- NO_COLOR or TERM=dumb: no escape sequences at all; spaces wipe a longer line.
    local pad = (self.progress_width or 0) - #line
    io.stderr:write("\r", line, pad > 0 and (" "):rep(pad) or "")
    self.progress_width = #line
  else
    io.stderr:write("\r\27[K", line)
  end
  self.progress_shown = true
end

function Run:clear_progress()
  if self.progress_shown then
    if self.plain then
      io.stderr:write("\r", (" "):rep(self.progress_width or 0), "\r")
      self.progress_width = 0
    else
      io.stderr:write("\r\27[K")
    end
    self.progress_shown = false
  end
end

-- Whether the progress line is shown: on a terminal only, never with -q or -v
-- (-v prints lines of its own).
local function progress_wanted(config)
  return not config.quiet and not config.verbose and host.isatty(2)
end

-- NO_COLOR (any non-empty value, no-color.org) and dumb terminals: plain text only.
local function plain_terminal()
  local no_color, term = os.getenv("NO_COLOR"), os.getenv("TERM")
  return (no_color ~= nil and no_color ~= "") or term == "dumb"
end

local STATUSES = { "passed", "failed", "broken", "skipped", "unknown" }

local function by_status(counts)
  local parts = {}
  for _, status in ipairs(STATUSES) do
    if (counts[status] or 0) > 0 then parts[#parts + 1] = ("%d %s"):format(counts[status], status) end
  end
  return #parts > 0 and " (" .. table.concat(parts, ", ") .. ")" or ""
end

local function difference(after, before)
  local d = {}
  for _, k in ipairs(STATUSES) do d[k] = after[k] - before[k] end
  d.results = after.results - before.results
  return d
end

-- Repairs: what the writer (w:repairs()) and attachment resolving (allure.attach)
-- fixed instead of refusing, in the order the per-input line lists them, with its
-- wording (docs/cli.md has the table).
local REPAIRS = {
  { "invalid_utf8", "invalid UTF-8 sequence%s replaced" },
  { "control_chars", "control character%s cut from names" },
  { "empty_names", "empty name%s filled in" },
  { "clamped_times", "stop time%s before start clamped" },
  { "missing_times", "missing start or stop time%s filled in" },
  { "missing_attachments", "missing attachment%s" },
}

local function no_repairs()
  local r = {}
  for _, k in ipairs(REPAIRS) do r[k[1]] = 0 end
  return r
end

local function add_repairs(into, r)
  for _, k in ipairs(REPAIRS) do into[k[1]] = into[k[1]] + (r[k[1]] or 0) end
end

local function n_repairs(r)
  local n = 0
  for _, k in ipairs(REPAIRS) do n = n + (r[k[1]] or 0) end
  return n
end

local function repairs_text(r)
  local parts = {}
  for _, k in ipairs(REPAIRS) do
    local n = r[k[1]] or 0
    if n > 0 then parts[#parts + 1] = ("%d " .. k[2]):format(n, n == 1 and "" or "s") end
  end
  return table.concat(parts, ", ")
end

-- Attachments no resolver could attach so far (allure.attach counts them; nothing
-- to count when no script has loaded it).
local function attachments_missed()
  local attach = package.loaded["allure.attach"]
  return attach and attach.missing or 0
end

local function summary_line(totals, report, output, seconds)
  local n_bad, n_skipped, n_outside = 0, 0, 0
  for _, entry in ipairs(report) do
    if entry.outcome == "malformed" or entry.outcome == "unreadable" then n_bad = n_bad + 1 end
    if entry.outcome == "skipped" or entry.outcome == "refused" then n_skipped = n_skipped + 1 end
    n_outside = n_outside + (entry.outside_plan or 0)
  end
  local n_repaired = n_repairs(totals.repairs)
  return ("%d result%s%s from %d input%s%s%s%s%s in %s (%.2f s)"):format(
    totals.results, totals.results == 1 and "" or "s", by_status(totals),
    #report, #report == 1 and "" or "s",
    n_bad > 0 and (", %d unreadable or malformed"):format(n_bad) or "",
    n_skipped > 0 and (", %d not of this format"):format(n_skipped) or "",
    n_outside > 0 and (", %d not in the test plan"):format(n_outside) or "",
    n_repaired > 0 and (", %d repair%s"):format(n_repaired, n_repaired == 1 and "" or "s") or "",
    output, seconds)
end

-- The Markdown summary to its file (replaced atomically) and appended to GitHub's
-- step summary, which collects every step's.
local function write_summary_md(path, step_summary, text)
  if path then
    local tmp = path .. ".tmp"
    local f, err = io.open(tmp, "wb")
    if not f then abort(EXIT.output, err) end
    f:write(text)
    f:close()
    local ok, rerr = os.rename(tmp, path)
    if not ok then abort(EXIT.output, rerr) end
  end
  if step_summary then
    local f, err = io.open(step_summary, "ab")
    if not f then abort(EXIT.output, "GITHUB_STEP_SUMMARY: " .. err) end
    f:write(text, "\n")
    f:close()
  end
end

local function write_summary_json(path, report, totals, config, seconds)
  local cjson = require "cjson"
  local doc = {
    output = config.output, seconds = seconds, script = config.script,
    totals = totals, inputs = report,
  }
  local tmp = path .. ".tmp"
  local f, err = io.open(tmp, "wb")
  if not f then abort(EXIT.output, err) end
  f:write(cjson.encode(doc), "\n")
  f:close()
  local ok, rerr = os.rename(tmp, path)
  if not ok then abort(EXIT.output, rerr) end
end

--}

--{ The run, phase by phase: driver.main calls these in order ---------------------

-- --print-path and --list: answered without a script. An exit status, or nil to go on.
local function answer_questions(config)
  if config.print_path then
    for _, dir in ipairs(config.dirs) do io.stdout:write(dir, "\n") end
    io.stdout:write("(bundled scripts and stdlib)\n")
    if not config.script and not config.list then return EXIT.ok end
  end
  if config.list then
    list_scripts(config)
    return EXIT.ok
  end
end

-- The script and its options: one script, or with auto / detect every script that can
-- recognise a format (each input's chosen by content), each with the --opt keys it
-- declares. Returns a plan { script, opts, auto, scripts, opts_by }, or nil after --help.
local function choose_script(config)
  if config.script == "auto" or config.script == "detect" then
    local scripts = detecting_scripts(config)
    return { script = { name = config.script, where = "(" .. config.script .. ")" }, auto = true,
             scripts = scripts, opts_by = options_by_script(scripts, config.opts) }
  end
  local script = load_script(config.script, config.dirs)
  if config.help then
    script_help(script)
    return nil
  end
  local opts, opt_err = options.parse(script.options or {}, config.opts)
  if not opts then abort(EXIT.usage, ("%s: %s"):format(script.name, opt_err)) end
  if config.verbose then warn("script %s", script.where) end
  return { script = script, opts = opts }
end

-- detect: which script each input would go to, and why; nothing is converted.
local function print_detected(config, plan)
  local detect = require "allure.detect"
  for _, input in ipairs((expand_inputs(config.inputs, {}))) do
    if not input.file then
      io.stdout:write("<stdin>: cannot be sniffed; name the file\n")
    else
      local chosen, score, reason = detect.choose(input.file, plan.scripts)
      if chosen then
        io.stdout:write(("%s: %s (%d: %s)\n"):format(input.name, chosen.name, score, reason or "recognised"))
      else
        io.stdout:write(("%s: none (%s)\n"):format(input.name, score))
      end
    end
  end
  return EXIT.ok
end

-- The run-wide state: decorations (labels, links, params, rules, test plan), progress,
-- the summary. Everything that can be wrong with the command line is found here, before
-- any input is read.
local function prepare_run(config, plan, started)
  local by = settings_by_kind(config.settings)
  local ci = require "allure.ci"
  local facts = ci.detect(os.getenv)
  local executor, executor_err = ci.executor(facts, by.executor)
  if executor == nil then abort(EXIT.usage, executor_err) end
  local run = setmetatable({
    script_name = plan.script.name, started = started, last_progress = 0, emitted = 0,
    rules = load_rules(by), plan = load_testplan(),
    show_progress = progress_wanted(config), plain = plain_terminal(),
    by = by, facts = facts, executor = executor,
  }, Run)
  run.labels, run.links = run_labels_and_links(by)
  run.params = run_params(by)
  run.decorate = run.rules ~= nil or #run.labels > 0 or #run.links > 0 or #run.params > 0
  local step_summary = os.getenv("GITHUB_STEP_SUMMARY")
  run.step_summary = step_summary ~= "" and step_summary or nil
  if config.summary_md or run.step_summary then run.summary = require("allure.summary").new() end
  return run
end

-- The writer, and the launch-level files first, so a watcher uploads them with the first
-- results. async: files are created by a background thread while the script reads on
-- (docs/performance.md).
local function open_writer(config, run)
  local w, err = writer.open(config.output, { clean = config.clean, deterministic = config.deterministic,
                                              async = async_wanted(config) })
  if not w then abort(EXIT.output, err) end
  run.writer = w
  local environment = {}
  for _, kv in ipairs(run.by.env) do
    local key, value = kv:match("^([^=]+)=(.*)$")
    environment[#environment + 1] = { key, value }
  end
  if config.env_from_ci then
    for _, line in ipairs(require("allure.ci").environment(run.facts)) do environment[#environment + 1] = line end
  end
  if #environment > 0 then
    local map = {}
    for _, kv in ipairs(environment) do map[kv[1]] = kv[2] end
    local ok, env_err = w:environment(map)
    if not ok then abort(EXIT.output, env_err) end
  end
  if run.executor then
    local ok, exec_err = w:executor(run.executor)
    if not ok then abort(EXIT.output, exec_err) end
  end
  -- Repairs in the launch-level files (environment.properties) count in the totals only.
  run.total_repairs = no_repairs()
  add_repairs(run.total_repairs, w:repairs())
  return w
end

-- run SCRIPT -- COMMAND: the command's output, through a tee, is our standard input.
local function start_command(config, run)
  if not config.command then return end
  local pid, tee = host.spawn(config.command)
  if not pid then abort(EXIT.usage, tee) end
  run.command_pid, run.tee_pid = pid, tee
end

-- The script and options for one input: with auto, the script that recognises it, or a
-- stand-in that refuses it (named) or passes it over (found in a directory).
local function script_for(input, plan, config)
  local unreadable = unreadable_file(input)
  if unreadable then
    return { name = plan.script.name, convert = function() return nil, unreadable end }, nil, unreadable
  end
  if not plan.auto then return plan.script, plan.opts end
  local chosen, score, why
  if input.file then
    chosen, score, why = require("allure.detect").choose(input.file, plan.scripts)
  else
    score = "standard input cannot be sniffed: name the file"
  end
  if chosen then
    if config.verbose then warn("%s: %s (%s)", input.name, chosen.name, why or "recognised") end
    return chosen, plan.opts_by[chosen]
  end
  -- A file that cannot be read is an error wherever it was found (nil); one of no known
  -- format is refused when named, skipped when found in a directory (false).
  local cannot_read = why == "unreadable"            -- score: io.open's "FILE: why"
  local message = cannot_read and score or ("%s: %s"):format(input.name, score)
  return { name = "auto", convert = function()
    if cannot_read then return nil, message, "unreadable" end
    return false, message
  end }
end

-- Converts one input and returns its report entry: outcome converted, malformed,
-- unreadable, refused or skipped, with its counts, warnings and repairs.
local function convert_input(input, plan, run, config)
  local w = run.writer
  local script, opts, unreadable = script_for(input, plan, config)
  local ctx = setmetatable({
    writer = w, run = run, opts = opts, input = input, verbose = config.verbose,
    deterministic = config.deterministic, base_time = base_time(input), warnings = 0, outside_plan = 0,
  }, Ctx)
  input.warn = function(message, where) ctx:warn(message, where) end
  if config.deterministic then
    run.seeds_seen = run.seeds_seen or {}
    w:seed_input(input_seed(input, run.seeds_seen))
  end
  local before, missed_before = w:stats(), attachments_missed()
  run:start_input(input)
  host.context("while converting " .. input.name)
  local ok, message, outcome = script.convert(input, ctx)
  host.context(nil)
  input:close()
  -- Every file of this input is on disk before its summary: a failure of the last
  -- background writes is reported here.
  local flushed, flush_err = w:flush()
  if not flushed then abort(EXIT.output, flush_err) end
  run:clear_progress()
  run.current = nil
  local repairs = w:repairs()
  repairs.missing_attachments = attachments_missed() - missed_before
  add_repairs(run.total_repairs, repairs)
  local entry = { input = input.name, script = script.name, outcome = "converted",
                  results = difference(w:stats(), before), warnings = ctx.warnings,
                  outside_plan = ctx.outside_plan, repairs = repairs }
  if unreadable then
    entry.outcome, entry.message = "unreadable", unreadable
    warn("%s", unreadable)
  elseif ok == nil and message ~= nil then
    entry.outcome, entry.message = outcome == "unreadable" and outcome or "malformed", message
    warn("%s", message)
  elseif ok == false and input.named then
    -- A file the user named is not of this script's format (with auto: of any format):
    -- an error, or a CI job would pass with an empty report.
    entry.outcome, entry.message = "refused", (message or input.name .. ": not a report of this format")
      .. which_script_reads(input, config, script)
    warn("%s", entry.message)
  elseif ok == false then                          -- found in a directory: passed over
    entry.outcome, entry.message = "skipped", message or input.name .. ": not a report of this format"
    warn("%s (skipped)", entry.message)
  end
  local repaired = repairs_text(repairs)
  if config.verbose or repaired ~= ""
      or (entry.outcome == "converted" and (ctx.warnings > 0 or ctx.outside_plan > 0)) then
    warn("%s: %d results%s%s%s%s", input.name, entry.results.results, by_status(entry.results),
      ctx.warnings > 0 and (", %d warnings"):format(ctx.warnings) or "",
      ctx.outside_plan > 0 and (", %d not in the test plan"):format(ctx.outside_plan) or "",
      repaired ~= "" and "; repaired: " .. repaired or "")
  end
  return entry
end

-- Every input in order; inputs that could not even be expanded (missing paths) first.
local function convert_inputs(config, plan, run)
  local inputs, problems = expand_inputs(config.inputs, plan.auto and {} or plan.script)
  local report = {}
  for _, problem in ipairs(problems) do
    warn("%s", problem)
    report[#report + 1] = { input = problem:match("^(.-): ") or problem, outcome = "unreadable", message = problem }
  end
  for _, input in ipairs(inputs) do report[#report + 1] = convert_input(input, plan, run, config) end
  return report
end

-- The last files (categories.json), the writer closed, the summaries written and shown.
-- Returns the totals.
local function finish(config, plan, run, report)
  local w = run.writer
  if run.rules then
    local categories = run.rules:categories()
    if categories then
      local ok, cat_err = w:categories(categories)
      if not ok then abort(EXIT.output, cat_err) end
    end
  end
  local stats = w:stats()
  w:close()
  add_repairs(run.total_repairs, w:repairs())      -- categories.json
  local totals = { results = stats.results, repairs = run.total_repairs }
  for _, status in ipairs(STATUSES) do totals[status] = stats[status] end
  local seconds = host.clock() - run.started
  if config.summary_json then write_summary_json(config.summary_json, report, totals, config, seconds) end
  if run.summary then
    write_summary_md(config.summary_md, run.step_summary, run.summary:markdown(report, plan.script.name, seconds))
    run.summary:close()
  end
  if not config.quiet then warn("%s", summary_line(totals, report, config.output, seconds)) end
  return totals
end

-- The most telling status: a missing input explains an empty run, a malformed one the
-- missing tests; with run, the command's verdict comes first (a CI job must fail when its
-- tests fail).
local function exit_status(config, run, report, totals)
  local n_unreadable, n_bad = 0, 0
  for _, entry in ipairs(report) do
    if entry.outcome == "unreadable" then n_unreadable = n_unreadable + 1 end
    if entry.outcome == "malformed" or entry.outcome == "refused" then n_bad = n_bad + 1 end
  end
  local status = n_unreadable > 0 and EXIT.unreadable or n_bad > 0 and EXIT.input
    or (config.fail_on_empty and totals.results == 0) and EXIT.empty or EXIT.ok
  if status == EXIT.empty and not config.quiet then
    warn("no result was written (--fail-on-empty)")
  end
  if run.command_pid then
    local command_status = host.wait(run.command_pid)
    host.wait(run.tee_pid)
    if command_status ~= 0 then return command_status end
  end
  return status
end

--}

function driver.main(config)
  local started = host.clock()
  local answered = answer_questions(config)
  if answered then return answered end
  local plan = choose_script(config)
  if not plan then return EXIT.ok end              -- the script's --help
  if config.script == "detect" then return print_detected(config, plan) end
  local run = prepare_run(config, plan, started)
  open_writer(config, run)
  start_command(config, run)
  local report = convert_inputs(config, plan, run)
  local totals = finish(config, plan, run, report)
  return exit_status(config, run, report, totals)
end

return driver
