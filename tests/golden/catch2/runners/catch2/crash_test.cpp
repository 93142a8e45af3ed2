// Catch2 v2: a test that dies of SIGSEGV in the middle of the run.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <csignal>

TEST_CASE("before the crash") { CHECK(1 == 1); }

TEST_CASE("crashes") {
  SECTION("in a section") {
    CHECK(true);
    std::raise(SIGSEGV);
  }
}

TEST_CASE("after the crash") { CHECK(2 == 2); }
