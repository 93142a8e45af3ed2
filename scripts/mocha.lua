-- mocha --reporter json -> Allure results.
--
-- The report is one JSON document: `tests` lists every test that ended, in the
-- order they ran, with its file, full title, duration, retry count and error;
-- `pending` and `failures` say which were skipped and which failed (a failed
-- hook appears only in `failures`). Nothing else is kept while the tests are
-- written one by one. docs/formats/mocha.md has the whole mapping.
local kit = require "allure.kit"
local jsondoc, time, model, jserror = kit.require("jsondoc", "time", "model", "jserror")
local jsreport, relpath, coerce = kit.require("jsreport", "relpath", "coerce")
local str, number, duration_of, is_array = coerce.str, coerce.number, coerce.duration, coerce.is_array

-- A test and its entries in the other lists are matched by file and full title.
local function key_of(t)
  return (str(t.file) or "") .. "\0" .. (str(t.fullTitle) or str(t.title) or "")
end

-- Multisets of keys: a title may occur twice in a file.
local function count_keys(list)
  local counts = {}
  for _, t in ipairs(list) do
    if type(t) == "table" then
      local k = key_of(t)
      counts[k] = (counts[k] or 0) + 1
    end
  end
  return counts
end

local function take(counts, k)
  if (counts[k] or 0) > 0 then
    counts[k] = counts[k] - 1
    return true
  end
  return false
end

local function has_error(err)
  return type(err) == "table" and (err.message ~= nil or err.stack ~= nil)
end

-- The error as jserror reads it; `showDiff: false` is the assertion library saying
-- its actual/expected are not worth a diff.
local function error_of(err)
  if type(err) ~= "table" then err = {} end
  local e = { name = str(err.name), message = str(err.message), stack = str(err.stack) }
  if err.showDiff ~= false then e.actual, e.expected = err.actual, err.expected end
  return e
end

-- mocha's titles of failed hooks: '"before each" hook for "reads a row"',
-- '"after all" hook: cleanup in "Database"'.
local function is_hook(title)
  return type(title) == "string" and title:find('^"[%a ]+" hook') ~= nil
end

-- A hook's title without the test or block it ran for: its identity stays the same
-- whichever test comes first.
local function hook_identity(title)
  return (title:gsub(' for ".*"$', ""):gsub(' in ".*"$', ""))
end

--{ One test ----------------------------------------------------------------------

local function convert_test(t, kind, state)
  local title = str(t.title) or ""
  local full_title = str(t.fullTitle) or title
  -- fullTitle is the describe titles and the test title joined by spaces; a
  -- describe title may hold spaces itself, so the chain stays one string.
  local chain = full_title
  if title ~= "" and full_title:sub(-#title - 1) == " " .. title then chain = full_title:sub(1, -#title - 2)
  elseif full_title == title then chain = "" end
  local file = str(t.file) and state.relative(t.file)
  local info = file and { file = file } or nil     -- rules see the test's file as {file}

  local identity = full_title
  if kind == "hook" then identity = chain ~= "" and chain .. " " .. hook_identity(title) or hook_identity(title) end
  local full_name = file and (file .. "#" .. identity) or identity

  local path = { file }
  if chain ~= "" then path[#path + 1] = chain end

  -- The same full title twice in a file (a title used twice, a loop without the
  -- value in the title): another test, told apart by an occurrence parameter.
  local parameters = {}
  model.occurrence(state.seen, full_name, parameters)

  local status, details = "passed", nil
  if kind == "failed" or kind == "hook" then
    local e = error_of(t.err)
    status = kind == "hook" and "broken" or jserror.status(e)
    details = jserror.details(e) or { message = "failed" }
  elseif kind == "pending" then
    status = "skipped"
  end

  local duration = duration_of(t.duration)
  -- A retry count past any real configuration is not one (a hostile report would
  -- have us write millions of attempts).
  local retries = math.tointeger(number(t.currentRetry) or 0) or 0
  if retries < 0 or retries > 100 then retries = 0 end
  -- mocha retries a test after each failure and reports only the last attempt, with
  -- its number (currentRetry): the earlier attempts left nothing else in the report.
  details = model.retried(parameters, retries, status, details)
  state.ctx:emit({
    name = title ~= "" and title or full_title,
    fullName = full_name,
    titlePath = path,
    labels = jsreport.labels(path, "mocha", "mocha-json"),
    parameters = parameters,
    status = status,
    statusDetails = details,
    start = state.clock,
    stop = state.clock + duration,
  }, info)
  state.clock = state.clock + duration
end

--}

--{ The document ------------------------------------------------------------------

-- mocha prints the report to standard output, after whatever the tests printed
-- there (console.log): the report starts at a line that opens the document with
-- "stats". Only for a regular file (standard input or a FIFO has been read by the
-- first attempt).
local function after_output(text)
  local at = text:find('\n{%s*"stats"%s*:')
  if not at then return nil end
  return text:sub(at + 1), at
end

local function is_mocha(doc)
  return type(doc) == "table" and type(doc.stats) == "table"
    and (is_array(doc.tests) or is_array(doc.passes) or is_array(doc.failures) or is_array(doc.pending))
end

return kit.converter {
  name = "mocha",
  description = "mocha JSON reporter (mocha --reporter json)",
  extensions = { "json" },
  help = [==[
Reads the report of `mocha --reporter json` (also with console output in front of
it, as when the tests print to standard output). Test files and describe titles
give the suites; failed assertions are failed and other errors broken, with
actual/expected for a diff; retried tests get their earlier attempts; a failed
hook is a broken result of its own. docs/formats/mocha.md has the mapping.]==],
  options = { "root" },

  detect = kit.detect {
    { 90, "mocha JSON (stats, fullTitle)", keys = { "stats" }, text = '"fullTitle"%s*:' },
    { 80, "mocha JSON (stats, tests, pending, failures, passes)",
      keys = { "stats", "tests", "pending", "failures", "passes" } },
    { 70, "mocha JSON after the tests' console output", kind = "text",
      text = { '\n{%s*"stats"%s*:', '"fullTitle"%s*:' } },
  },

  convert = function(input, ctx, state)
    local doc, err = kit.json(input, 'a mocha JSON report (expected an object with "stats" and "tests")', is_mocha,
      function() return jsondoc.read(input, after_output) end)
    if not doc then return doc, err end

    local tests = is_array(doc.tests) and doc.tests or nil
    local passes = is_array(doc.passes) and doc.passes or {}
    local pending = is_array(doc.pending) and doc.pending or {}
    local failures = is_array(doc.failures) and doc.failures or {}

    -- Paths and the total duration first: identities need the project root, and a
    -- report without a start time ends at the report's time.
    local files, total
    for _, list in ipairs(tests and { tests, failures } or { passes, pending, failures }) do
      files, total = relpath.scan(list, "file", "duration", duration_of, files, total)
    end
    state.relative = relpath.relativizer(files, { root = ctx.opts.root })
    state.clock = time.iso(doc.stats.start) or (ctx.base_time - math.floor(total))
    state.seen = {}

    -- Which tests are skipped, and which failures are not tests: matched by key, built
    -- only for the (usually few) tests that can match.
    local pending_left, failures_left = count_keys(pending), count_keys(failures)
    local any_pending = next(pending_left) ~= nil
    if tests then
      for _, t in ipairs(tests) do
        if type(t) == "table" then
          local kind = "passed"
          if has_error(t.err) then
            kind = "failed"
            take(failures_left, key_of(t))
          elseif any_pending and take(pending_left, key_of(t)) then
            kind = "pending"
          end
          convert_test(t, kind, state)
        end
      end
    else
      -- Only the per-outcome lists (an edited or older report): not in run order.
      for _, t in ipairs(passes) do
        if type(t) == "table" then convert_test(t, "passed", state) end
      end
      for _, t in ipairs(pending) do
        if type(t) == "table" then convert_test(t, "pending", state) end
      end
    end
    -- Failures that are not tests: failed hooks ('"before each" hook for "x"'), which
    -- stop the rest of their describe block.
    for _, t in ipairs(failures) do
      if type(t) == "table" and (not tests or take(failures_left, key_of(t))) then
        convert_test(t, (tests or is_hook(t.title)) and "hook" or "failed", state)
      end
    end
    return true
  end,
}
