// A Boost.Test module whose second test aborts the process (std::abort: SIGABRT, which
// Boost.Test's signal handler reports as a fatal system error); its log ends there.
#define BOOST_TEST_MODULE Crash
#include <boost/test/included/unit_test.hpp>
#include <cstdlib>

BOOST_AUTO_TEST_SUITE(crashing)
BOOST_AUTO_TEST_CASE(before) { BOOST_TEST(true); }
BOOST_AUTO_TEST_CASE(aborts) {
  BOOST_TEST_CHECKPOINT("about to abort");
  std::abort();
}
BOOST_AUTO_TEST_CASE(after) { BOOST_TEST(true); }
BOOST_AUTO_TEST_SUITE_END()
