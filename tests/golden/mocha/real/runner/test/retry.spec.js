// mocha's retries: the JSON reporter keeps only the final attempt, with currentRetry.
const assert = require("node:assert");
let calls = 0;

describe("Network", function () {
  this.retries(2);
  it("passes on the third attempt", function () {
    calls += 1;
    assert.ok(calls >= 3, `attempt ${calls} failed`);
  });
  it("fails every attempt", function () {
    assert.fail("always down");
  });
  it("passes at once", function () {});
});
