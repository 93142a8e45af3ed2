// Every hook shape of describe/it (case node-test-hooks): what node --test writes where.
import { describe, it, after, before, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert';

describe('after breaks, a test fails', () => {
  after(() => { throw new Error('after hook broke'); });
  it('passes', () => {});
  it('fails', () => { assert.strictEqual(1, 2); });
});

describe('after breaks, all pass', () => {
  after(() => { throw new Error('after hook broke too'); });
  it('passes', () => {});
});

describe('beforeEach breaks', () => {
  beforeEach(() => { throw new Error('beforeEach broke'); });
  it('one', () => {});
  it('two', () => {});
});

describe('afterEach breaks', () => {
  afterEach(() => { throw new Error('afterEach broke'); });
  it('one', () => {});
});

describe('outer', () => {
  describe('inner', () => {
    after(async () => { throw new Error('async after rejected'); });
    it('deep', () => {});
  });
  it('sibling', () => {});
});

describe('after times out', () => {
  after(() => new Promise((resolve) => setTimeout(resolve, 2000)), { timeout: 50 });
  it('passes', () => {});
});

describe('before times out', () => {
  before(() => new Promise((resolve) => setTimeout(resolve, 2000)), { timeout: 50 });
  it('waits', () => {});
});

describe('after never settles', () => {
  after(() => new Promise(() => {}));
  it('passes', () => {});
});
