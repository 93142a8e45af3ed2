// A tiny Catch2 (v2) program whose `-r junit` report is a golden input of allure-lua.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <iostream>
#include <stdexcept>
#include <vector>

TEST_CASE("adds", "[math]") {
  std::cout << "2 + 2 = " << 2 + 2 << std::endl;
  REQUIRE(2 + 2 == 4);
}

TEST_CASE("divides badly", "[math]") {
  int got = 7 / 2;
  INFO("integer division");
  CHECK(got == 4);
  CHECK(got * 2 == 7);
}

TEST_CASE("throws", "[math]") { throw std::runtime_error("boom"); }

TEST_CASE("may fail", "[math][!mayfail]") { REQUIRE(false); }
TEST_CASE("should fail", "[math][!shouldfail]") { REQUIRE(1 == 2); }

TEST_CASE("hidden, not run by default", "[.][slow]") { REQUIRE(true); }

TEST_CASE("vector", "[container]") {
  std::vector<int> v{1, 2, 3};
  SECTION("push_back grows") {
    v.push_back(4);
    REQUIRE(v.size() == 4);
  }
  SECTION("clear empties") {
    v.clear();
    REQUIRE(v.size() == 1);
  }
  SECTION("nested") {
    SECTION("inner") { REQUIRE(v.front() == 1); }
  }
}

TEST_CASE("generated", "[params]") {
  int n = GENERATE(1, 2, 3);
  CAPTURE(n);
  REQUIRE(n < 3);
}

TEST_CASE("attaches", "[output]") {
  std::cout << "[[ATTACHMENT|attachments/frame.txt]]" << std::endl;
  std::cerr << "warning on stderr" << std::endl;
  WARN("a warning message");
}
