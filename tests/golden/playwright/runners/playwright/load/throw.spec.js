// Throws while loading.
const { test } = require("@playwright/test");

throw new Error("cannot read the fixtures file");

test("never runs", async () => {});
