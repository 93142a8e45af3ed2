// A tiny mocha suite whose reports are golden inputs of allure-lua.
const assert = require('node:assert/strict');

describe('Cart', function () {
  it('starts empty', function () {
    console.log('cart created');
    assert.deepEqual([], []);
  });

  it('totals the prices', function () {
    assert.equal(0.1 + 0.2, 0.3);
  });

  it('throws on a bad item', function () {
    throw new TypeError('item.price is undefined');
  });

  it.skip('applies a coupon', function () {});

  it('is pending without a body');

  it('attaches a file', function () {
    console.log('[[ATTACHMENT|attachments/console.txt]]');
    console.error('warning on stderr');
    // mocha-junit-reporter's own attachment list (written as [[ATTACHMENT|...]] too)
    this.test.attachments = ['attachments/console.txt'];
  });

  describe('checkout', function () {
    it('charges the card', function () {});

    it('rejects an expired card', function () {
      assert.deepEqual({ status: 'ok' }, { status: 'declined' });
    });

    [1, 2, 3].forEach(function (qty) {
      it(`adds ${qty} items`, function () {
        assert.ok(qty < 3, `quantity ${qty} too large`);
      });
    });
  });
});

describe('Hooks', function () {
  before(function () {
    throw new Error('database unreachable');
  });

  it('never runs', function () {});
});
