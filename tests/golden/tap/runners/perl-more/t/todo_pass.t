use strict; use warnings;
use Test2::V0;
todo 'should fail but passes' => sub { ok(1, 'unexpectedly passes') };
subtest skipped_sub => sub { skip_all 'nothing to do here' };
like(dies { die "kaboom\n" }, qr/kaboom/, 'dies as expected');
is({a => 1}, {a => 2}, 'deep structure differs');
done_testing;
