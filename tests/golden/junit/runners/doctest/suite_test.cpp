// A tiny doctest 2.4 suite whose -r=junit report is a golden input of allure-lua junit.
// Built and run by ../regenerate.sh; the tests fail, throw and skip on purpose.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <iostream>
#include <stdexcept>
#include <string>

TEST_SUITE("cart") {
  TEST_CASE("total is zero when empty") {
    std::cout << "cart: total computed" << std::endl;
    CHECK(0 == 0);
  }

  TEST_CASE("subcases") {
    int items = 0;
    SUBCASE("adding one") {
      items = 1;
      CHECK(items == 1);
    }
    SUBCASE("adding two fails") {
      items = 2;
      CHECK(items == 3);
    }
  }

  TEST_CASE("several checks fail") {
    int tax = 8;
    INFO("tax is computed for EUR");
    CHECK(tax == 7);
    CHECK(100 + tax == 107);
    WARN(tax > 100);
  }

  TEST_CASE("throws unexpectedly") { throw std::invalid_argument("quantity must be positive"); }

  TEST_CASE("search") { CHECK(true); }
}

TEST_SUITE("catalog") {
  // The same name in another suite.
  TEST_CASE("search") { FAIL("no results for 'lamp'"); }
}

TEST_CASE("skipped by decorator" * doctest::skip()) { CHECK(false); }
TEST_CASE("may fail and does" * doctest::may_fail()) { CHECK(1 == 2); }
TEST_CASE("may fail but passes" * doctest::may_fail()) { CHECK(1 == 1); }
TEST_CASE("should fail and does" * doctest::should_fail()) { CHECK(1 == 2); }
TEST_CASE("should fail but passes" * doctest::should_fail()) { CHECK(1 == 1); }
TEST_CASE("expected failures: 2" * doctest::expected_failures(2)) {
  CHECK(1 == 2);
  CHECK(3 == 4);
}
TEST_CASE("ships to Zürich, 東京 and <&>\"'{}") { CHECK(std::string("<&>\"'{}") == "Zürich"); }
