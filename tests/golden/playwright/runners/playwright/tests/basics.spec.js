// Outcomes of single tests: pass, assertion failure, thrown error, skips with and
// without reasons, expected failures (test.fail) both ways, slow, a timeout, output.
const { test, expect } = require("@playwright/test");

test("passes", async () => {
  expect(1 + 2).toBe(3);
});

test("fails an assertion", async () => {
  expect(0.1 + 0.2, "sum").toBe(0.3);
});

test("throws an error", async () => {
  const calc = undefined;
  calc.divide(1, 0);
});

test.skip("is skipped by test.skip", async () => {});

test("skips itself with a reason", async () => {
  test.skip(true, "not on this platform");
});

test.fixme("is not fixed yet", async () => {});

test("fails as expected", async () => {
  test.fail();
  expect(1).toBe(2);
});

test("was expected to fail but passed", async () => {
  test.fail(true, "bug 12 should break this");
});

test("is slow", async () => {
  test.slow();
});

test("has annotations", {
  annotation: [
    { type: "issue", description: "https://github.com/acme/calc/issues/7" },
    { type: "owner", description: "alice" },
    { type: "note", description: "IEEE 754 rounding" },
  ],
  tag: ["@smoke"],
}, async () => {});

test("times out", async () => {
  await new Promise((resolve) => setTimeout(resolve, 5000));
});

test("writes output", async () => {
  console.log("stdout line from the test");
  console.error("stderr line from the test");
  console.log("x".repeat(50 * 1024));
});
