// A plain Error thrown at load, after one passing point.
require('tap').pass('before throw');
throw new Error('thrown at load');
