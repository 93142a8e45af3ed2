*** Settings ***
Documentation     The top suite: metadata with and without an Allure meaning, a suite setup that passes.
Metadata          Owner    alice
Metadata          Version    1.4.2
Suite Setup       Log    opening the shop
Test Tags         shop
