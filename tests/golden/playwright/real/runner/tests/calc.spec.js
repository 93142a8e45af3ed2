// Passes, expect() failures (snippet, location), thrown errors, every kind of
// skip, expected failures, tags, annotations, steps and attachments.
const { test, expect } = require("@playwright/test");
const fs = require("node:fs");

test.describe("Calculator", () => {
  test("adds two numbers", { tag: ["@smoke", "@severity:critical"] }, async () => {
    expect(1 + 2).toBe(3);
  });

  test("adds floats exactly", {
    annotation: [
      { type: "issue", description: "https://github.com/acme/calc/issues/7" },
      { type: "owner", description: "alice" },
      { type: "note", description: "IEEE 754 rounding" },
    ],
  }, async () => {
    expect(0.1 + 0.2).toBe(0.3);
  });

  test("throws on a bug in the code under test", async () => {
    const calc = undefined;
    calc.divide(1, 0);
  });

  test.describe("steps", () => {
    test("checks out in steps", async () => {
      await test.step("add to cart", async () => {
        await test.step("find the item", async () => {});
      });
      await test.step("pay", async () => {
        expect.soft(2 + 2, "total").toBe(5);
      });
    });
  });

  test("attaches files", async ({}, testInfo) => {
    console.log("stdout line from the test");
    console.error("stderr line from the test");
    await testInfo.attach("summary", { body: "total: 3", contentType: "text/plain" });
    const file = testInfo.outputPath("data.json");
    fs.writeFileSync(file, JSON.stringify({ total: 3 }));
    await testInfo.attach("data", { path: file, contentType: "application/json" });
  });
});

test.describe("Skips", () => {
  test.skip("is skipped with test.skip", async () => {});
  test.fixme("is not fixed yet", async () => {});
  test("skips itself at run time", async () => {
    test.skip(true, "not on this platform");
  });
  test("is known to fail", async () => {
    test.fail();
    expect(1).toBe(2);
  });
  test("was expected to fail but passed", async () => {
    test.fail(true, "bug 12 should break this");
  });
  test("is slow", async () => {
    test.slow();
  });
});
