use strict; use warnings;
use Test::More;
# The same test names as t/b/same.t: two files, two tests each.
ok(1, 'adds');
is(2 + 2, 5, 'multiplies');
done_testing;
