// Retries: every attempt is a results[] entry of its own.
const { test, expect } = require("@playwright/test");

test.describe("Network", () => {
  test("passes on the second attempt", async ({}, testInfo) => {
    console.log(`attempt ${testInfo.retry + 1}`);
    expect(testInfo.retry, "first attempt fails").toBeGreaterThan(0);
  });
  test("fails every attempt", async () => {
    throw new Error("always down");
  });
  test("waits too long", async () => {
    test.setTimeout(50);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  });
});

test("top-level test without describe", async () => {});
