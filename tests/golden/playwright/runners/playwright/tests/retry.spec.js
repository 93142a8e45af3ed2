// Retries (the run passes --retries=2): a flaky test and one that fails every attempt.
const { test, expect } = require("@playwright/test");

test("passes on the second attempt", async ({}, testInfo) => {
  console.log(`attempt ${testInfo.retry + 1}`);
  expect(testInfo.retry, "first attempt fails").toBeGreaterThan(0);
});

test("fails every attempt", async () => {
  throw new Error("always down");
});
