// Two describes of one name with one title, a root-level test, an error thrown after its test ended.
const assert = require('assert');
describe('Group', function () { it('same name', function () { assert.ok(true); }); });
describe('Group', function () { it('same name', function () { assert.ok(false, 'second'); }); });
it('root-level test', function () {});
it('uncaught async error', function (done) { setTimeout(() => { throw new Error('async boom'); }, 10); setTimeout(done, 50); });
