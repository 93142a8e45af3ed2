local exception = require "allure.exception"

return {
  { "assertion and expectation classes are failed, others broken", function()
    for _, class in ipairs { "java.lang.AssertionError", "org.opentest4j.AssertionFailedError",
                             "org.junit.ComparisonFailure", "AssertionError", "JestAssertionError",
                             "RSpec::Expectations::ExpectationNotMetError", "RSpec::Mocks::MockExpectationError",
                             "Minitest::Assertion", "Test::Unit::AssertionFailedError",
                             "org.opentest4j.MultipleFailuresError", "ExpectationFailed",
                             "Xunit.Sdk.EqualException", "Xunit.Sdk.XunitException", "Xunit.Sdk.TrueException" } do
      check.eq(exception.status(class), "failed", class)
    end
    for _, class in ipairs { "java.lang.NullPointerException", "TypeError", "RangeError", "NoMethodError",
                             "RuntimeError", "Error", "ValueError", "System.NullReferenceException",
                             "Xunit.Runner.SomethingElse" } do
      check.eq(exception.status(class), "broken", class)
    end
  end },
  { "wrappers and blanks say nothing", function()
    check.eq(exception.status("java.lang.reflect.InvocationTargetException"), nil)
    check.eq(exception.status("RSpec::Core::MultipleExceptionError"), nil)
    check.eq(exception.status(""), nil)
    check.eq(exception.status(nil), nil)
  end },
  { "class_of reads the first line of Java, JavaScript and Python errors", function()
    check.eq(exception.class_of("java.lang.AssertionError: Connection failed\r\n\tat org.junit.Assert.fail"),
      "java.lang.AssertionError")
    check.eq(exception.class_of("AssertionError [ERR_ASSERTION]: Expected values\n\n4 !== 5"), "AssertionError")
    check.eq(exception.class_of("RangeError: division by zero\n    at World"), "RangeError")
    check.eq(exception.class_of("  org.junit.ComparisonFailure: expected:<[5]> but was:<[4]>"),
      "org.junit.ComparisonFailure")
    check.eq(exception.class_of("java.lang.NullPointerException\n\tat a.B.c(B.java:3)"),
      "java.lang.NullPointerException")
    check.eq(exception.class_of("java.lang.reflect.InvocationTargetException"),
      "java.lang.reflect.InvocationTargetException")
  end },
  { "class_of does not take a sentence for a class", function()
    check.eq(exception.class_of("Expected: 5"), nil)
    check.eq(exception.class_of("expected: \"Nope\""), nil)
    check.eq(exception.class_of("Timeout: the page did not load"), nil)
    check.eq(exception.class_of(nil), nil)
  end },
  { "class_of finds Ruby's class in parentheses", function()
    check.eq(exception.class_of('\nexpected: "Nope"\n     got: "TGIF"\n\n(compared using ==)\n'
      .. " (RSpec::Expectations::ExpectationNotMetError)\n./features/step_definitions/stepdefs.rb:39"),
      "RSpec::Expectations::ExpectationNotMetError")
    check.eq(exception.class_of("undefined method `x' for nil (NoMethodError)\n./lib/a.rb:3"), "NoMethodError")
  end },
  { "class_of reads Python tracebacks and behave's assertion text", function()
    check.eq(exception.class_of("Traceback (most recent call last):\n  File \"steps.py\", line 3, in step\n"
      .. "    int('x')\nValueError: invalid literal for int()"), "ValueError")
    check.eq(exception.class_of("Assertion Failed: 4 != 5"), "AssertionError")
  end },
  { "message_of takes a traceback's last line, else the first", function()
    check.eq(exception.message_of("Traceback (most recent call last):\n  File \"a.py\", line 2, in f\n"
      .. "    x['cart']\nKeyError: 'cart'\n"), "KeyError: 'cart'")
    check.eq(exception.message_of("\n  java.lang.AssertionError: no\n\tat A.b(A.java:1)"), "java.lang.AssertionError: no")
    check.eq(exception.message_of("  "), nil)
    -- behave appends the step's captured output: the exception line is before it
    local behave = "Traceback (most recent call last):\n  File \"steps.py\", line 22, in explodes\n"
      .. "    raise OSError(\"disk on fire\")\nOSError: disk on fire\n\nCaptured stdout:\nshop opened\nValueError: printed"
    check.eq(exception.message_of(behave), "OSError: disk on fire")
    check.eq(exception.class_of(behave), "OSError")
    check.eq(exception.message_of("Traceback (most recent call last):\nE: x\n----- Captured stderr call -----\nnoise"), "E: x")
  end },
}
