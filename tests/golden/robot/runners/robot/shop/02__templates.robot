*** Settings ***
Documentation     Data-driven tests: one test per template, one keyword call per row.
Test Template     Name Should Be Kept

*** Test Cases ***
Names Are Kept    ünïcödé ✓    ünïcödé ✓
    <&>"'{}    <&>"'{}
    plain    plain

One Row Fails    left    right

*** Keywords ***
Name Should Be Kept
    [Arguments]    ${given}    ${expected}
    Should Be Equal    ${given}    ${expected}
