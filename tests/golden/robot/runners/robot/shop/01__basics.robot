*** Settings ***
Documentation     Pass, fail, skip, tags, documentation, test fixtures, logs.
Library           OperatingSystem
Library           Collections
Resource          keywords.resource

*** Test Cases ***
Passes
    [Documentation]    A test that *passes*, with _Robot_ markup.
    [Tags]    smoke    severity:critical    issue:SHOP-12
    Add Item To Cart    apple    3
    Should Be Equal As Integers    ${CART}    3

Fails With An Assertion
    [Tags]    smoke
    Should Be Equal    actual    expected    values differ

Raises An Error
    Evaluate    1 / 0

Is Skipped
    Skip    the payment sandbox is down

Skips On Failure
    [Documentation]    Run with --skiponfailure flaky-env: its failure becomes a skip.
    [Tags]    flaky-env
    Fail    the network was flaky

Has A Failing Setup
    [Setup]    Fail    setup could not log in
    Log    never runs

Has A Failing Teardown
    Log    the body passes
    [Teardown]    Fail    teardown could not log out

Fails And Its Teardown Fails Too
    Fail    the body failed
    [Teardown]    Fail    and so did the teardown

Logs At Every Level
    Log    a trace message    TRACE
    Log    a debug message    DEBUG
    Log    an info message
    Log    a warning    WARN
    Log    <b>bold</b> HTML    html=True
    Log To Console    to the console

Takes Screenshots
    Copy File    ${CURDIR}/../screenshot.png    ${OUTPUT DIR}/screenshot-1.png
    Log    <img src="screenshot-1.png" width="400px">    html=True
    Log    <img src="screenshot-missing.png">    html=True

Logs 50 KB
    ${line} =    Set Variable    0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ .......\n
    ${big} =    Evaluate    $line * 625
    Log    ${big}

Runs Control Structures
    FOR    ${i}    IN RANGE    2
        Log    iteration ${i}
    END
    ${n} =    Set Variable    ${0}
    WHILE    ${n} < 2    limit=10
        ${n} =    Evaluate    ${n} + 1
    END
    IF    ${n} == 2
        Log    two
    ELSE IF    ${n} == 3
        Log    three
    ELSE
        Log    other
    END
    TRY
        Fail    inside try
    EXCEPT    inside*    type=GLOB    AS    ${err}
        Log    caught: ${err}
    FINALLY
        Log    finally
    END

Fails Deep In Keywords
    Checkout With    apple    ${5}
