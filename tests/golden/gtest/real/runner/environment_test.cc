#include <gtest/gtest.h>
class BrokenSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ADD_FAILURE() << "database unavailable"; }
  static void TearDownTestSuite() { ADD_FAILURE() << "cleanup failed"; }
};
TEST_F(BrokenSuite, One) { SUCCEED(); }
TEST(Other, Two) { RecordProperty("k", "v"); }
class Env : public ::testing::Environment {
 public:
  void SetUp() override { ADD_FAILURE() << "global setup failed"; }
};
int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new Env);
  ::testing::Test::RecordProperty("run_id", "r1");
  return RUN_ALL_TESTS();
}
