// Throws at load, after declaring a test.
import { it } from 'node:test';
it('never runs', () => {});
throw new Error('thrown at load');
