/* Runs the whole CLI in-process (al_main) with its standard output and error captured, for
 * the tests that drive allure-lua as a user would (test_cli, test_oom). Header-only. */
#ifndef AL_TEST_LCAPTURE_H
#define AL_TEST_LCAPTURE_H

#include <stdio.h>
#include <unistd.h>

#include "al.h"

/* The whole of fd (from its start) into buf, NUL-terminated, cut to size - 1 bytes. */
static void capture_slurp(int fd, char *buf, size_t size) {
  ssize_t n;
  size_t len = 0;
  lseek(fd, 0, SEEK_SET);
  while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) > 0) len += (size_t)n;
  buf[len] = '\0';
}

/* al_main(argc, argv) with fds 1 and 2 sent to temporary files, then read into out and err
 * (either may be NULL: not kept). Returns al_main's status. */
static int capture_main(int argc, char **argv, char *out, size_t out_size, char *err, size_t err_size) {
  fflush(stdout);
  fflush(stderr);
  int saved_out = dup(1), saved_err = dup(2);
  FILE *fout = tmpfile(), *ferr = tmpfile();
  dup2(fileno(fout), 1);
  dup2(fileno(ferr), 2);
  int status = al_main(argc, argv);
  fflush(stdout);
  fflush(stderr);
  dup2(saved_out, 1);
  dup2(saved_err, 2);
  close(saved_out);
  close(saved_err);
  if (out) capture_slurp(fileno(fout), out, out_size);
  if (err) capture_slurp(fileno(ferr), err, err_size);
  fclose(fout);
  fclose(ferr);
  return status;
}

#endif
