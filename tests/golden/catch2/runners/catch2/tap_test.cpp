// suite_test.cpp with Catch2 v2's TAP reporter, which the single header does not register
// unless its header is included after catch.hpp. Built and run by ../regenerate.sh
// (`-r tap`, case ../../../tap/runner-catch2).
#include "suite_test.cpp"
#include <catch2/catch_reporter_tap.hpp>
