// Nested describes, a serial group that stops at its failure, beforeAll and afterAll
// failures, titles with unicode and markup, and a title also used in same.spec.js.
const { test, expect } = require("@playwright/test");

test.describe("outer", () => {
  test.describe("inner", () => {
    test("is deep", async () => {});
  });
  for (const [a, b] of [[1, 2], ["<&>\"'{}", "ünïcödé ✓"]]) {
    test(`adds ${a} and ${b}`, async () => {
      expect(String(a) + String(b)).not.toBe("");
    });
  }
});

test.describe.serial("serial group", () => {
  test("first passes", async () => {});
  test("second fails", async () => {
    expect(1).toBe(2);
  });
  test("third never runs", async () => {});
});

test.describe("beforeAll fails", () => {
  test.beforeAll(async () => {
    throw new Error("database is down");
  });
  test("needs the database", async () => {});
  test("needs it too", async () => {});
});

test.describe("afterAll fails", () => {
  test.afterAll(async () => {
    throw new Error("cleanup failed");
  });
  test("runs before the cleanup", async () => {});
});

test("same title", async () => {});
