describe('Group', () => { it('same name', () => { expect('y').toBe('x'); }); });
