@allure.label.owner:alice @severity:critical
Feature: Calculator
  Adds and divides numbers.

  Background:
    Given a calculator

  @issue:CALC-1 @tms:TC-7 @allure.id:42 @smoke
  Scenario: Add two numbers
    When I add 2 and 3
    Then the result is 5

  Scenario: Wrong sum
    When I add 2 and 2
    Then the result is 5

  Scenario Outline: Divide <a> by <b>
    When I divide <a> by <b>
    Then the result is <result>

    Examples: whole numbers
      | a  | b | result |
      | 6  | 3 | 2      |
      | 10 | 0 | 0      |

    @slow
    Examples: fractions
      | a | b | result |
      | 1 | 4 | 0.25   |
