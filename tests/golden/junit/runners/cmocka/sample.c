/* A tiny cmocka program whose XML report (CMOCKA_MESSAGE_OUTPUT=xml) is a golden input of allure-lua. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

static void adds(void **state) {
  (void)state;
  printf("2 + 2 = %d\n", 2 + 2);
  assert_int_equal(2 + 2, 4);
}

static void divides_badly(void **state) {
  (void)state;
  assert_int_equal(7 / 2, 4);
}

static void null_string(void **state) {
  (void)state;
  const char *s = NULL;
  assert_non_null(s);
}

static void skips(void **state) {
  (void)state;
  skip();
}

static void leaks(void **state) {
  (void)state;
  void *p = test_malloc(16);
  (void)p;
}

static void fail_with_message(void **state) {
  (void)state;
  fail_msg("unexpected reply: %s", "HTTP 500");
}

static int setup_fails(void **state) {
  (void)state;
  return -1;
}

static void never_runs(void **state) { (void)state; }

/* A group setup that fails: cmocka runs none of the group's tests. */
static int database_up(void **state) {
  (void)state;
  fprintf(stderr, "database is not reachable\n");
  return -1;
}

static void queries(void **state) {
  (void)state;
}

int main(void) {
  const struct CMUnitTest math[] = {
      cmocka_unit_test(adds),
      cmocka_unit_test(divides_badly),
      cmocka_unit_test(null_string),
      cmocka_unit_test(skips),
  };
  const struct CMUnitTest memory[] = {
      cmocka_unit_test(leaks),
      cmocka_unit_test(fail_with_message),
      cmocka_unit_test_setup(never_runs, setup_fails),
  };
  int failed = cmocka_run_group_tests_name("math", math, NULL, NULL);
  failed += cmocka_run_group_tests_name("memory", memory, NULL, NULL);
  const struct CMUnitTest database[] = {
      cmocka_unit_test(queries),
  };
  failed += cmocka_run_group_tests_name("database", database, database_up, NULL);
  return failed ? 1 : 0;
}
