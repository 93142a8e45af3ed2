use strict;
use warnings;
use Test::More tests => 3;

diag('starting the database');
ok(1, 'connects');
note('a note for the log');
BAIL_OUT('database went away');
ok(1, 'never runs');
