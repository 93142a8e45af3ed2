*** Settings ***
Documentation     A suite teardown that fails after its tests passed.
Suite Teardown    Fail    the database did not stop

*** Test Cases ***
Passes Before The Teardown
    Log    fine

Fails Before The Teardown
    Fail    broken before the teardown

Skipped Before The Teardown
    Skip    not today
