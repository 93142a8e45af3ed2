Feature: Calculator
  The outcomes cucumber has.

  Background:
    Given a calculator

  Scenario: adds
    When I add 1 and 2
    Then the result is 3

  Scenario: assertion fails
    When I add 0.1 and 0.2
    Then the result is 0.3

  Scenario: throws an error
    When the calculator crashes

  @skip
  Scenario: skipped by a Before hook
    When I add 1 and 1

  Scenario: pending step
    When a step is not implemented yet

  Scenario: undefined step
    When nobody wrote this step

  Scenario: ambiguous step
    When a step matches twice

  Scenario Outline: adds <a> and <b> for <label>
    When I add <a> and <b>
    Then the result is <sum>

    Examples: simple
      | a | b | sum | label      |
      | 1 | 2 | 3   | ünïcödé ✓  |
      | 2 | 2 | 5   | <&>"'{}    |

    Examples: escaped cells
      | a | b | sum | label          |
      | 3 | 4 | 7   | pipe \| in it  |
      | 3 | 4 | 7   | 日本語          |

  Rule: a rule groups scenarios
    Scenario: inside a rule
      When I add 2 and 3
      Then the result is 5

  Scenario: same name
    Then the result is 0
