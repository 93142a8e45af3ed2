@shop
Feature: Shop ünïcödé
  Background:
    Given a shop

  Scenario: Buying works
    When I buy 2 items
    Then I have 2 items

  Scenario: Broken step
    When I buy 2 items
    Then it explodes

  @skip
  Scenario: Skipped by tag
    When I buy 1 items

  Scenario Outline: Outline <name>
    When I buy <n> items
    Then I have <m> items

    Examples: amounts
      | name      | n | m |
      | ok <&>"'{} | 1 | 1 |
      | wrong     | 2 | 3 |

  Scenario: Undefined step
    When I do something undefined
