/* isotime: the shapes time.iso reads (zones, fractions, a date alone, white space), what it
 * refuses, the ranges it checks, fractions rounded as Lua rounds them (a long one through
 * strtod), and days_from_civil around the epoch, leap days and year 0. The Lua parse is
 * compared with this one on generated strings in tests/lua/test_isotime.lua. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "isotime.h"

/* ms of s at offset 0 for a time without zone, as time.iso computes it; -1 when refused. */
static long long ms_of(const char *s) {
  struct al_isotime t;
  if (!al_isotime_parse(s, strlen(s), &t)) return -1;
  return (t.local_s - t.offset_s) * 1000 + t.ms;
}

static void test_days_from_civil(void **state) {
  (void)state;
  assert_int_equal(al_days_from_civil(1970, 1, 1), 0);
  assert_int_equal(al_days_from_civil(1969, 12, 31), -1);
  assert_int_equal(al_days_from_civil(2000, 3, 1), 11017);
  assert_int_equal(al_days_from_civil(2024, 2, 29), 19782);
  assert_int_equal(al_days_from_civil(1, 1, 1), -719162);    /* .NET's DateTime.MinValue */
  assert_int_equal(al_days_from_civil(0, 1, 1), -719528);
  assert_int_equal(al_days_from_civil(9999, 12, 31), 2932896);
}

static void test_shapes(void **state) {
  (void)state;
  assert_int_equal(ms_of("2024-05-06T07:08:09Z"), 1714979289000LL);
  assert_int_equal(ms_of("2024-05-06T07:08:09z"), 1714979289000LL);
  assert_int_equal(ms_of("2024-05-06 07:08:09"), 1714979289000LL);
  assert_int_equal(ms_of("2024-05-06T09:08:09.5+02:00"), 1714979289500LL);
  assert_int_equal(ms_of("2024-05-06T02:08:09.123456-0500"), 1714979289123LL);
  assert_int_equal(ms_of("2024-05-06T09:08:09+02"), 1714979289000LL);
  assert_int_equal(ms_of("2024-05-06 07:08:09,25Z"), 1714979289250LL);
  assert_int_equal(ms_of("  \t2024-05-06T07:08:09.1230000+00:00\r\n"), 1714979289123LL);
  assert_int_equal(ms_of("2024-05-06"), 1714953600000LL);
  assert_int_equal(ms_of(" 2024-05-06 \n"), 1714953600000LL);
  assert_int_equal(ms_of("1969-12-31T23:59:59Z"), -1000);
  assert_int_equal(ms_of("2024-05-06T24:00:60Z"), 1715040060000LL);   /* checked as Lua checks */
  assert_int_equal(ms_of("2024-02-31T00:00:00Z"), ms_of("2024-03-02T00:00:00Z"));
}

static void test_zone_kept_apart(void **state) {
  struct al_isotime t;
  (void)state;
  assert_int_equal(al_isotime_parse("2024-05-06T07:08:09", 19, &t), 1);
  assert_int_equal(t.has_zone, 0);
  assert_int_equal(t.offset_s, 0);
  assert_int_equal(al_isotime_parse("2024-05-06T07:08:09Z", 20, &t), 1);
  assert_int_equal(t.has_zone, 1);
  assert_int_equal(t.offset_s, 0);
  assert_int_equal(al_isotime_parse("2024-05-06T07:08:09-09:30", 25, &t), 1);
  assert_int_equal(t.offset_s, -(9 * 3600 + 30 * 60));
  assert_int_equal(al_isotime_parse("2024-05-06T07:08:09+99:99", 25, &t), 1);   /* not range checked */
  assert_int_equal(t.offset_s, (99 * 60 + 99) * 60);
}

static void test_refused(void **state) {
  static const char *const bad[] = {
    "", "yesterday", "2024-13-01T00:00:00Z", "2024-00-01", "2024-05-00", "2024-05-32",
    "2024-05-06T25:00:00Z", "2024-05-06T07:60:00Z", "2024-05-06T07:08:61Z",
    "2024-05-06T07:08:09 garbage", "2024-05-06T07:08:09 +02:00", "2024-05-06T07:08:09 Z",
    "2024-05-06T07:08", "2024-05-06T", "2024-05-06x", "24-05-06", "2024-5-06",
    "2024-05-06T07:08:09.", "2024-05-06T07:08:09.Z", "2024-05-06T07:08:09.5.5Z",
    "2024-05-06T07:08:09+2", "2024-05-06T07:08:09+02:0", "2024-05-06T07:08:09+020",
    "2024-05-06T07:08:09+02:000", "2024-05-06T07:08:09UTC", "2024-05-06\n07:08:09",
    "2024-05-06T07:08:09ZZ", "\xa0" "2024-05-06",
  };
  (void)state;
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    if (ms_of(bad[i]) != -1) fail_msg("accepted \"%s\"", bad[i]);
  }
}

static void test_nul_bytes(void **state) {
  struct al_isotime t;
  (void)state;
  assert_int_equal(al_isotime_parse("2024-05-06\0", 11, &t), 0);
  assert_int_equal(al_isotime_parse("2024-05-06T07:08:09Z\0", 21, &t), 0);
  assert_int_equal(al_isotime_parse("2024-05-06T07:08:09Z\0", 20, &t), 1);
}

static void test_fractions(void **state) {
  (void)state;
  assert_int_equal(ms_of("1970-01-01T00:00:00.0005Z"), 1);      /* 0.5 rounds up */
  assert_int_equal(ms_of("1970-01-01T00:00:00.0004999Z"), 0);
  assert_int_equal(ms_of("1970-01-01T00:00:00.9996Z"), 1000);    /* into the next second */
  assert_int_equal(ms_of("1970-01-01T00:00:00.0014999999999999999Z"), 1);   /* past 15 digits: strtod */
  assert_int_equal(ms_of("1970-01-01T00:00:00.0000000000000000000000001Z"), 0);
  assert_int_equal(ms_of("1970-01-01T00:00:00,999999999999999999999999999999999999999999999999999999999999999999Z"),
                   1000);
  assert_int_equal(ms_of("1970-01-01T00:00:00.1234567"), 123);
  /* Halves round up: 0.0025 * 1000 + 0.5 is 3 in doubles, as in Lua. */
  assert_int_equal(ms_of("1970-01-01T00:00:00.0025Z"), 3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_days_from_civil), cmocka_unit_test(test_shapes),
    cmocka_unit_test(test_zone_kept_apart), cmocka_unit_test(test_refused),
    cmocka_unit_test(test_nul_bytes), cmocka_unit_test(test_fractions),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
