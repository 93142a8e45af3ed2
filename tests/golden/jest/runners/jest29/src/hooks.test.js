// A failing beforeAll: jest 29 fails the tests of the block with its error.
describe("beforeAll fails", () => {
  beforeAll(() => {
    throw new Error("database did not start");
  });
  test("first test of the block", () => expect(1).toBe(1));
  test("second test of the block", () => expect(1).toBe(1));
});
test("passes", () => expect(1).toBe(1));
