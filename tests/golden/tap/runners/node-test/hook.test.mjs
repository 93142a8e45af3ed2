// A describe whose before hook throws: node 20 cancels its tests ("cancelled by parent") and
// writes the error on the describe's point. Run by ../regenerate.sh (case node-test-hook).
import { describe, it, before } from 'node:test';
import assert from 'node:assert';

describe('cart with a broken fixture', () => {
  before(() => { throw new Error('before broke'); });
  it('adds an item', () => { assert.ok(true); });
  it('removes an item', () => { assert.ok(true); });
});

describe('cart that works', () => {
  it('is empty', () => { assert.strictEqual(0, 0); });
});
