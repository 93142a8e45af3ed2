#define _GNU_SOURCE
#include "wraps.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

ssize_t __real_write(int fd, const void *buf, size_t n);
int __real_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned flags);
int __real_rename(const char *oldpath, const char *newpath);
int __real_link(const char *oldpath, const char *newpath);
int __real_fsync(int fd);

static struct { int armed, ok_calls, err, calls; } wraps[AL_WRAP_COUNT];

void al_fail_after(enum al_wrap which, int ok_calls, int err) {
  wraps[which].armed = 1;
  wraps[which].ok_calls = ok_calls;
  wraps[which].err = err;
  wraps[which].calls = 0;
}

void al_fail_reset(void) {
  for (int i = 0; i < AL_WRAP_COUNT; i++)
    wraps[i].armed = wraps[i].calls = 0;
}

int al_wrap_calls(enum al_wrap which) { return wraps[which].calls; }

/* 1 when this call must fail (errno set). */
static int injected(enum al_wrap which) {
  wraps[which].calls++;
  if (wraps[which].armed && wraps[which].calls > wraps[which].ok_calls) {
    errno = wraps[which].err;
    return 1;
  }
  return 0;
}

ssize_t __wrap_write(int fd, const void *buf, size_t n) {
  /* stdout/stderr stay untouched so cmocka can still report. */
  if (fd > 2 && injected(AL_WRAP_WRITE)) return -1;
  return __real_write(fd, buf, n);
}

int __wrap_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned flags) {
  if (injected(AL_WRAP_RENAME)) return -1;
  return __real_renameat2(olddirfd, oldpath, newdirfd, newpath, flags);
}

int __wrap_rename(const char *oldpath, const char *newpath) {
  if (injected(AL_WRAP_RENAME)) return -1;
  return __real_rename(oldpath, newpath);
}

int __wrap_link(const char *oldpath, const char *newpath) {
  if (injected(AL_WRAP_LINK)) return -1;
  return __real_link(oldpath, newpath);
}

int __wrap_fsync(int fd) {
  if (injected(AL_WRAP_FSYNC)) return -1;
  return __real_fsync(fd);
}
