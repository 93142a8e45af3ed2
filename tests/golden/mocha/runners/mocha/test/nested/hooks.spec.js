// A failing before hook skips its block's tests (mocha does not report them); a
// failing afterEach fails the hook and stops the block after the first test.
const assert = require("node:assert");
describe("before fails", function () {
  before(function () {
    throw new Error("database did not start");
  });
  it("first test of the block", function () { assert.ok(true); });
  it("second test of the block", function () { assert.ok(true); });
});

describe("afterEach fails", function () {
  afterEach(function () {
    throw new Error("cleanup failed");
  });
  it("passes, then its afterEach throws", function () { assert.ok(true); });
  it("never runs after the afterEach failure", function () { assert.ok(true); });
});
