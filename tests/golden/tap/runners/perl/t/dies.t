use strict; use warnings;
use Test::More tests => 5;
ok(1, 'first');
ok(1, 'second');
ok(1, 'third');
die "the database went away\n";
