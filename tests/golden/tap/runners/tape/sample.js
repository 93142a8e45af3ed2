// tape suite for the TAP golden: passing and failing assertions, a skip, a todo, a throw.
const test = require('tape')
test('arithmetic', t => {
  t.equal(1 + 1, 2, 'adds')
  t.equal(2 * 2, 5, 'multiplies wrong on purpose')
  t.end()
})
test('skipped one', { skip: true }, t => { t.end() })
test('todo one', { todo: true }, t => { t.ok(false, 'not built'); t.end() })
test('deep', t => {
  t.deepEqual({ a: [1] }, { a: [2] }, 'objects differ')
  t.end()
})
