// googletest suite shaped unlike suite_test.cc: GTEST_SKIP in SetUp, throws in SetUp and
// TearDown, GTEST_SKIP in SetUpTestSuite (googletest counts its tests passed), a failing
// TearDownTestSuite, SCOPED_TRACE, name generators, Combine, death tests with exit codes,
// and a global Environment whose TearDown fails (NonTestSuiteFailure).
#include <gtest/gtest.h>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

// fixture whose SetUp skips: the test body never runs
class Printer : public ::testing::Test {
 protected:
  void SetUp() override { GTEST_SKIP() << "no printer attached <&>\"'{}"; }
};
TEST_F(Printer, PrintsPage) { FAIL() << "never reached"; }

// fixture whose SetUp throws
class Socket : public ::testing::Test {
 protected:
  void SetUp() override { throw std::runtime_error("port 8080 in use"); }
};
TEST_F(Socket, Opens) { SUCCEED(); }

// fixture whose TearDown throws after a passing body
class Tmp : public ::testing::Test {
 protected:
  void TearDown() override { throw 42; }
};
TEST_F(Tmp, Cleans) { SUCCEED(); }

// SetUpTestSuite with a skip
class Cloud : public ::testing::Test {
 public:
  static void SetUpTestSuite() { GTEST_SKIP() << "no credentials"; }
};
TEST_F(Cloud, Uploads) { SUCCEED(); }
TEST_F(Cloud, Downloads) { SUCCEED(); }

// TearDownTestSuite failure after passing tests
class Pool : public ::testing::Test {
 public:
  static void TearDownTestSuite() { ADD_FAILURE() << "pool leaked 3 connections"; }
};
TEST_F(Pool, Borrows) { SUCCEED(); }

// failures from a helper, with SCOPED_TRACE, multi-line message
static void CheckRow(int v) { EXPECT_EQ(v % 2, 0) << "row " << v << "\nsecond line\nthird ü"; }
TEST(Table, Rows) {
  for (int i = 1; i <= 2; ++i) {
    SCOPED_TRACE("row index " + std::to_string(i));
    CheckRow(i);
  }
}
TEST(Table, AddFailureAt) { ADD_FAILURE_AT("virtual/file.cc", 7) << "reported elsewhere"; }
TEST(Table, Properties) {
  RecordProperty("owner", "ünïcode <&>\"'{}");
  RecordProperty("count", 3);
  RecordProperty("note", "plain");
  SUCCEED();
}
TEST(Table, StdoutAndStderr) {
  std::cout << "to stdout" << std::endl;
  std::cerr << "to stderr" << std::endl;
  SUCCEED();
}
TEST(Table, StringThrow) { throw "a C string"; }

// value-parameterised with a name generator
struct Word { std::string label; std::string text; };
class WordTest : public ::testing::TestWithParam<Word> {};
TEST_P(WordTest, NotEmpty) { EXPECT_FALSE(GetParam().text.empty()) << "empty: " << GetParam().label; }
INSTANTIATE_TEST_SUITE_P(Texts, WordTest,
                         ::testing::Values(Word{"umlaut", "Grüße"}, Word{"markup", "<&>\"'{}"}, Word{"blank", ""}),
                         [](const ::testing::TestParamInfo<Word>& i) { return i.param.label; });
// same fixture, combine of two params, default names
class GridTest : public ::testing::TestWithParam<std::tuple<int, bool>> {};
TEST_P(GridTest, Cell) { EXPECT_TRUE(std::get<0>(GetParam()) < 2 || std::get<1>(GetParam())); }
INSTANTIATE_TEST_SUITE_P(, GridTest, ::testing::Combine(::testing::Values(1, 2), ::testing::Bool()));

// typed with a name generator
template <typename T> class Box : public ::testing::Test {};
struct Names {
  template <typename T> static std::string GetName(int i) {
    if (std::is_same<T, int>()) return "Int";
    return "Other" + std::to_string(i);
  }
};
using BoxTypes = ::testing::Types<int, long, short>;
TYPED_TEST_SUITE(Box, BoxTypes, Names);
TYPED_TEST(Box, Holds) { EXPECT_EQ(sizeof(TypeParam), sizeof(int)); }

// death tests
TEST(ExitDeathTest, ExitsWithCode) { EXPECT_EXIT(std::exit(3), ::testing::ExitedWithCode(3), ""); }
TEST(ExitDeathTest, WrongCode) { EXPECT_EXIT(std::exit(4), ::testing::ExitedWithCode(3), "") << "exit code"; }
TEST(ExitDeathTest, WrongMessage) { EXPECT_DEATH({ std::cerr << "boom"; std::abort(); }, "kaboom"); }

// the same test name in two suites, one in a namespace
namespace billing { TEST(Invoice, Total) { SUCCEED(); } }
TEST(Invoice2, Total) { EXPECT_EQ(1, 2); }

// a global environment whose TearDown fails
class Env : public ::testing::Environment {
 public:
  void TearDown() override { ADD_FAILURE() << "environment teardown failed"; }
};
testing::Environment* const env = testing::AddGlobalTestEnvironment(new Env);
