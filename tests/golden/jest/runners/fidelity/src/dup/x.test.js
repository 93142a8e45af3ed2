describe('Group', () => { it('same name', () => { expect('x').toBe('x'); }); });
