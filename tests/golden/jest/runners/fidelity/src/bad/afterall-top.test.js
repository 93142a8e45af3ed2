afterAll(() => { throw new Error('top-level afterAll broke'); });
it('only test', () => {});
