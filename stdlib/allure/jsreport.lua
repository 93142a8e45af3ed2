-- What the JSON reports of JavaScript runners share as Allure results: the reports
-- of jest, vitest, mocha and Playwright, and CTRF reports their reporters write
-- (scripts/jest.lua, mocha.lua, playwright.lua, ctrf.lua map the same runners).
local model = require "allure.model"
local list = require("allure.coerce").list

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

-- Playwright's test.fail(): a test expected to fail that passed is failed, as
-- Playwright counts it (its own report and playwright-ctrf-json-reporter's).
jsreport.UNEXPECTED_PASS = "expected to fail (test.fail), but passed"

-- The first of Playwright's annotations ({ type =, description = }) whose type is a
-- key of `types`, nil when there is none (a list of anything: read with guards).
function jsreport.annotation(annotations, types)
  for _, a in ipairs(list(annotations)) do
    if type(a) == "table" and a.type ~= nil and types[a.type] ~= nil then return a end
  end
  return nil
end

return jsreport
