// The title of a test in suites.spec.js, in another file: another test.
const { test } = require("@playwright/test");

test("same title", async () => {});
