// The process ends with exit status 2 after one passing point: a crash of the file.
require('tap').pass('before exit');
process.exit(2);
