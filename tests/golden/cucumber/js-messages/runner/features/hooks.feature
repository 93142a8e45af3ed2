Feature: Hooks and attachments

  @failing-before
  Scenario: Before hook fails
    Given a calculator

  @failing-after
  Scenario: After hook fails
    Given a calculator

  @attach
  Scenario: Attachments
    Given a calculator
    When I attach a screenshot and a log

  @flaky
  Scenario: Flaky on the first attempt
    Given a step that fails once

  @skip-me
  Scenario: Skipped by a hook
    Given a calculator
