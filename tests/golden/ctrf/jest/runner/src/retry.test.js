jest.retryTimes(2);
let calls = 0;

test('passes on the second attempt', () => {
  calls += 1;
  if (calls === 1) throw new Error('first attempt fails');
});

test('always fails', () => {
  console.log('trying once more');
  expect('a').toBe('b');
});
