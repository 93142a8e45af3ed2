// node:test suite for the TAP golden: describe/it, nested describes, todo, skip, a thrown
// error, a failing assertion, unicode and <&>"'{} in a name, output.
import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';

describe('cart', () => {
  it('adds an item', () => { assert.equal(1 + 1, 2); });
  it('totals the prices', () => { assert.equal(0.1 + 0.2, 0.3); });
  it('throws on a bad price', () => { JSON.parse('{bad'); });
  it('is skipped', { skip: 'no payment sandbox' }, () => {});
  it('is not done', { todo: 'discounts' }, () => { assert.fail('not yet'); });
  describe('checkout', () => {
    it('pays with a card', () => { console.log('paying'); });
    describe('refunds', () => {
      it('refunds <&>"\'{} café ☕', () => {});
    });
  });
});

describe('same name', () => {
  it('adds an item', () => {});
});

test('top-level test', () => { assert.deepEqual({ a: 1 }, { a: 2 }); });
