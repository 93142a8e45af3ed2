// testInfo.attach with a body (text, JSON, binary PNG) and with a path; nested steps.
const { test, expect } = require("@playwright/test");
const fs = require("node:fs");

// A 1x1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==",
  "base64");

test("attaches bodies and files", async ({}, testInfo) => {
  await testInfo.attach("note", { body: "total: 3", contentType: "text/plain" });
  await testInfo.attach("data", { body: JSON.stringify({ total: 3 }), contentType: "application/json" });
  await testInfo.attach("pixel", { body: PNG, contentType: "image/png" });
  const file = testInfo.outputPath("log.txt");
  fs.writeFileSync(file, "line 1\nline 2\n");
  await testInfo.attach("log", { path: file, contentType: "text/plain" });
});

test("runs nested steps", async () => {
  await test.step("open the cart", async () => {
    await test.step("find the item", async () => {});
    await test.step("add it", async () => {
      expect(2 + 2, "items").toBe(5);
    });
  });
  await test.step("never reached", async () => {});
});
