*** Settings ***
Documentation     Fails on the first run and passes on the rerun (--rerunfailed).
...               The marker file sits next to the output directories of both runs.
Library           OperatingSystem

*** Test Cases ***
Passes On The Second Run
    ${marker} =    Set Variable    ${OUTPUT DIR}/../flaky-marker
    ${first} =    Run Keyword And Return Status    File Should Not Exist    ${marker}
    Create File    ${marker}
    IF    ${first}    Fail    first run: the service was slow

Always Fails
    Fail    fails every time

Skips On The Second Run
    ${marker} =    Set Variable    ${OUTPUT DIR}/../skip-marker
    ${first} =    Run Keyword And Return Status    File Should Not Exist    ${marker}
    Create File    ${marker}
    IF    ${first}    Fail    first run: the sandbox failed
    Skip    second run: the sandbox is gone
