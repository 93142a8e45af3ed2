// doctest suite shaped unlike suite_test.cpp: nested subcases, a doctest::timeout exceeded,
// a throw inside a subcase, may_fail/should_fail that fail, TEST_SUITE twice with one name,
// templates, and std::abort (the run ends there: "after abort" never runs).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <iostream>
#include <stdexcept>
#include <string>

TEST_SUITE("outer") {
  TEST_CASE("nested subcases") {
    int v = 1;
    SUBCASE("level one a") {
      v += 1;
      SUBCASE("level two x") { CHECK(v == 2); }
      SUBCASE("level two y") { CHECK(v == 3); }
    }
    SUBCASE("level one b") { REQUIRE(v == 1); }
  }
  TEST_CASE("same name") { CHECK(true); }
}
TEST_SUITE("other") {
  TEST_CASE("same name") { CHECK(1 == 2); }
}
TEST_CASE("timeout exceeded" * doctest::timeout(0.001)) {
  volatile long s = 0;
  for (long i = 0; i < 50000000; ++i) s += i;
  CHECK(true);
}
TEST_CASE("throws in subcase") {
  SUBCASE("fine") { CHECK(true); }
  SUBCASE("throws") { throw std::runtime_error("in subcase <&>"); }
}
TEST_CASE("may fail, throws" * doctest::may_fail()) { throw std::logic_error("maybe"); }
TEST_CASE("should fail, fails" * doctest::should_fail()) { CHECK(false); }
TEST_CASE("description and unicode Grüße 東京 <&>\"'{}" * doctest::description("a description")) {
  std::cout << "printed out" << std::endl;
  MESSAGE("a message");
  CHECK_MESSAGE(false, "check message ü");
}
TEST_CASE("skipped with reason" * doctest::skip()) { CHECK(false); }
TEST_CASE_TEMPLATE("templated", T, int, char) { CHECK(sizeof(T) == 4); }
TEST_CASE("aborts") {
  CHECK(true);
  std::abort();
}
TEST_CASE("after abort") { CHECK(true); }
