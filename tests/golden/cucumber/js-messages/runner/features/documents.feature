Feature: Documents

  Rule: Doc strings and data tables are kept

    Scenario: Store a document
      Given a document:
        """json
        {"title": "hello"}
        """
      And the users:
        | name  | role  |
        | alice | admin |
        | bob   | guest |
      Then 1 document is stored

  Rule: Unfinished work is not hidden

    Scenario: Undefined step
      Given a step nobody wrote
      Then the result is 0

    Scenario: Pending step
      Given a pending step
      Then the result is 0

    Scenario: Ambiguous step
      Given an ambiguous step
