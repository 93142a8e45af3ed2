// The same subtest and point names as nested.test.js, in another file.
const t = require('tap');
t.test('outer', async t => { t.pass('passes'); });
