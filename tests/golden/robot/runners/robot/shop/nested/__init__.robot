*** Settings ***
Metadata          Issue    SHOP-99
Suite Teardown    Log    nested teardown
