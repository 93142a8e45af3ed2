// Catch2 v2 suite shaped unlike suite_test.cpp: SCENARIO/GIVEN/WHEN/THEN, a throw in one of
// three sections, TEMPLATE_TEST_CASE, GENERATE inside a section, a fixture whose constructor
// throws, REQUIRE_THROWS_AS, [!mayfail]/[!shouldfail] that throw, WARN, a BENCHMARK, and
// std::abort (the run ends there: "after the abort" never runs).
#define CATCH_CONFIG_MAIN
#define CATCH_CONFIG_ENABLE_BENCHMARKING
#include <catch2/catch.hpp>
#include <catch2/catch_reporter_tap.hpp>
#include <iostream>
#include <stdexcept>
#include <string>

SCENARIO("a basket can be emptied", "[bdd]") {
  GIVEN("a basket with two items") {
    int items = 2;
    WHEN("one is removed") {
      items--;
      THEN("one is left") { REQUIRE(items == 1); }
    }
    WHEN("both are removed") {
      items -= 2;
      THEN("it is empty") { REQUIRE(items == 1); }
    }
  }
}

TEST_CASE("sections that throw", "[sections]") {
  SECTION("first passes") { CHECK(true); }
  SECTION("second throws") { throw std::runtime_error("disk full <&>\"'{}"); }
  SECTION("third passes") { CHECK(1 == 1); }
}

TEMPLATE_TEST_CASE("sizes of types", "[template]", int, char, double) {
  REQUIRE(sizeof(TestType) <= 4);
}

TEST_CASE("generators inside a section", "[generate]") {
  SECTION("evens") {
    auto n = GENERATE(2, 3, 4);
    INFO("n = " << n);
    CHECK(n % 2 == 0);
  }
}

struct Fixture {
  Fixture() { throw std::logic_error("fixture could not start"); }
};
TEST_CASE_METHOD(Fixture, "fixture constructor throws", "[fixture]") { CHECK(true); }

TEST_CASE("warn and info only", "[messages]") {
  WARN("just a warning ü");
  INFO("context not shown");
  CHECK(true);
}

TEST_CASE("expected exception not thrown", "[throws]") {
  REQUIRE_THROWS_AS([] { return 1; }(), std::out_of_range);
}

TEST_CASE("unexpected exception type", "[!mayfail]") {
  CHECK_NOTHROW(throw std::out_of_range("index 9"));
}

TEST_CASE("should fail, throws", "[!shouldfail]") { throw std::runtime_error("expected to fail"); }

TEST_CASE("Grüße aus 東京 <&>\"'{}", "[unicode][owner:alice]") {
  std::cout << "out ü" << std::endl;
  std::cerr << "err <&>" << std::endl;
  CHECK(std::string("a") == "b");
}

TEST_CASE("benchmarked", "[bench]") {
  BENCHMARK("sum") { int s = 0; for (int i = 0; i < 100; ++i) s += i; return s; };
  CHECK(true);
}

TEST_CASE("explicit fail with message", "[fail]") { FAIL("gave up: " << 42); }

TEST_CASE("succeed only", "[pass]") { SUCCEED("fine"); }

TEST_CASE("aborts", "[crash]") {
  CHECK(true);
  std::abort();
}

TEST_CASE("after the abort", "[after]") { CHECK(true); }
