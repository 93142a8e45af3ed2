// A syntax error: the file does not load.
test("never runs", () => {
  expect(1).toBe(1;
});
