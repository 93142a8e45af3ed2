/* The tests behind the golden tap/cmocka case (CMOCKA_MESSAGE_OUTPUT=tap). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static int add(int a, int b) { return a + b; }

static void test_add(void **state) {
  (void)state;
  assert_int_equal(add(1, 2), 3);
}

static void test_add_wrong(void **state) {
  (void)state;
  assert_int_equal(add(2, 2), 5);
}

static void test_skipped(void **state) {
  (void)state;
  skip();
}

static void test_string(void **state) {
  (void)state;
  assert_string_equal("cart", "card");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_add),
    cmocka_unit_test(test_add_wrong),
    cmocka_unit_test(test_skipped),
    cmocka_unit_test(test_string),
  };
  return cmocka_run_group_tests_name("calc", tests, NULL, NULL);
}
