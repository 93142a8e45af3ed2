-- Owners from the source file Catch2 names for each test case.
codeowners("CODEOWNERS")
