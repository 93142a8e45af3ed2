Feature: Wish list

  Scenario: Adding an item
    Given an empty cart
    When I add 1 "book"
    Then the cart holds 1 items
