use Test2::V0;
ok(1, 'plain');
subtest buffered => sub {
  ok(1, 'inside A');
  is(1, 2, 'inside B fails');
};
subtest empty_fails => sub { ok(1, 'x') if 0; };
done_testing;
