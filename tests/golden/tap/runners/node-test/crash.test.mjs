// A test file that throws at top level, after one test was registered.
import { test } from 'node:test';
test('runs before the crash', () => {});
throw new Error('the file could not load its fixtures');
