-- What the JSON reports of JavaScript runners share as Allure results: the reports
-- of jest, vitest, mocha and Playwright, and CTRF reports their reporters write
-- (scripts/jest.lua, mocha.lua, playwright.lua, ctrf.lua map the same runners).
local model = require "allure.model"
local meta = require "allure.meta"
local attach = require "allure.attach"
local base64 = require "allure.base64"
local coerce = require "allure.coerce"
local str, list = coerce.str, coerce.list

local jsreport = {}

-- The labels every result of one describe block (or test file) shares: the suites
-- of its path (the file first), then the producer.
function jsreport.labels(path, framework, format)
  local labels = {}
  model.suite_labels(labels, path)
  model.label(labels, "framework", framework)
  model.label(labels, "language", "javascript")
  model.label(labels, "resultFormat", format)
  return labels
end

-- Captured output as the reporters keep it: a string, or a list of chunks (strings,
-- { text = }, or Playwright's { buffer = BASE64 } for bytes that are not UTF-8) joined
-- by `sep`. Kept up to the attachment size cap, as every attachment is; the rest is
-- dropped with a note, and a buffer is measured before it is decoded.
function jsreport.output(entries, sep)
  if type(entries) == "string" then return entries end
  if type(entries) ~= "table" or entries[1] == nil then return "" end   -- most tests print nothing
  local parts, size = {}, 0
  for _, e in ipairs(entries) do
    local text                                    -- false: over the cap, not decoded
    if type(e) == "table" then
      if str(e.text) then text = e.text
      elseif str(e.buffer) then
        text = size + #e.buffer * 3 // 4 <= attach.MAX_SIZE and (base64.decode(e.buffer) or "")
      end
    elseif type(e) == "string" then
      text = e
    end
    if text == false or (text and size + #text > attach.MAX_SIZE) then
      parts[#parts + 1] = ("\n[allure-lua: output larger than the %.1f MiB attachment limit: cut here]\n"):format(
        attach.MAX_SIZE / (1024 * 1024))
      break
    elseif text then
      size = size + #text
      parts[#parts + 1] = text
    end
  end
  return table.concat(parts, sep)
end

--{ Playwright's annotations ({ type =, description = }), in its own report and in
-- playwright-ctrf-json-reporter's (extra.annotations): lists of anything, read with guards.

-- The first annotation whose type is a key of `types`, nil when there is none.
function jsreport.annotation(annotations, types)
  for _, a in ipairs(list(annotations)) do
    if type(a) == "table" and a.type ~= nil and types[a.type] ~= nil then return a end
  end
  return nil
end

-- test.fail(): a test expected to fail that passed is failed, as Playwright counts it
-- (playwright-ctrf-json-reporter writes "passed"). Its details, with the reason.
function jsreport.unexpected_pass(annotations)
  local a = jsreport.annotation(annotations, { fail = true })
  local why = a and str(a.description)
  return { message = "expected to fail (test.fail), but passed" .. (why and ": " .. why or "") }
end

-- Annotations Playwright itself gives meaning to (test.skip, test.fixme, test.fail,
-- test.slow); the ones that are markers worth filtering by become tags.
local BUILTIN = { skip = true, fixme = true, fail = true, slow = true }
local MARKER_TAGS = { fixme = "fixme", slow = "slow" }

-- The annotations on a result: the markers as tags; issue, owner, severity, allure.id,
-- ... as what they mean to Allure (meta.property with opts); others as labels (a
-- type without a description as a tag).
function jsreport.annotate(result, annotations, opts)
  for _, a in ipairs(list(annotations)) do
    if type(a) == "table" and str(a.type) then
      local description = str(a.description)
      if MARKER_TAGS[a.type] then
        model.label(result.labels, "tag", MARKER_TAGS[a.type])
      elseif not BUILTIN[a.type] and not meta.property(result, a.type, description or "", opts) then
        model.label(result.labels, description and a.type or "tag", description or a.type)
      end
    end
  end
end

--}

return jsreport
