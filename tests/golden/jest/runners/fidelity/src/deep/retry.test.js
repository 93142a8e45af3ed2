jest.retryTimes(2, { logErrorsBeforeRetry: true });
let n = 0;
it('flaky then passes', () => { n += 1; expect(n).toBe(3); });
it('always fails after retries', () => { throw new Error('never'); });
