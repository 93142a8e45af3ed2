// A worker that dies in the middle of a test.
const { test } = require("@playwright/test");

test("kills its worker", async () => {
  process.exit(3);
});

test("runs after the worker died", async () => {});
