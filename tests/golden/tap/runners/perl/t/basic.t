use strict; use warnings;
use Test::More tests => 5;
ok(1, 'addition works');
is(2 * 3, 7, 'multiplication is wrong on purpose');
SKIP: { skip 'no network here', 1; ok(0, 'network') }
TODO: { local $TODO = 'rounding not done'; is(2, 3, 'rounds half up') }
subtest 'a group' => sub {
  plan tests => 2;
  ok(1, 'inner one');
  subtest 'deeper' => sub { ok(1, 'deepest'); done_testing };
};
