const { Given, When, Then, Before, After, BeforeAll } = require('@cucumber/cucumber');
const assert = require('node:assert');

// A 1x1 PNG, as a browser screenshot would be attached.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
let flakyCalls = 0;

BeforeAll(function () {});
Before(function () { this.result = 0; });
Before({ name: 'open database', tags: '@failing-before' }, function () { throw new Error('database is down'); });
Before({ tags: '@skip-me' }, function () { return 'skipped'; });
After({ name: 'close browser', tags: '@failing-after' }, function () { throw new Error('browser crashed'); });

Given('a calculator', function () { this.result = 0; });
When('I add {int} and {int}', function (a, b) { this.result = a + b; });
When('I divide {int} by {int}', function (a, b) {
  if (b === 0) throw new RangeError('division by zero');
  this.result = a / b;
});
Then('the result is {float}', function (expected) { assert.strictEqual(this.result, expected); });
Given('a document:', function (doc) { this.doc = JSON.parse(doc); });
Given('the users:', function (table) { this.users = table.hashes(); });
Then('{int} document is stored', function (n) { assert.strictEqual(n, 1); });
Given('a pending step', function () { return 'pending'; });
Given('an ambiguous step', function () {});
Given(/^an ambiguous .*$/, function () {});
When('I attach a screenshot and a log', function () {
  this.attach(PIXEL, 'image/png');
  this.attach('{"cart": 3}', 'application/json');
  this.attach('plain notes', { mediaType: 'text/plain', fileName: 'notes.txt' });
  this.log('a log line');
});
Given('a step that fails once', function () {
  flakyCalls += 1;
  if (flakyCalls === 1) throw new Error('flaky failure');
});
Given('a broken background', function () { throw new Error('background set-up failed'); });
