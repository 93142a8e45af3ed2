Feature: Output and hooks

  Scenario: same name
    Given a calculator
    Then the result is 0

  Scenario: attachments and logs
    Given a calculator
    When I attach things

  Scenario: about 50 KB of log
    When I log 50 KB

  @flaky
  Scenario: flaky, passes on the third attempt
    When a flaky step runs

  @before-fails
  Scenario: Before hook fails
    Given a calculator

  @after-fails
  Scenario: After hook fails
    Given a calculator
