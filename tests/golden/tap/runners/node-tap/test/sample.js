// node-tap suite for the TAP golden: nested t.test, a failing assertion, a thrown error,
// skip and todo. Run through tap's runner and as a raw `node test/sample.js` stream.
const t = require('tap')
t.test('math', async t => {
  t.equal(1 + 1, 2, 'adds')
  t.equal(2 * 2, 5, 'multiplies wrong on purpose')
  t.test('nested', async t => {
    t.ok(true, 'deep ok')
    t.same({ a: [1] }, { a: [2] }, 'deep differs')
  })
})
t.test('strings', async t => {
  t.match('café ☕ <&>', /café/, 'unicode <&>"\'{}')
  t.skip('not on this platform')
  t.todo('later')
})
t.test('throws', async t => {
  throw new TypeError('cannot read properties of undefined')
})
