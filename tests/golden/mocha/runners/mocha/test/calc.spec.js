// The outcomes mocha has, in nested describe blocks.
const assert = require("node:assert");

describe("calculator", function () {
  it("adds", function () {
    assert.strictEqual(1 + 2, 3);
  });

  it("assertion fails", function () {
    assert.strictEqual(0.1 + 0.2, 0.3);
  });

  it("throws a TypeError", function () {
    const config = undefined;
    return config.value;
  });

  it.skip("skipped with it.skip", function () {});
  it("todo: divides by zero");
  it("skips itself at run time", function () {
    this.skip();
  });

  describe("nested", function () {
    describe("deeper", function () {
      it("passes two levels down", function () {
        console.log("to stdout");
        console.error("to stderr");
      });
    });
  });

  // Parametrised names with unicode and the characters that need escaping.
  for (const [label, n] of [["ünïcödé ✓", 1], ['<&>"\'{}', 2], ["日本語", 3]]) {
    it(`each ${label} → ${n}`, function () {
      assert.ok(n < 3, `${n} is not below 3`);
    });
  }

  it("a failure of about 50 KB", function () {
    throw new Error("big output: " + "0123456789abcdef".repeat(3200));
  });

  it("times out", function (done) {
    this.timeout(100);
    setTimeout(done, 400);
  });
});
