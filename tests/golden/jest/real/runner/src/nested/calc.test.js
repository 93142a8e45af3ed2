// The same describe and test titles as in ../calc.test.js: a test of its own.
describe("Calculator", () => {
  describe("add", () => {
    test("adds two numbers", () => {
      expect(2 + 2).toBe(4);
    });
  });
});
test("top-level test without describe", () => {});
