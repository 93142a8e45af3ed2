// The same describe and test titles as cart.test.js, in another file: only the file tells them apart.
describe('Cart', () => {
  test('starts empty', () => {});
});
