const assert = require("node:assert");
describe("shared", function () {
  it("same name", function () { assert.strictEqual(1, 1); });
});
