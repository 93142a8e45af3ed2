use strict;
use warnings;
use Test::More;

ok(1, 'first');
ok(1, 'first');
print "# a comment printed by hand\n";
ok(1, 'second');
done_testing();
