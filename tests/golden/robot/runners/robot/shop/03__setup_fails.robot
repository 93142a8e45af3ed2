*** Settings ***
Documentation     A suite setup that fails: Robot fails every test without running it.
Suite Setup       Fail    the database did not start

*** Test Cases ***
First Test
    Log    never runs

Second Test
    Log    never runs
