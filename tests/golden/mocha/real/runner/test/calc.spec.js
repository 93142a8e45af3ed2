// Passes, assertion failures (with actual/expected for a diff), thrown errors,
// pending tests of every kind, and nested describe blocks.
const assert = require("node:assert");

describe("Calculator", function () {
  describe("add", function () {
    it("adds two numbers", function () {
      assert.strictEqual(1 + 2, 3);
    });
    it("adds floats exactly", function () {
      assert.strictEqual(0.1 + 0.2, 0.3);
    });
    it("compares objects", function () {
      assert.deepStrictEqual({ sum: 3, terms: [1, 2] }, { sum: 3, terms: [1, 2, 0] });
    });
  });

  describe("divide", function () {
    it("throws on a bug in the code under test", function () {
      const calc = undefined;
      return calc.divide(1, 0);
    });
    it("is not written yet");
    it.skip("is skipped with it.skip", function () {});
    it("skips itself at run time", function () {
      this.skip();
    });
  });

  it("waits too long", function (done) {
    this.timeout(20);
    setTimeout(done, 200);
  });
});
