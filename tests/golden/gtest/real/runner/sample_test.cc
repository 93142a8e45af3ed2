#include <gtest/gtest.h>
#include <stdexcept>
#include <string>

int Add(int a, int b) { return a + b; }

TEST(MathTest, Adds) { EXPECT_EQ(Add(2, 2), 4); }

TEST(MathTest, AddsWrong) {
  EXPECT_EQ(Add(2, 2), 5) << "two and two";
  EXPECT_TRUE(Add(1, 1) == 3);
}

TEST(MathTest, Throws) { throw std::runtime_error("boom"); }

TEST(MathTest, Skips) { GTEST_SKIP() << "not on this platform"; }

TEST(MathTest, DISABLED_Later) { FAIL(); }

TEST(MathTest, Records) {
  RecordProperty("owner", "alice");
  RecordProperty("severity", "critical");
  RecordProperty("issue", "ABC-12");
  RecordProperty("build_id", 42);
  SUCCEED();
}

class FixtureTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {}
  void SetUp() override { ASSERT_NE(value, 0) << "fixture not ready"; }
  int value = 0;
};

TEST_F(FixtureTest, NeverRuns) { EXPECT_EQ(value, 1); }

class ParamTest : public ::testing::TestWithParam<int> {};

TEST_P(ParamTest, IsEven) { EXPECT_EQ(GetParam() % 2, 0); }

INSTANTIATE_TEST_SUITE_P(Small, ParamTest, ::testing::Values(2, 3));
INSTANTIATE_TEST_SUITE_P(Named, ParamTest, ::testing::Values(4, 8),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return "v" + std::to_string(info.param);
                         });

template <typename T> class TypedTest : public ::testing::Test {};
using MyTypes = ::testing::Types<int, double>;
TYPED_TEST_SUITE(TypedTest, MyTypes);
TYPED_TEST(TypedTest, Zero) { EXPECT_EQ(TypeParam(0), TypeParam()); }
