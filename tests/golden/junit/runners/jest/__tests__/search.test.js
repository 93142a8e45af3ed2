describe('Search', () => {
  test('finds an item', () => {
    expect(['a', 'b']).toContain('a');
  });

  test('starts empty', () => {
    expect([]).toHaveLength(0);
  });
});

test('top-level test outside any describe', () => {
  expect(true).toBe(true);
});
