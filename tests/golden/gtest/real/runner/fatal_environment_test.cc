#include <gtest/gtest.h>
TEST(Storage, Reads) { SUCCEED(); }
TEST(Storage, Writes) { SUCCEED(); }
class Database : public ::testing::Environment {
 public:
  void SetUp() override { ASSERT_TRUE(false) << "database did not start"; }
};
int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new Database);
  return RUN_ALL_TESTS();
}
