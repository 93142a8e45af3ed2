# The tests behind the golden tap/perl case (prove -v).
use strict;
use warnings;
use Test::More tests => 6;

ok(1 + 1 == 2, 'addition works');
is(2 * 3, 7, 'multiplication is wrong on purpose');
like('hello world', qr/world/, 'matches a pattern');
SKIP: {
    skip 'no network here', 1;
    ok(0, 'downloads a file');
}
TODO: {
    local $TODO = 'rounding not done';
    is(sprintf('%.0f', 2.5), '3', 'rounds half up');
}
subtest 'a group' => sub {
    plan tests => 2;
    ok(1, 'inner one');
    is_deeply([1, 2], [1, 3], 'inner deep');
};
