describe('setup fails', () => {
  beforeEach(() => { throw new Error('beforeEach broke'); });
  it('a', () => {});
  it('b', () => {});
});
describe('teardown fails', () => {
  afterAll(() => { throw new Error('afterAll broke'); });
  it('c', () => {});
});
describe('timeout', () => {
  it('takes too long', (done) => { setTimeout(done, 3000); }, 200);
});
