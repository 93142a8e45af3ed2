// A Boost.Test module that exercises what the converter must get right; its reports are the
// inputs of tests/golden/boost/runner-*. Tests fail, throw and time out on purpose.
#define BOOST_TEST_MODULE Inventory
#include <boost/test/included/unit_test.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/data/monomorphic.hpp>
#include <iostream>
#include <stdexcept>
#include <string>
#include <chrono>
#include <thread>

namespace utf = boost::unit_test;
namespace bdata = boost::unit_test::data;

static bool feature_enabled = false;
struct feature_on {
  boost::test_tools::assertion_result operator()(utf::test_unit_id) {
    boost::test_tools::assertion_result r(feature_enabled);
    r.message() << "the feature flag is off";
    return r;
  }
};

BOOST_AUTO_TEST_SUITE(store)

BOOST_AUTO_TEST_SUITE(shelves)  // nested two deep

BOOST_AUTO_TEST_CASE(passes) {
  BOOST_TEST_MESSAGE("counting shelves");
  BOOST_TEST(2 + 2 == 4);
}

BOOST_AUTO_TEST_CASE(check_fails) {
  BOOST_CHECK_EQUAL(2 + 2, 5);
  BOOST_TEST(1 + 1 == 2);  // still runs: BOOST_CHECK does not stop the test
}

BOOST_AUTO_TEST_CASE(require_fails) {
  BOOST_REQUIRE(1 == 2);
  BOOST_TEST(false);  // never reached
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(throws) { throw std::runtime_error("disk <full> & \"gone\""); }

BOOST_AUTO_TEST_CASE(boost_fail) { BOOST_FAIL("cannot go on: stock is negative"); }

BOOST_AUTO_TEST_CASE(disabled_case, *utf::disabled()) { BOOST_TEST(false); }

BOOST_AUTO_TEST_CASE(precondition_false, *utf::precondition(feature_on())) { BOOST_TEST(true); }

BOOST_AUTO_TEST_CASE(expected_one_failure, *utf::expected_failures(1)) { BOOST_TEST(1 == 3); }

BOOST_AUTO_TEST_CASE(expected_more_failures, *utf::expected_failures(1)) {
  BOOST_TEST(1 == 3);
  BOOST_TEST(2 == 4);  // two failures, one expected: the test fails
}

BOOST_AUTO_TEST_CASE(times_out, *utf::timeout(1)) {
  std::this_thread::sleep_for(std::chrono::seconds(3));
  BOOST_TEST(true);
}

BOOST_AUTO_TEST_CASE(prints_a_lot) {
  std::string line(99, 'x');
  for (int i = 0; i < 512; ++i) std::cout << i << ' ' << line << '\n';  // ~52 KB on stdout
  std::cerr << "a line on stderr" << std::endl;
  BOOST_TEST(true);
}

BOOST_AUTO_TEST_SUITE_END()

// Samples with unicode and XML/JSON-special characters.
static const char* samples[] = {"plain", "ünïcødé ✓", "<&>\"'{}"};
BOOST_DATA_TEST_CASE(names_round_trip, bdata::make(samples), sample) {
  std::string s(sample);
  BOOST_TEST(s.size() > 0);
  BOOST_TEST(s != "<&>\"'{}");  // the third sample fails
}

BOOST_DATA_TEST_CASE(pairs, bdata::make({1, 2}) ^ bdata::make({"één", "two"}), number, word) {
  BOOST_TEST(number > 0);
  BOOST_TEST(std::string(word).size() > 0);
}

struct BrokenFixture {
  BrokenFixture() { throw std::logic_error("fixture setup failed"); }
};

BOOST_FIXTURE_TEST_CASE(fixture_setup_fails, BrokenFixture) { BOOST_TEST(true); }

struct SuiteFixture {
  SuiteFixture() { BOOST_TEST_MESSAGE("suite setup"); }
  ~SuiteFixture() { BOOST_TEST_MESSAGE("suite teardown"); }
};

BOOST_AUTO_TEST_SUITE(warehouse, *utf::fixture<SuiteFixture>())
// Same name as store/shelves/passes: another test.
BOOST_AUTO_TEST_CASE(passes) { BOOST_TEST(true); }
BOOST_AUTO_TEST_CASE(depends_on_failure, *utf::depends_on("store/shelves/check_fails")) { BOOST_TEST(true); }
BOOST_AUTO_TEST_SUITE_END()
