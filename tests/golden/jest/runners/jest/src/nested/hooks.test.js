// A failing beforeAll fails every test of its block (they do not run); a failing
// afterEach fails the test it ran after.
describe("beforeAll fails", () => {
  beforeAll(() => {
    throw new Error("database did not start");
  });
  test("first test of the block", () => expect(1).toBe(1));
  test("second test of the block", () => expect(1).toBe(1));
});

describe("afterEach fails", () => {
  afterEach(() => {
    throw new Error("cleanup failed");
  });
  test("passes, then its afterEach throws", () => expect(1).toBe(1));
});
