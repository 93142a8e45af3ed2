import { describe, expect, it } from 'vitest';

describe('Search', () => {
  it('finds an item', () => {
    expect(['a', 'b']).toContain('a');
  });

  it('starts empty', () => {
    expect([]).toHaveLength(0);
  });
});
