#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

unsigned int Factorial(unsigned int number) { return number <= 1 ? number : Factorial(number - 1) * number; }

TEST_CASE("Factorials are computed", "[factorial][math]") {
  REQUIRE(Factorial(1) == 1);
  REQUIRE(Factorial(2) == 2);
  CHECK(Factorial(0) == 1);
  REQUIRE(Factorial(10) == 3628800);
}

TEST_CASE("vectors can be sized and resized", "[vector]") {
  std::vector<int> v(5);
  REQUIRE(v.size() == 5);
  SECTION("resizing bigger changes size") {
    v.resize(10);
    REQUIRE(v.size() == 10);
    SECTION("and shrinking back") {
      v.resize(5);
      CHECK(v.size() == 4);
    }
  }
  SECTION("reserving keeps size") {
    INFO("capacity is " << v.capacity());
    v.reserve(10);
    REQUIRE(v.size() == 5);
  }
}

TEST_CASE("throws", "[.broken]") { throw std::runtime_error("boom"); }

TEST_CASE("uncaught in section") {
  SECTION("inner") { throw std::logic_error("bad logic"); }
}

TEST_CASE("messages and warnings") {
  WARN("this is a warning");
  INFO("context info");
  CHECK_THROWS_AS(throw std::runtime_error("x"), std::runtime_error);
  FAIL_CHECK("explicit failure");
  SUCCEED("done");
}

TEST_CASE("may fail", "[!mayfail]") { REQUIRE(1 == 2); }
TEST_CASE("should fail", "[!shouldfail]") { REQUIRE(1 == 2); }

TEST_CASE("generators") {
  auto i = GENERATE(1, 2, 3);
  CHECK(i < 3);
}
