// A tiny vitest suite whose junit report is a golden input of allure-lua.
import { describe, expect, it, test } from 'vitest';

describe('Cart', () => {
  it('starts empty', () => {
    console.log('cart created');
    expect([]).toEqual([]);
  });

  it('totals the prices', () => {
    expect(0.1 + 0.2).toBe(0.3);
  });

  it('throws on a bad item', () => {
    const item = undefined;
    return item.price;
  });

  it.skip('applies a coupon', () => {});

  it.todo('supports gift cards');

  it('skips at runtime', (ctx) => {
    ctx.skip('no payment sandbox');
  });

  it('attaches a file', () => {
    console.log('[[ATTACHMENT|attachments/network.txt]]');
    console.error('warning on stderr');
  });

  describe('checkout', () => {
    it('charges the card', () => {});

    it('rejects an expired card', () => {
      expect({ status: 'ok' }).toEqual({ status: 'declined' });
    });

    it.each([
      [1, 1, 2],
      [2, 2, 5],
    ])('adds %i + %i = %i', (a, b, sum) => {
      expect(a + b).toBe(sum);
    });
  });
});

test('top-level test', () => {
  expect(true).toBe(true);
});

let attempt = 0;
test('flaky with retry', { retry: 2 }, () => {
  attempt += 1;
  expect(attempt).toBeGreaterThan(1);
});
