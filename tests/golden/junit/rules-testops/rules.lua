-- Acceptance case of docs/rules.md: what teams moving to Allure TestOps ask for.

-- Owners from CODEOWNERS. JUnit XML gives the class, and the sources follow the
-- package; a test's own owner (a property) is kept.
codeowners(".github/CODEOWNERS", { path = "src/test/java/{testClass|slashes}.java", first = true })

-- Epics from packages: com.acme.billing.* -> Billing.
label("epic", "{1|capitalize}", { package = "^com%.acme%.(%w+)" })

-- Issue links from Jira keys in names and failure messages.
link { type = "issue", key = "%f[%w]SHOP%-%d+", url = "https://jira.example.com/browse/{}", from = { "name", "message" } }

-- Severity from tags.
label("severity", "critical", { tag = "^critical$" })
label("severity", "{1}", { tag = "^severity%-(%a+)$" })

-- TestOps test case ids written into names: "[C1201] pays an invoice".
label("ALLURE_ID", "{1}", { name = "^%[C(%d+)%]" })

-- A random seed in the name is a parameter, and not part of the test's identity.
parameters_from_name("^(.-) seed=(%d+)$", { "seed" })
parameter("seed", { excluded = true })

-- Categories for the report.
category { name = "Timeouts", statuses = { "broken" }, message_contains = "TimeoutException" }
category { name = "Product defects", statuses = { "failed" } }
