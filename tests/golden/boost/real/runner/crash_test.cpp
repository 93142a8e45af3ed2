#define BOOST_TEST_MODULE Crashing
#include <boost/test/included/unit_test.hpp>
BOOST_AUTO_TEST_CASE(before_crash) { BOOST_TEST(1 + 1 == 2); }
BOOST_AUTO_TEST_CASE(crashes) {
  int* volatile p = nullptr;
  BOOST_TEST(*p == 0);
}
BOOST_AUTO_TEST_CASE(never_runs) { BOOST_TEST(true); }
