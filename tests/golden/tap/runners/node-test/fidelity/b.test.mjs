// The same describe/it names as a.test.mjs.
import { describe, it } from 'node:test';
describe('outer', () => { it('passes', () => {}); });
