#define BOOST_TEST_MODULE Calculator
#include <boost/test/included/unit_test.hpp>
#include <stdexcept>
#include <boost/test/data/test_case.hpp>
#include <boost/test/data/monomorphic.hpp>
#include <boost/mpl/list.hpp>

namespace utf = boost::unit_test;

int add(int a, int b) { return a + b; }

BOOST_AUTO_TEST_SUITE(arithmetic)

BOOST_AUTO_TEST_CASE(adds) {
  BOOST_TEST_MESSAGE("adding small numbers");
  BOOST_TEST(add(2, 2) == 4);
  BOOST_CHECK_EQUAL(add(1, 1), 2);
}

BOOST_AUTO_TEST_CASE(adds_wrong) {
  BOOST_CHECK_EQUAL(add(2, 2), 5);
  BOOST_TEST_CONTEXT("with x=3") { BOOST_TEST(add(3, 0) == 4); }
  BOOST_WARN(add(0, 0) == 1);
}

BOOST_AUTO_TEST_CASE(requires) {
  BOOST_REQUIRE(add(1, 2) == 4);
  BOOST_TEST(false);  // never reached
}

BOOST_AUTO_TEST_CASE(throws) { throw std::runtime_error("boom"); }

BOOST_AUTO_TEST_CASE(disabled_case, *utf::disabled()) { BOOST_TEST(false); }

BOOST_AUTO_TEST_CASE(expected_fail, *utf::expected_failures(1)) { BOOST_TEST(add(1, 1) == 3); }

BOOST_AUTO_TEST_SUITE_END()

struct Fixture {
  Fixture() { BOOST_TEST_MESSAGE("setup fixture"); }
  ~Fixture() { BOOST_TEST_MESSAGE("teardown fixture"); }
};

BOOST_FIXTURE_TEST_SUITE(with_fixture, Fixture)
BOOST_AUTO_TEST_CASE(uses_fixture) { BOOST_TEST(true); }
BOOST_AUTO_TEST_CASE(depends, *utf::depends_on("arithmetic/requires")) { BOOST_TEST(true); }
BOOST_AUTO_TEST_SUITE_END()

typedef boost::mpl::list<int, long> number_types;
BOOST_AUTO_TEST_CASE_TEMPLATE(zero_is_default, T, number_types) { BOOST_TEST(T() == T(0)); }

BOOST_DATA_TEST_CASE(is_even, boost::unit_test::data::make({2, 3, 4}), value) { BOOST_TEST(value % 2 == 0); }
