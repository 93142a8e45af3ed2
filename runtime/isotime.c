/* isotime: time.iso's parse in C (isotime.h). Each step mirrors a step of the Lua parse in
 * stdlib/allure/time.lua, whose patterns decide what is accepted: %s is C's isspace in the
 * "C" locale, %d a digit 0-9. tests/lua/test_isotime.lua compares the two on generated
 * strings. Compiled with -ffp-contract=off: the fraction's rounding must be Lua's two
 * separate operations (a multiply, then an add), never one fused one. */
#include "isotime.h"

#include <stdlib.h>
#include <string.h>

static int is_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

static int is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}

/* The k digits at p as a number; the caller checked they are digits. */
static int digits(const char *p, int k) {
  int v = 0;
  for (int i = 0; i < k; i++) v = v * 10 + (p[i] - '0');
  return v;
}

/* Floor division, as Lua's // on integers. */
static long long floor_div(long long a, long long b) {
  long long q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

long long al_days_from_civil(long long y, int m, int d) {
  long long era, yoe, doy, doe;
  if (m <= 2) y -= 1;
  era = floor_div(y >= 0 ? y : y - 399, 400);
  yoe = y - era * 400;
  doy = floor_div(153LL * (m + (m > 2 ? -3 : 9)) + 2, 5) + d - 1;
  doe = yoe * 365 + floor_div(yoe, 4) - floor_div(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

/* "dddd-dd-dd" at p (n bytes left)? */
static int date_at(const char *p, size_t n) {
  static const char shape[] = "dddd-dd-dd";
  if (n < 10) return 0;
  for (int i = 0; i < 10; i++) {
    if (shape[i] == 'd' ? !is_digit((unsigned char)p[i]) : p[i] != '-') return 0;
  }
  return 1;
}

/* "[T ]dd:dd:dd" at p (n bytes left)? */
static int clock_at(const char *p, size_t n) {
  static const char shape[] = "Tdd:dd:dd";
  if (n < 9 || (p[0] != 'T' && p[0] != ' ')) return 0;
  for (int i = 1; i < 9; i++) {
    if (shape[i] == 'd' ? !is_digit((unsigned char)p[i]) : p[i] != ':') return 0;
  }
  return 1;
}

/* The fraction's k digits at p in ms: math.floor(tonumber("0." .. digits) * 1000 + 0.5).
 * Up to 15 digits the number is exact and so is 10^k, and one IEEE division rounds their
 * quotient correctly, which is what strtod (Lua's tonumber) gives too; longer ones go
 * through strtod. Returns -1 when out of memory. */
static int fraction_ms(const char *p, size_t k) {
  static const double POW10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  double v, x;
  if (k <= 15) {
    long long num = 0;
    for (size_t i = 0; i < k; i++) num = num * 10 + (p[i] - '0');
    v = (double)num / POW10[k];
  } else {
    char small[64], *buf = k + 3 <= sizeof small ? small : malloc(k + 3);
    if (!buf) return -1;
    buf[0] = '0';
    buf[1] = '.';
    memcpy(buf + 2, p, k);
    buf[k + 2] = '\0';
    v = strtod(buf, NULL);
    if (buf != small) free(buf);
  }
  x = v * 1000.0;
  x = x + 0.5;
  return (int)x;   /* x is in [0.5, 1000.5]: truncation is math.floor */
}

/* The zone after the seconds and fraction (trailing white space already cut): "" none,
 * "Z"/"z", "+hh:mm", "+hhmm", "+hh". Returns 1 with *has_zone and *offset set, or 0. */
static int zone_at(const char *p, size_t n, int *has_zone, long *offset) {
  int h, m;
  *has_zone = n > 0;
  *offset = 0;
  if (n == 0) return 1;
  if (n == 1 && (p[0] == 'Z' || p[0] == 'z')) return 1;
  if (p[0] != '+' && p[0] != '-') return 0;
  if (n == 6 && p[3] == ':' && is_digit((unsigned char)p[1]) && is_digit((unsigned char)p[2])
      && is_digit((unsigned char)p[4]) && is_digit((unsigned char)p[5])) {
    h = digits(p + 1, 2);
    m = digits(p + 4, 2);
  } else if (n == 5 && is_digit((unsigned char)p[1]) && is_digit((unsigned char)p[2])
             && is_digit((unsigned char)p[3]) && is_digit((unsigned char)p[4])) {
    h = digits(p + 1, 2);
    m = digits(p + 3, 2);
  } else if (n == 3 && is_digit((unsigned char)p[1]) && is_digit((unsigned char)p[2])) {
    h = digits(p + 1, 2);
    m = 0;
  } else {
    return 0;
  }
  *offset = (h * 60L + m) * 60L;
  if (p[0] == '-') *offset = -*offset;
  return 1;
}

int al_isotime_parse(const char *s, size_t n, struct al_isotime *t) {
  const char *p = s, *end = s + n, *rest;
  int y, mo, d, h = 0, mi = 0, sec = 0;
  memset(t, 0, sizeof *t);
  while (p < end && is_space((unsigned char)*p)) p++;
  if (!date_at(p, (size_t)(end - p))) return 0;
  /* The rest of the line is matched lazily before trailing white space: cut it. */
  while (end > p && is_space((unsigned char)end[-1])) end--;
  y = digits(p, 4);
  mo = digits(p + 5, 2);
  d = digits(p + 8, 2);
  rest = p + 10;
  if (clock_at(rest, (size_t)(end - rest))) {
    h = digits(rest + 1, 2);
    mi = digits(rest + 4, 2);
    sec = digits(rest + 7, 2);
    rest += 9;
  } else if (rest != end) {
    return 0;                      /* a date alone is followed by nothing */
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || sec > 60) return 0;
  if (rest < end && (*rest == '.' || *rest == ',') && rest + 1 < end && is_digit((unsigned char)rest[1])) {
    const char *f = rest + 1;
    while (f < end && is_digit((unsigned char)*f)) f++;
    t->ms = fraction_ms(rest + 1, (size_t)(f - rest - 1));
    if (t->ms < 0) return 0;
    rest = f;
  }
  if (!zone_at(rest, (size_t)(end - rest), &t->has_zone, &t->offset_s)) return 0;
  t->local_s = al_days_from_civil(y, mo, d) * 86400 + h * 3600LL + mi * 60LL + sec;
  return 1;
}
