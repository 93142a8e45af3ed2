@shop
Feature: Shopping cart
  Carts hold items and count them.

  Background:
    Given an empty cart

  Scenario: Adding an item
    When I add 2 "apple"
    Then the cart holds 2 items

  @smoke @severity:critical
  Scenario: A wrong total
    When I add 2 "apple"
    Then the cart holds 3 items

  Scenario: An error in a step
    When the payment service fails
    Then the cart holds 0 items

  Scenario: An undefined step
    When I do something nobody wrote
    Then the cart holds 0 items

  Scenario: A pending step
    When I check out later
    Then the cart holds 0 items

  Scenario Outline: Names are kept: <name>
    When I add 1 item named <name>
    Then the cart holds 1 items

    Examples:
      | name      |
      | ünïcödé ✓ |
      | <&>"'{}   |

  Scenario: A doc string and a table
    When I add these items:
      | item | count |
      | pear | 1     |
      | plum | 2     |
    Then the receipt says:
      """
      3 items
      """
