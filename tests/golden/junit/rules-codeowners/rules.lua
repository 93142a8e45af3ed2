-- Owners from CODEOWNERS by the file pytest names for each test.
codeowners("CODEOWNERS")
