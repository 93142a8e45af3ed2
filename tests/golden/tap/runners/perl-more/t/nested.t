use strict; use warnings;
use utf8;
use Test::More;
binmode(Test::More->builder->$_, ':encoding(UTF-8)') for qw(output failure_output todo_output);
diag('x' x 100) for 1 .. 500;
subtest 'outer' => sub {
    plan tests => 3;
    ok(1, 'ünïcödé ✓ name');
    subtest 'inner <&>"\'{}' => sub {
        ok(1, 'deep pass');
        TODO: {
            local $TODO = 'not done yet';
            ok(0, 'deep todo fails');
        }
        SKIP: {
            skip 'no network', 1;
            ok(1, 'needs network');
        }
    };
    ok(0, 'outer fails');
};
subtest 'dies inside' => sub {
    ok(1, 'before the die');
    die "boom in subtest\n";
};
note('a note on stdout');
pass('after');
done_testing;
