// jest.retryTimes: one test passes on its third attempt, one fails all three.
jest.retryTimes(2, { logErrorsBeforeRetry: true });

let calls = 0;
test("flaky, passes on the third attempt", () => {
  calls += 1;
  expect(calls).toBe(3);
});

test("fails every attempt", () => {
  throw new Error("still broken");
});
