// Top-level hooks and the TestContext's hooks (t.before, t.after, t.beforeEach): case node-test-hooks.
import { test, after } from 'node:test';

after(() => { throw new Error('top-level after broke'); });

test('top one', () => {});

test('t.after and t.beforeEach break', async (t) => {
  t.after(() => { throw new Error('t.after broke'); });
  t.beforeEach(() => { throw new Error('t.beforeEach broke'); });
  await t.test('sub', () => {});
});

test('t.before breaks', async (t) => {
  t.before(() => { throw new Error('t.before broke'); });
  await t.test('sub a', () => {});
  await t.test('sub b', () => {});
});

test('t.after of a leaf', (t) => {
  t.after(() => { throw new Error('t.after of a leaf broke'); });
});

test('t.after, subtests pass', async (t) => {
  t.after(() => { throw new Error('t.after broke again'); });
  await t.test('sub ok', () => {});
});
