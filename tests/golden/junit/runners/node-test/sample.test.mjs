// A tiny node:test file whose --test-reporter=junit report is a golden input of allure-lua.
import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';

test('adds', () => {
  console.log('2 + 2 =', 2 + 2);
  assert.equal(2 + 2, 4);
});

test('divides badly', () => {
  assert.equal(7 / 2, 3, 'integer division expected');
});

test('throws', () => {
  throw new TypeError('cannot read property x of undefined');
});

test('skipped', { skip: 'needs a database' }, () => {});

test('todo', { todo: 'write it' }, () => {});

// A todo that fails: node writes <skipped> and <failure> in one testcase.
test('failing todo', { todo: 'flaky upstream' }, () => {
  throw new Error('not done yet');
});

test('prints', () => {
  // node's junit reporter does not capture output: neither line reaches the report.
  console.log('something on stdout');
  console.error('something on stderr');
});

describe('Cart', () => {
  it('starts empty', () => {
    assert.deepEqual([], []);
  });

  describe('checkout', () => {
    it('charges the card', () => {
      assert.ok(true);
    });

    it('rejects an expired card', () => {
      assert.deepEqual({ status: 'ok' }, { status: 'declined' });
    });
  });

  for (const qty of [1, 2, 3]) {
    it(`adds ${qty} items`, () => {
      assert.ok(qty < 3, `quantity ${qty} too large`);
    });
  }
});

test('parent with subtests', async (t) => {
  await t.test('child one', () => {});
  await t.test('child two', () => {
    assert.fail('child two failed');
  });
});

// The same test title in another describe block: only the suite tells them apart.
describe('Search', () => {
  it('starts empty', () => {});
});
