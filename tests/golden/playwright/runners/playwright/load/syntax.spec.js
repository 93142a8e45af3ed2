// Does not parse.
const { test } = require("@playwright/test");

test("never runs either", async () => {
  const x = ;
});
