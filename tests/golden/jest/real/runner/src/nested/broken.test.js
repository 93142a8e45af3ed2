// A test file that fails before any test runs: jest reports it as failed to run.
const missing = require("./does-not-exist");

test("never runs", () => {
  expect(missing).toBeDefined();
});
