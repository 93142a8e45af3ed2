describe("shared", () => {
  test("same name", () => expect(1).toBe(1));
});
