// Nested describes, each outcome, this.skip(), retries, an async rejection, a timeout, a thrown string, failing hooks.
const assert = require('assert');
describe('outer', function () {
  describe('inner «ü»', function () {
    it('passes', function () { assert.strictEqual(1, 1); });
    it('fails on an assertion', function () { assert.deepStrictEqual({ a: 1 }, { a: 2 }); });
    it('throws a TypeError', function () { null.x(); });
    it('skips itself', function () { this.skip(); });
    it.skip('is skipped', function () {});
    it('is pending');
    for (const name of ['<&>"\'{}', 'ünï çødé ✓']) {
      it(`row ${name}`, function () { assert.ok(name.length > 3); });
    }
  });
  it('prints a lot', function () {
    console.log('x'.repeat(2048));
    console.error('to stderr');
  });
  describe('retried', function () {
    this.retries(2);
    let n = 0;
    it('flaky then passes', function () { n += 1; assert.strictEqual(n, 3); });
    it('always fails', function () { throw new Error('never'); });
  });
  it('async rejects', async function () { await Promise.reject(new RangeError('bad range')); });
  it('times out', function (done) { this.timeout(100); setTimeout(done, 1000); });
  it('throws a string', function () { throw 'a bare string'; });
});
describe('setup fails', function () {
  beforeEach(function () { throw new Error('beforeEach broke'); });
  it('a', function () {});
  it('b', function () {});
});
describe('before fails', function () {
  before(function () { throw new Error('before broke'); });
  it('c', function () {});
});
describe('teardown fails', function () {
  after(function () { throw new Error('after broke'); });
  it('d', function () {});
});
