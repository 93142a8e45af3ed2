// An afterAll hook that throws after the file's tests passed: jest fails the file
// ("Test suite failed to run") and keeps the tests.
afterAll(() => {
  throw new Error("could not close the connection");
});

test("reads a row", () => {
  expect([1, 2]).toHaveLength(2);
});
