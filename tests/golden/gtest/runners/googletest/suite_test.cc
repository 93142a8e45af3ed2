// A tiny googletest 1.12 suite with every outcome its reports can carry. Built and run by
// ../regenerate.sh; the tests fail, throw, skip and print on purpose.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>

TEST(Cart, EmptyTotalIsZero) {
  std::cout << "cart: total computed" << std::endl;
  std::cerr << "cart: to stderr" << std::endl;
  RecordProperty("owner", "alice");
  RecordProperty("severity", "critical");
  RecordProperty("ticket", "SHOP-12");
  EXPECT_EQ(0, 0);
}

TEST(Cart, SeveralExpectations) {
  EXPECT_EQ(107, 100 + 8) << "tax is 7%";
  EXPECT_TRUE(false) << "second expectation";
  EXPECT_STREQ("lamp", "lamb");
}

TEST(Cart, FatalThenStops) {
  ASSERT_EQ(1, 2) << "stops here";
  ADD_FAILURE() << "never reached";
}

TEST(Cart, ThrowsOnNegativeQuantity) { throw std::invalid_argument("quantity must be positive"); }

TEST(Cart, SkipsWithReason) { GTEST_SKIP() << "payment sandbox is down"; }

TEST(Cart, FailsThenSkips) {
  EXPECT_EQ(1, 2) << "before the skip";
  GTEST_SKIP() << "gave up";
}

TEST(Cart, DISABLED_PrintsReceipt) { FAIL() << "never runs"; }

TEST(Cart, Search) { SUCCEED(); }

// The same test name in another suite.
TEST(Catalog, Search) { FAIL() << "no results for 'lamp'"; }

TEST(Catalog, PrintsALot) {
  for (int i = 0; i < 1000; i++) std::cout << "line " << i << " of a long log .........................................\n";
}

// Value-parameterised: the instantiation and the index or the generated name give `/` in names.
struct City {
  std::string name;
  int days;
};
void PrintTo(const City &c, std::ostream *os) { *os << c.name << " in " << c.days << " days"; }

class Shipping : public ::testing::TestWithParam<City> {};
TEST_P(Shipping, Arrives) { EXPECT_LT(GetParam().days, 6) << "too slow for " << GetParam().name; }
INSTANTIATE_TEST_SUITE_P(World, Shipping,
                         ::testing::Values(City{"Zürich", 3}, City{"東京", 5}, City{"<&>\"'{}", 7}));
INSTANTIATE_TEST_SUITE_P(Named, Shipping, ::testing::Values(City{"Oslo", 2}, City{"Lima", 9}),
                         [](const ::testing::TestParamInfo<City> &info) { return info.param.name; });

// Typed tests and type-parameterised tests.
template <typename T>
class Zero : public ::testing::Test {};
using Numbers = ::testing::Types<int, double, char>;
TYPED_TEST_SUITE(Zero, Numbers);
TYPED_TEST(Zero, DefaultIsZero) { EXPECT_EQ(TypeParam(), TypeParam(0)); }
TYPED_TEST(Zero, SizeIsFour) { EXPECT_EQ(sizeof(TypeParam), 4u) << "size of the type"; }

template <typename T>
class Signed : public ::testing::Test {};
TYPED_TEST_SUITE_P(Signed);
TYPED_TEST_P(Signed, Negates) { EXPECT_EQ(-TypeParam(1), TypeParam(-1)); }
REGISTER_TYPED_TEST_SUITE_P(Signed, Negates);
using SignedTypes = ::testing::Types<int, long>;
INSTANTIATE_TYPED_TEST_SUITE_P(Ints, Signed, SignedTypes);

// A SetUpTestSuite that fails: googletest skips the suite's tests.
class Database : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { FAIL() << "cannot start the database"; }
};
TEST_F(Database, Connects) { SUCCEED(); }
TEST_F(Database, Queries) { SUCCEED(); }

// A SetUp that fails: the test body does not run.
class Server : public ::testing::Test {
 protected:
  void SetUp() override { FAIL() << "port 8080 is taken"; }
};
TEST_F(Server, Starts) { SUCCEED(); }

// A TearDown that fails after a passing test.
class TempDir : public ::testing::Test {
 protected:
  void TearDown() override { ADD_FAILURE() << "cannot delete the temp dir"; }
};
TEST_F(TempDir, Writes) { SUCCEED(); }

// Death tests: the child dies as expected, or does not.
TEST(CrashDeathTest, Aborts) { EXPECT_DEATH(std::abort(), ""); }
TEST(CrashDeathTest, DoesNotDie) { EXPECT_DEATH(std::cout << "alive" << std::endl, "") << "should have died"; }
