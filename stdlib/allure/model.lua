-- Small builders for the parts of an Allure result that every converter makes.
local model = {}

-- Appends a label unless the value is missing or blank.
function model.label(labels, name, value)
  if value == nil then return end
  value = tostring(value)
  if value:find("%S") then labels[#labels + 1] = { name = name, value = value } end
end

-- The labels that say what produced a result, in this order: framework, language,
-- resultFormat (the converter's format name); a nil one is left out.
function model.producer(labels, framework, language, format)
  model.label(labels, "framework", framework)
  model.label(labels, "language", language)
  model.label(labels, "resultFormat", format)
end

-- Suite labels from a suite path (outermost first), the way Allure adapters
-- fill them: one level -> suite; two -> parentSuite, suite; more -> the rest
-- joined with " > " as subSuite (allure-js getSuiteLabels does the same).
function model.suite_labels(labels, path)
  local n = #path
  if n == 1 then
    model.label(labels, "suite", path[1])
  elseif n >= 2 then
    model.label(labels, "parentSuite", path[1])
    model.label(labels, "suite", path[2])
    if n >= 3 then model.label(labels, "subSuite", table.concat(path, " > ", 3)) end
  end
end

-- The labels of a test in code, in the order Allure's adapters write them: the suite
-- path's (suite_labels), then each of LABELS that `fields` has. Returns `labels`.
local LABELS = { "testClass", "testMethod", "package", "host", "thread", "framework", "language", "resultFormat" }
function model.labels(labels, path, fields)
  model.suite_labels(labels, path)
  for _, name in ipairs(LABELS) do model.label(labels, name, fields[name]) end
  return labels
end

-- A text attachment from captured output; nil for missing or blank output.
function model.text_attachment(name, text)
  if text == nil or not text:find("%S") then return nil end
  return { name = name, content = text, type = "text/plain" }
end

-- Levels of nested steps a converter keeps: Allure readers take 100, and the
-- fixture or result around the steps adds one.
model.MAX_STEP_DEPTH = 90

-- Appends step to steps, a list at nesting level `depth` (1: a test's own steps).
-- From MAX_STEP_DEPTH on, the step's own steps follow it in the list instead of
-- nesting further (a recursive keyword, sections nested without end).
function model.add_step(steps, step, depth)
  steps[#steps + 1] = step
  if depth >= model.MAX_STEP_DEPTH and step.steps then
    for _, inner in ipairs(step.steps) do steps[#steps + 1] = inner end
    step.steps = nil
  end
end

-- The n-th test of one identity in a report that names no variants (a title used
-- twice, repeatEach): `seen` counts the keys; from the second on a parameter `name`
-- (default "occurrence") tells it apart. Returns n.
function model.occurrence(seen, key, parameters, name)
  local n = (seen[key] or 0) + 1
  seen[key] = n
  if n > 1 then parameters[#parameters + 1] = { name = name or "occurrence", value = tostring(n) } end
  return n
end

-- A failure no test owns (a global set-up, a configuration method, an assembly's
-- clean-up): `warning` for the user and an Allure 3 run-level error (Allure 2 has none).
function model.run_error(ctx, warning, message, trace, timestamp)
  ctx:warn(warning)
  return ctx:globals { errors = { { message = message, trace = trace, timestamp = timestamp } } }
end

-- Shows a failure outside the tests on each of `children` (their uuids): a container
-- named `name` with one fixture of that name, a set-up when `before` else a
-- tear-down, lasting the instant `at`. start, stop: the container's own span or nil.
function model.fixture_container(ctx, name, children, before, status, details, at, start, stop)
  local fixture = { name = name, status = status, statusDetails = details, start = at, stop = at }
  return ctx:container { name = name, children = children, start = start, stop = stop,
                         befores = before and { fixture } or nil, afters = not before and { fixture } or nil }
end

-- details marked flaky (made when nil): a test that passed after an attempt that did not.
function model.flaky(details)
  details = details or {}
  details.flaky = true
  return details
end

-- A repeat's span (start, stop) moved to begin at least 1 ms after the attempt before
-- it, which began at `last` (nil: there was none), its duration kept: readers that show
-- the latest attempt as the result show the final one. Returns start, stop.
function model.after(start, stop, last)
  if last and start <= last then return last + 1, stop + (last + 1 - start) end
  return start, stop
end

-- A test the runner retried whose report keeps only the final attempt and the
-- number of retries (mocha's currentRetry, CTRF's retries without retryAttempts):
-- no attempt is made up (it would need invented times and outcomes). The count is a
-- parameter "retries", shown in the report and excluded from historyId so that the
-- test keeps its history; a final pass after retries is flaky. n: the retries (0 or
-- nil: nothing); details: the final attempt's statusDetails or nil. Returns them.
function model.retried(parameters, n, final_status, details)
  if not n or n < 1 then return details end
  parameters[#parameters + 1] = { name = "retries", value = tostring(n), excluded = true }
  if final_status == "passed" then details = model.flaky(details) end
  return details
end

return model
