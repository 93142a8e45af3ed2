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

// The same title twice in one describe (a loop over cases, a copy-paste): two tests, both kept.
describe('Search twice', function () {
  for (const expected of [2, 1]) {
    it('returns one result', function () {
      if (expected !== 1) throw new Error('returned ' + expected + ' results');
    });
  }
});
