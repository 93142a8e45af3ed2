// A tiny Catch2 v2 suite with every outcome its reporters can write. Built and run by
// ../regenerate.sh; the tests fail, throw, crash and print on purpose.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <csignal>
#include <iostream>
#include <stdexcept>
#include <string>

TEST_CASE("cart total is zero when empty", "[cart][severity:critical][owner:alice]") {
  std::cout << "cart: total computed" << std::endl;
  std::cerr << "cart: to stderr" << std::endl;
  REQUIRE(0 == 0);
}

TEST_CASE("cart has nested sections", "[cart]") {
  int items = 0;
  SECTION("adding") {
    items = 1;
    SECTION("one item") { REQUIRE(items == 1); }
    SECTION("then a second") {
      items++;
      CHECK(items == 3);
    }
  }
  SECTION("removing fails outright") { FAIL("cannot remove from an empty cart"); }
}

TEST_CASE("several checks fail", "[cart]") {
  int tax = 8;
  INFO("tax is computed for EUR");
  CAPTURE(tax);
  CHECK(tax == 7);
  CHECK(100 + tax == 107);
  WARN("tax table is from 2019");
  CHECK(tax > 0);
}

TEST_CASE("throws unexpectedly", "[cart]") {
  throw std::invalid_argument("quantity must be positive");
}

TEST_CASE("generated quantities", "[generate]") {
  auto n = GENERATE(1, 2, 3);
  CHECK(n != 2);
}

TEST_CASE("may fail and does", "[!mayfail]") { CHECK(1 == 2); }
TEST_CASE("may fail but passes", "[!mayfail]") { CHECK(1 == 1); }
TEST_CASE("should fail and does", "[!shouldfail]") { CHECK(1 == 2); }
TEST_CASE("should fail but passes", "[!shouldfail]") { CHECK(1 == 1); }

TEST_CASE("hidden test", "[.][slow]") { CHECK(false); }

TEST_CASE("ships to Zürich, 東京 and <&>\"'{}", "[shipping]") {
  std::string city = "<&>\"'{}";
  CHECK(city == "Zürich");
}

TEST_CASE("prints a lot", "[output]") {
  for (int i = 0; i < 1000; i++) std::cout << "line " << i << " of a long log ..........................................\n";
  SUCCEED();
}
