// A spec file that throws while loading: Playwright runs nothing and reports the
// error at the top of the report, with its location.
const { test } = require("@playwright/test");

throw new Error("cannot read the fixtures file");

test("never runs", async () => {});
