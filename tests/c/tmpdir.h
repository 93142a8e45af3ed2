/* The unit tests' scratch directories, one fixture for all of tests/c: a fresh directory
 * made with mkdtemp and removed with everything below it. Pure C (no Lua, no cmocka), so
 * the core units include it too. Header-only. */
#ifndef AL_TEST_TMPDIR_H
#define AL_TEST_TMPDIR_H
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

/* Makes base/al-TAG-XXXXXX (base NULL: $TMPDIR, else /tmp) and puts its path in buf.
 * 0, or -1 (buf too small, mkdtemp failed). */
static inline int al_tmpdir_make(char *buf, size_t size, const char *base, const char *tag) {
  if (base == NULL) base = getenv("TMPDIR");
  if (base == NULL || *base == '\0') base = "/tmp";
  if ((size_t)snprintf(buf, size, "%s/al-%s-XXXXXX", base, tag) >= size) return -1;
  return mkdtemp(buf) != NULL ? 0 : -1;
}

static int al_tmpdir_rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st; (void)flag; (void)ftw;
  return remove(path);
}

/* Removes dir and everything below it, following no symlink. 0 or -1. */
static inline int al_tmpdir_remove(const char *dir) {
  return nftw(dir, al_tmpdir_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
