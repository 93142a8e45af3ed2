// nested describes, each kind of outcome
describe('outer', () => {
  describe('inner «ü»', () => {
    it('passes', () => { expect(1).toBe(1); });
    it('fails on an assertion', () => { expect({ a: 1 }).toEqual({ a: 2 }); });
    it('throws a TypeError', () => { null.x(); });
    it.skip('is skipped', () => {});
    it.todo('is todo');
    test.each([['<&>"\'{}', 1], ['ünï çødé ✓', 2]])('row %s %#', (name, n) => {
      expect(n).toBeGreaterThan(1);
    });
  });
  it('prints a lot', () => {
    console.log('x'.repeat(50 * 1024));
    console.error('to stderr');
  });
  test.failing('is expected to fail', () => { expect(1).toBe(2); });
  test.failing('failing that passes', () => { expect(1).toBe(1); });
});
