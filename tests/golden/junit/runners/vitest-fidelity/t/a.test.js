// Every outcome, retries, hooks that fail; b and c hold the same titles; load.test.js cannot load.
import { describe, it, test, expect, beforeEach, afterAll, beforeAll } from 'vitest';
describe('outer', () => {
  describe('inner «ü»', () => {
    it('passes', () => { expect(1).toBe(1); });
    it('fails on an assertion', () => { expect({ a: 1 }).toEqual({ a: 2 }); });
    it('throws a TypeError', () => { null.x(); });
    it.skip('is skipped', () => {});
    it('skips at runtime', (ctx) => { ctx.skip('runtime reason'); });
    it.todo('is todo');
    test.each([['<&>"\'{}', 2], ['ünï çødé ✓', 2]])('row %s %#', (name, n) => { expect(n).toBe(2); });
  });
  it('prints a lot', () => { console.log('x'.repeat(2048)); console.error('to stderr'); });
  test.fails('is expected to fail', () => { expect(1).toBe(2); });
  let n = 0;
  it('flaky then passes', { retry: 2 }, () => { n += 1; expect(n).toBe(3); });
  it('always fails after retries', { retry: 1 }, () => { throw new Error('never'); });
});
describe('setup fails', () => {
  beforeEach(() => { throw new Error('beforeEach broke'); });
  it('a', () => {});
});
describe('beforeAll fails', () => {
  beforeAll(() => { throw new Error('beforeAll broke'); });
  it('b', () => {});
});
describe('teardown fails', () => {
  afterAll(() => { throw new Error('afterAll broke'); });
  it('c', () => {});
});
