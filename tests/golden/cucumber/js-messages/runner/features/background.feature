Feature: Broken background

  Background:
    Given a broken background

  Scenario: First after the background
    Then the result is 0

  Scenario: Second after the background
    Then the result is 0
