// A test file that fails to load: jest-junit reports it only with reportTestSuiteErrors.
require('./no-such-module');

test('never collected', () => {});
