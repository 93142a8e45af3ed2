// Loads, but the run stops at the other files' errors.
const { test } = require("@playwright/test");

test("would pass", async () => {});
