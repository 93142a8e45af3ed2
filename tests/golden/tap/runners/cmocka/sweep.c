/* cmocka groups shaped unlike groups.c: a failing group teardown after its tests, a failing
   setup and teardown of single tests, the same name three times, fail_msg, a SIGSEGV. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

static int group_ok_setup(void **state) { (void)state; return 0; }
static int group_bad_teardown(void **state) { (void)state; return -1; }
static int test_setup_fails(void **state) { (void)state; return -1; }
static int test_teardown_fails(void **state) { (void)state; return -1; }

static void passes(void **state) { (void)state; assert_true(1); }
static void fails_int(void **state) { (void)state; assert_int_equal(3, 4); }
static void fails_string(void **state) { (void)state; assert_string_equal("Grüße <&>\"'{}", "東京"); }
static void skips(void **state) { (void)state; skip(); }
static void prints(void **state) { (void)state; printf("to stdout\n"); fprintf(stderr, "to stderr\n"); }
static void fail_msg_test(void **state) { (void)state; fail_msg("custom failure %d", 7); }
static void segv(void **state) { (void)state; volatile int *p = NULL; *p = 1; }

int main(void) {
  const struct CMUnitTest alpha[] = {
    cmocka_unit_test(passes),
    cmocka_unit_test(fails_int),
    cmocka_unit_test(fails_string),
    cmocka_unit_test(skips),
    cmocka_unit_test(prints),
    cmocka_unit_test_setup(passes, test_setup_fails),
    cmocka_unit_test_teardown(passes, test_teardown_fails),
  };
  const struct CMUnitTest beta[] = {
    cmocka_unit_test(passes),
    cmocka_unit_test(fail_msg_test),
    cmocka_unit_test(segv),
  };
  int r = 0;
  r += cmocka_run_group_tests_name("alpha", alpha, group_ok_setup, NULL);
  r += cmocka_run_group_tests_name("beta", beta, NULL, group_bad_teardown);
  return r;
}
