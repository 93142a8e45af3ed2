-- The issue annotation "ticket ACC-7" is one value; this rule makes its key a link.
link { type = "issue", key = "%f[%w]ACC%-%d+", url = "https://jira.example.com/browse/{}" }
