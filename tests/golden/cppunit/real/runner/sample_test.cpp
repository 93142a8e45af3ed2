#include <cppunit/extensions/HelperMacros.h>
#include <cppunit/extensions/TestFactoryRegistry.h>
#include <cppunit/ui/text/TestRunner.h>
#include <cppunit/XmlOutputter.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TestRunner.h>
#include <fstream>
#include <stdexcept>

class MathTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(MathTest);
  CPPUNIT_TEST(testAdd);
  CPPUNIT_TEST(testAddWrong);
  CPPUNIT_TEST(testThrows);
  CPPUNIT_TEST(testMessage);
  CPPUNIT_TEST_EXCEPTION(testExpectsThrow, std::invalid_argument);
  CPPUNIT_TEST_SUITE_END();
 public:
  void testAdd() { CPPUNIT_ASSERT_EQUAL(4, 2 + 2); }
  void testAddWrong() { CPPUNIT_ASSERT_EQUAL(5, 2 + 2); }
  void testThrows() { throw std::runtime_error("boom"); }
  void testMessage() { CPPUNIT_ASSERT_MESSAGE("sum must be <odd> & \"small\"", 1 + 1 == 3); }
  void testExpectsThrow() { }
};
CPPUNIT_TEST_SUITE_REGISTRATION(MathTest);

class StringTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StringTest);
  CPPUNIT_TEST(testEmpty);
  CPPUNIT_TEST_SUITE_END();
 public:
  void testEmpty() { CPPUNIT_ASSERT(std::string().empty()); }
};
CPPUNIT_TEST_SUITE_REGISTRATION(StringTest);

int main() {
  CppUnit::TestResult controller;
  CppUnit::TestResultCollector result;
  controller.addListener(&result);
  CppUnit::TestRunner runner;
  runner.addTest(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
  runner.run(controller);
  std::ofstream xml("out.xml");
  CppUnit::XmlOutputter outputter(&result, xml);
  outputter.write();
  return result.wasSuccessful() ? 0 : 1;
}
