// A failing beforeEach hook fails the test it ran for ("before each" hook entry),
// and a title used in another file stays a test of its own.
const assert = require("node:assert");

describe("Calculator", function () {
  describe("add", function () {
    it("adds two numbers", function () {
      assert.equal(2 + 2, 4);
    });
  });
});

describe("Database", function () {
  beforeEach(function () {
    throw new Error("connection refused");
  });
  it("reads a row", function () {});
  it("writes a row", function () {});
});

describe("Logger", function () {
  it("prints to the console", function () {
    console.log("hello from a test");
  });
});
