// A tiny googletest program whose --gtest_output=xml report is a golden input of allure-lua.
#include <gtest/gtest.h>

#include <iostream>
#include <stdexcept>
#include <string>

TEST(Math, Adds) {
  std::cout << "2 + 2 = " << 2 + 2 << std::endl;
  EXPECT_EQ(2 + 2, 4);
}

TEST(Math, DividesBadly) {
  EXPECT_EQ(7 / 2, 3.5) << "integer division";
  EXPECT_TRUE(false);
}

TEST(Math, Throws) { throw std::runtime_error("boom"); }

TEST(Math, SkipsAtRuntime) { GTEST_SKIP() << "needs a GPU"; }

TEST(Math, DISABLED_NotReady) { FAIL(); }

TEST(Properties, RecordsOwner) {
  RecordProperty("owner", "alice");
  RecordProperty("severity", "minor");
  RecordProperty("build", 42);
  std::cerr << "warning on stderr" << std::endl;
}

TEST(Output, Attaches) {
  std::cout << "[[ATTACHMENT|attachments/http-dump.txt]]" << std::endl;
  RecordProperty("attachment", "attachments/http-dump.txt");
}

class Parity : public ::testing::TestWithParam<int> {};

TEST_P(Parity, IsEven) { EXPECT_EQ(GetParam() % 2, 0) << "value " << GetParam(); }

INSTANTIATE_TEST_SUITE_P(Small, Parity, ::testing::Values(2, 3, 4));

struct Word {
  std::string text;
};
std::ostream &operator<<(std::ostream &os, const Word &w) { return os << "Word(" << w.text << ")"; }

class Words : public ::testing::TestWithParam<Word> {};

TEST_P(Words, NotEmpty) { EXPECT_FALSE(GetParam().text.empty()); }

INSTANTIATE_TEST_SUITE_P(Named, Words, ::testing::Values(Word{"alpha"}, Word{""}),
                         [](const ::testing::TestParamInfo<Word> &info) {
                           return info.param.text.empty() ? std::string("empty") : info.param.text;
                         });

template <typename T>
class Typed : public ::testing::Test {};
using MyTypes = ::testing::Types<int, double>;
TYPED_TEST_SUITE(Typed, MyTypes);
TYPED_TEST(Typed, DefaultIsZero) { EXPECT_EQ(TypeParam(), TypeParam(0)); }

class Fixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { std::cout << "suite set-up" << std::endl; }
};
TEST_F(Fixture, UsesFixture) { SUCCEED() << "fine"; }
