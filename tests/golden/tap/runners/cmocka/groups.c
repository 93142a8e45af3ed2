/* Two cmocka groups written as TAP (CMOCKA_MESSAGE_OUTPUT=TAP): "calc" runs, with a
 * pass, a failed assertion, a skip and a failed teardown of one test; "db" fails its
 * group setup, so none of its tests run. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

static void test_add(void **state) { (void)state; assert_int_equal(1 + 2, 3); }
static void test_add_wrong(void **state) { (void)state; assert_int_equal(2 + 2, 5); }
static void test_skipped(void **state) { (void)state; skip(); }
static int bad_teardown(void **state) { (void)state; return -1; }
static void test_with_bad_teardown(void **state) { (void)state; }
static void test_query(void **state) { (void)state; }
static void test_insert(void **state) { (void)state; }
static int db_setup(void **state) { (void)state; print_error("database went away\n"); return -1; }

int main(void) {
  const struct CMUnitTest calc[] = {
    cmocka_unit_test(test_add),
    cmocka_unit_test(test_add_wrong),
    cmocka_unit_test(test_skipped),
    cmocka_unit_test_teardown(test_with_bad_teardown, bad_teardown),
  };
  const struct CMUnitTest db[] = {
    cmocka_unit_test(test_query),
    cmocka_unit_test(test_insert),
  };
  int failed = cmocka_run_group_tests_name("calc", calc, NULL, NULL);
  failed += cmocka_run_group_tests_name("db", db, db_setup, NULL);
  return failed;
}
