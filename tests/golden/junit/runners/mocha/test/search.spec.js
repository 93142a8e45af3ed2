const assert = require('node:assert/strict');

describe('Search', function () {
  it('finds an item', function () {
    assert.ok(['a', 'b'].includes('a'));
  });

  it('is slow', async function () {
    this.timeout(50);
    await new Promise((resolve) => setTimeout(resolve, 200));
  });

  it('starts empty', function () {});
});
