// Nested t.test, every outcome, and output printed in the middle of a subtest (node-tap
// writes it at the file's indentation, shallower than the subtest's TAP).
const t = require('tap');
t.test('outer', async t => {
  t.test('inner «ü»', async t => {
    t.pass('passes');
    t.equal(1, 2, 'fails on an assertion');
    t.skip('is skipped', { skip: 'not here' });
    t.todo('is todo');
    t.ok(true, 'row <&>"\'{}');
    t.ok(true, 'ünï çødé ✓');
  });
  t.test('throws', async t => { null.x(); });
  t.test('prints', async t => {
    console.log('o'.repeat(2048));
    console.error('to stderr');
    t.pass('printed');
  });
});
t.test('planned too many', t => { t.plan(2); t.pass('one'); t.end(); });
t.test('skipped subtest', { skip: 'whole subtest' }, t => { t.pass('never'); t.end(); });
