/*
** isotime: ISO 8601 / RFC 3339 date-times as test reports write them, parsed exactly as
** stdlib/allure/time.lua's Lua parse does (time.iso): "2024-05-06T07:08:09", a space for
** the "T", an optional fraction after "." or "," (any number of digits, rounded to ms as
** Lua rounds tonumber("0." .. digits) * 1000 + 0.5), then "Z"/"z", "+hh:mm", "+hhmm",
** "+hh" or nothing; a date alone ("2024-05-06"); white space around. Fields are range
** checked as the Lua parse checks them (month 1-12, day 1-31, hour <= 24, minute <= 59,
** second <= 60), nothing more. Pure C, no Lua.
*/
#ifndef AL_ISOTIME_H
#define AL_ISOTIME_H

#include <stddef.h>

struct al_isotime {
  long long local_s;   /* seconds from 1970-01-01T00:00:00 of the wall clock written */
  int ms;              /* the fraction in ms, 0..1000 */
  int has_zone;        /* a zone was written ("Z" or an offset) */
  long offset_s;       /* that zone, seconds east of UTC (0 without one) */
};

/* Parses s (n bytes, NUL bytes allowed and never part of a date-time). Returns 1 and fills
 * *t, or 0 when s is not a date-time time.iso reads. */
int al_isotime_parse(const char *s, size_t n, struct al_isotime *t);

/* Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
long long al_days_from_civil(long long y, int m, int d);

#endif
