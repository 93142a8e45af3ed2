-- Exceptions of any language as reports name them, and what they mean for Allure:
-- failed (an assertion did not hold: a product defect) or broken (any other
-- error: a test defect). Shared by the converters of reports that carry only the
-- exception's class or its text (Cucumber in every language, RSpec).
local exception = {}

-- Wrappers that hide the real cause (a reflective call, a future): the class
-- says nothing about what failed.
local WRAPPERS = {
  InvocationTargetException = true, UndeclaredThrowableException = true,
  ExecutionException = true, CompletionException = true, MultipleExceptionError = true,
}

local function last_segment(class)
  return class:match("([^.:]+)$") or class
end

-- "failed" for assertion and expectation failures of the usual libraries
-- (java.lang.AssertionError, org.opentest4j.AssertionFailedError,
-- org.junit.ComparisonFailure, opentest4j's MultipleFailuresError, node's and
-- chai's AssertionError, jest's JestAssertionError, jasmine's ExpectationFailed,
-- RSpec::Expectations::ExpectationNotMetError, RSpec::Mocks::MockExpectationError,
-- Minitest::Assertion, Test::Unit::AssertionFailedError, Python's
-- AssertionError, and every Xunit.Sdk.* class: xUnit.net's assertions throw
-- EqualException, TrueException, ..., and FluentAssertions and Shouldly throw
-- XunitException under xUnit), "broken" for any other class, nil when the class
-- is unknown or only a wrapper.
function exception.status(class)
  if type(class) ~= "string" or not class:find("%S") then return nil end
  local name = last_segment(class)
  if WRAPPERS[name] then return nil end
  local lower = class:lower()
  if lower:find("assert", 1, true) or lower:find("expectation", 1, true) or class:find("^Xunit%.Sdk%.")
      or name == "ComparisonFailure" or name == "MultipleFailuresError"
      or name == "PendingExampleFixedError" then
    return "failed"
  end
  return "broken"
end

-- A word that names an exception class: qualified (java.io.IOException,
-- RSpec::Mocks::MockExpectationError) or a capitalised name ending the way
-- exception classes do (TypeError, RuntimeException, ComparisonFailure).
local function looks_like_class(word)
  if word:find("[.:]") and word:find("^[%a_$][%w_$.:]*[%w_$]$") then
    return last_segment(word):find("^%u") ~= nil
  end
  return word:find("^%u[%w_$]*$") ~= nil
    and (word:find("Error$") or word:find("Exception$") or word:find("Failure$") or word:find("Failed$")
         or word:find("^Assertion"))
end

-- What a runner appends after a Python traceback: behave's "Captured stdout:",
-- pytest's "----- Captured stderr call -----". The exception line comes before it.
local function is_captured(line)
  return line:find("^Captured %a+:") or line:find("^%-+ Captured ")
end

-- The class an error text names, or nil:
--   "java.lang.AssertionError: x", "AssertionError [ERR_ASSERTION]: x",
--   "TypeError: x", "org.junit.ComparisonFailure: expected", a class alone
--   ("java.lang.NullPointerException", no message) (the first line);
--   "expected 5\n got 4 (RSpec::Expectations::ExpectationNotMetError)" (Ruby
--   puts the class in parentheses after the message);
--   "Traceback (most recent call last): ... \nValueError: x" (Python: the last
--   line naming a class); behave's "Assertion Failed: x".
function exception.class_of(text)
  if type(text) ~= "string" then return nil end
  local first = text:match("^%s*([^\r\n]*)")
  local head = first:match("^([%a_$][%w_$.:]*)%s*%[[^%]]*%]%s*:") or first:match("^([%a_$][%w_$.:]*):")
    or first:match("^([%a_$][%w_$.:]*)%s*$")
  if head and looks_like_class(head) then return head end
  if first:find("^Assertion Failed") then return "AssertionError" end
  for class in text:gmatch("%(([%u][%w_]*::[%w_:]*[%w_])%)") do return class end
  for class in text:gmatch("%((%u[%w_]*Error)%)%s*\n") do return class end
  if first:find("^Traceback %(most recent call last%)") then
    local found
    for line in text:gmatch("[^\r\n]+") do
      if is_captured(line) then break end
      local class = line:match("^([%a_][%w_.]*):") or line:match("^([%a_][%w_.]*)%s*$")
      if class and looks_like_class(class) then found = class end
    end
    return found
  end
  return nil
end

-- The line of an error text that says what went wrong: the last line of a
-- Python traceback ("KeyError: 'cart'", before any captured output), otherwise
-- the first non-blank line.
function exception.message_of(text)
  if type(text) ~= "string" then return nil end
  local first = text:match("^%s*([^\r\n]*%S)")
  if first and first:find("^Traceback %(most recent call last%)") then
    local last
    for line in text:gmatch("[^\r\n]+") do
      if is_captured(line) then break end
      if line:find("^%S") then last = line end
    end
    return last or first
  end
  return first
end

-- googletest's failure text: "file:line" (or "unknown file") on its first line, then the
-- message -> location (nil when unknown), message. A text of one line is all message.
function exception.googletest_split(text)
  local where, message = text:match("^([^\n]*)\n(.*)$")
  if not where then return nil, text end
  if where == "unknown file" then where = nil end
  return where, message
end

-- A googletest failure message that is an error of the test (an exception escaped the
-- test body), not a failed assertion: broken, as googletest's own wording says.
function exception.googletest_error(message)
  return message:find("^C%+%+ exception with description") or message:find("^Unknown C%+%+ exception thrown")
    or message:find("^SEH exception with code") or message:find("^Exception thrown with code")
end

return exception
