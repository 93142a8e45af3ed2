// Boost.Test module shaped unlike suite_test.cpp: a SIGSEGV in orders/segfaults makes Boost
// abort the whole module ("Test is aborted"); the 15 test units after it never run, and the
// XML report still lists them as passed. Also: a suite fixture that throws, a fixture
// teardown that fails, expected_failures on a suite, a disabled suite, templates, data.
#define BOOST_TEST_MODULE Sweep
#include <boost/test/included/unit_test.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/mpl/list.hpp>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>
namespace utf = boost::unit_test;
namespace bdata = boost::unit_test::data;

struct BrokenSuiteFixture {
  BrokenSuiteFixture() { throw std::runtime_error("database <&> is down"); }
};
struct TeardownFails {
  ~TeardownFails() { BOOST_TEST(false, "teardown check failed"); }
};

BOOST_AUTO_TEST_SUITE(orders)
BOOST_AUTO_TEST_CASE(messages_and_warnings) {
  BOOST_TEST_MESSAGE("a message ü <&>");
  BOOST_WARN(1 == 2);
  BOOST_TEST_CHECKPOINT("checkpoint reached");
  BOOST_TEST(true);
}
BOOST_AUTO_TEST_CASE(context_failure) {
  BOOST_TEST_CONTEXT("order id " << 17) { BOOST_TEST(2 + 2 == 5); }
}
BOOST_AUTO_TEST_CASE(writes_streams) {
  std::cout << "to stdout" << std::endl;
  std::cerr << "to stderr" << std::endl;
  BOOST_TEST(true);
}
BOOST_AUTO_TEST_CASE(throws_int) { throw 7; }
BOOST_AUTO_TEST_CASE(segfaults) {
  BOOST_TEST(true);
  volatile int* p = nullptr;
  *p = 1;
}
BOOST_FIXTURE_TEST_CASE(fixture_teardown_fails, TeardownFails) { BOOST_TEST(true); }
BOOST_AUTO_TEST_SUITE(payments, *utf::label("slow") * utf::description("payment tests"))
BOOST_AUTO_TEST_CASE(same_name) { BOOST_TEST(true); }
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(refunds)
BOOST_AUTO_TEST_CASE(same_name) { BOOST_TEST(1 == 0); }
BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(ledger, BrokenSuiteFixture)
BOOST_AUTO_TEST_CASE(first) { BOOST_TEST(true); }
BOOST_AUTO_TEST_CASE(second) { BOOST_TEST(true); }
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(archive, *utf::disabled())
BOOST_AUTO_TEST_CASE(never) { BOOST_TEST(false); }
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(flaky, *utf::expected_failures(2))
BOOST_AUTO_TEST_CASE(one) { BOOST_TEST(false); }
BOOST_AUTO_TEST_CASE(two) { BOOST_TEST(false); }
BOOST_AUTO_TEST_SUITE_END()

typedef boost::mpl::list<int, long, char> types;
BOOST_AUTO_TEST_CASE_TEMPLATE(sizes, T, types) { BOOST_TEST(sizeof(T) >= 4u); }

static const std::vector<std::string> words{"Grüße", "東京", "<&>\"'{}"};
BOOST_DATA_TEST_CASE(words_not_long, bdata::make(words), w) { BOOST_TEST(w.size() < 7u); }

BOOST_AUTO_TEST_CASE(big_output) {
  for (int i = 0; i < 1000; ++i) std::cout << "line " << i << " of a long output ......................" << "\n";
  BOOST_TEST(true);
}
BOOST_AUTO_TEST_CASE(after_crash) { BOOST_TEST(true); }
