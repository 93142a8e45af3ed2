// A tiny CppUnit 1.15 suite whose XmlOutputter report is a golden input. Built and run by
// ../regenerate.sh; the tests fail and throw on purpose.
#include <cppunit/BriefTestProgressListener.h>
#include <cppunit/CompilerOutputter.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TestRunner.h>
#include <cppunit/XmlOutputter.h>
#include <cppunit/extensions/HelperMacros.h>
#include <cppunit/extensions/TestFactoryRegistry.h>

#include <fstream>
#include <iostream>
#include <stdexcept>

namespace shop {

class CartTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CartTest);
  CPPUNIT_TEST(testEmptyTotal);
  CPPUNIT_TEST(testTax);
  CPPUNIT_TEST(testThrows);
  CPPUNIT_TEST(testNotThrown);
  CPPUNIT_TEST_EXCEPTION(testExpectedThrow, std::invalid_argument);
  CPPUNIT_TEST(testSearch);
  CPPUNIT_TEST(testUnicode);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testEmptyTotal() {
    std::cout << "cart: total computed" << std::endl;
    CPPUNIT_ASSERT(0 == 0);
  }
  void testTax() { CPPUNIT_ASSERT_EQUAL_MESSAGE("tax is 7%", 107, 100 + 8); }
  void testThrows() { throw std::runtime_error("quantity must be positive"); }
  void testNotThrown() { CPPUNIT_ASSERT_THROW((void)0, std::logic_error); }
  void testExpectedThrow() { throw std::invalid_argument("expected"); }
  void testSearch() {}
  void testUnicode() { CPPUNIT_ASSERT_EQUAL(std::string("Zürich 東京"), std::string("<&>\"'{}")); }
};

// The same test name in another fixture.
class SearchTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SearchTest);
  CPPUNIT_TEST(testSearch);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testSearch() { CPPUNIT_FAIL("no results for 'lamp'"); }
};

// setUp fails: the test body does not run; tearDown fails after a passing test.
class DatabaseTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(DatabaseTest);
  CPPUNIT_TEST(testConnects);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { throw std::runtime_error("database is locked"); }
  void testConnects() {}
};

class TempDirTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TempDirTest);
  CPPUNIT_TEST(testWrites);
  CPPUNIT_TEST_SUITE_END();

 public:
  void tearDown() override { CPPUNIT_FAIL("cannot delete the temp dir"); }
  void testWrites() {}
};

}  // namespace shop

CPPUNIT_TEST_SUITE_REGISTRATION(shop::CartTest);
CPPUNIT_TEST_SUITE_REGISTRATION(shop::SearchTest);
CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(shop::DatabaseTest, "integration");
CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(shop::TempDirTest, "integration");
CPPUNIT_REGISTRY_ADD_TO_DEFAULT("integration");

int main(int argc, char **argv) {
  CppUnit::TestResult controller;
  CppUnit::TestResultCollector collector;
  controller.addListener(&collector);
  CppUnit::BriefTestProgressListener progress;
  controller.addListener(&progress);
  CppUnit::TestRunner runner;
  runner.addTest(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
  runner.run(controller);
  CppUnit::CompilerOutputter(&collector, std::cerr).write();
  std::ofstream file(argc > 1 ? argv[1] : "cppunit.xml");
  CppUnit::XmlOutputter(&collector, file).write();
  return collector.wasSuccessful() ? 0 : 1;
}
