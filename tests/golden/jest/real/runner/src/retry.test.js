// jest.retryTimes: invocations counts the attempts, retryReasons keeps each failure.
jest.retryTimes(2, { logErrorsBeforeRetry: true });
let calls = 0;

describe("Network", () => {
  test("passes on the third attempt", () => {
    calls += 1;
    expect(calls).toBeGreaterThanOrEqual(3);
  });
  test("fails every attempt", () => {
    throw new Error("always down");
  });
  test("passes at once", () => {
    console.log("hello from a test");
  });
});
