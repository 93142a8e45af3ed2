// this.retries(2): one test passes on its third attempt, one fails all three.
const assert = require("node:assert");
describe("retries", function () {
  this.retries(2);
  let calls = 0;
  it("flaky, passes on the third attempt", function () {
    calls += 1;
    assert.strictEqual(calls, 3);
  });
  it("fails every attempt", function () {
    throw new Error("still broken");
  });
});
