// The same test name in two files and in two describe blocks of one file.
describe("shared", () => {
  test("same name", () => expect(1).toBe(1));
});
describe("other", () => {
  test("same name", () => expect(2).toBe(3));
});
