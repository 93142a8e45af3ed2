// The same describe and test titles as cart.spec.js, in another file: only the file tells them apart.
describe('Cart', function () {
  it('starts empty', function () {});
});
