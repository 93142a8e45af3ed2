Feature: Other
  Scenario: Buying works
    Given a shop
    When I buy 1 items
    Then I have 1 items
  Scenario: Hook fails
    Given a shop that fails in its hook
