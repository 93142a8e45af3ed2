describe('Calculator', () => {
  describe('add', () => {
    test('adds two numbers', () => {
      expect(1 + 2).toBe(3);
    });
    test('fails an assertion', () => {
      expect(1 + 1).toBe(3);
    });
    test.each([[1, 1, 2], [2, 2, 4]])('adds %i and %i', (a, b, sum) => {
      expect(a + b).toBe(sum);
    });
  });
  test('throws a TypeError', () => {
    const missing = null;
    return missing.value;
  });
  test.skip('is skipped', () => {});
  test.todo('is still to do');
});
