// describe/it nesting, every outcome, failing before/beforeEach/after hooks, t.test subtests.
import { describe, it, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert';
describe('outer', () => {
  describe('inner «ü»', () => {
    it('passes', () => { assert.strictEqual(1, 1); });
    it('fails on an assertion', () => { assert.deepStrictEqual({ a: 1 }, { a: 2 }); });
    it('throws a TypeError', () => { null.x(); });
    it('is skipped', { skip: 'not on this OS' }, () => {});
    it('is todo', { todo: 'later' }, () => {});
    it('failing todo', { todo: true }, () => { assert.fail('todo fails'); });
    for (const name of ['<&>"\'{}', 'ünï çødé ✓']) it(`row ${name}`, () => {});
  });
  it('prints a lot', () => { console.log('x'.repeat(2048)); console.error('to stderr'); });
});
describe('before fails', () => {
  before(() => { throw new Error('before broke'); });
  it('c', () => {});
});
describe('beforeEach fails', () => {
  beforeEach(() => { throw new Error('beforeEach broke'); });
  it('e', () => {});
});
describe('after fails', () => {
  after(() => { throw new Error('after broke'); });
  it('d', () => {});
});
test('t.test subtests', async (t) => {
  await t.test('sub pass', () => {});
  await t.test('sub fail', () => { throw new Error('sub broke'); });
  await t.test('sub nested', async (t) => {
    await t.test('leaf', () => {});
  });
  t.diagnostic('a diagnostic line');
});
test('plain top-level', () => {});
test('skipped via t.skip', (t) => { t.skip('runtime reason'); });
