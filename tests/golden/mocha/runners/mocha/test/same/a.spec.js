// The same test name in two files and in two describe blocks of one file.
const assert = require("node:assert");
describe("shared", function () {
  it("same name", function () { assert.strictEqual(1, 1); });
});
describe("other", function () {
  it("same name", function () { assert.strictEqual(2, 3); });
});
