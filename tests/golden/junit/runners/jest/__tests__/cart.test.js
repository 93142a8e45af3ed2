// A tiny jest suite whose jest-junit report is a golden input of allure-lua.
describe('Cart', () => {
  test('starts empty', () => {
    console.log('cart created');
    expect([]).toEqual([]);
  });

  test('totals the prices', () => {
    expect(0.1 + 0.2).toBe(0.3);
  });

  test('throws on a bad item', () => {
    const item = undefined;
    return item.price;
  });

  test.skip('applies a coupon', () => {});

  test.todo('supports gift cards');

  test('attaches a file', () => {
    console.log('[[ATTACHMENT|attachments/dom.txt]]');
    console.error('warning on stderr');
  });

  describe('checkout', () => {
    test('charges the card', () => {});

    test('rejects an expired card', () => {
      expect({ status: 'ok' }).toEqual({ status: 'declined' });
    });

    test.each([
      [1, 1, 2],
      [2, 2, 5],
    ])('adds %i + %i = %i', (a, b, sum) => {
      expect(a + b).toBe(sum);
    });

    test.each`
      qty  | ok
      ${1} | ${true}
      ${3} | ${false}
    `('accepts $qty items', ({ qty, ok }) => {
      expect(qty < 3).toBe(ok);
    });
  });
});
