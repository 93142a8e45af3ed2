/* A bundled script end to end through the CLI: input bytes -> results in a temp directory.
 * Compiled once per script with -DFUZZ_SCRIPT="junit". Any exit status but a script error (3)
 * or a crash is fine: bad input must be reported, never raise. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "al.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char out[64];

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st; (void)flag; (void)ftw;
  remove(path);
  return 0;
}

/* The results directory goes when the process ends: replays run in every test run. */
static void remove_out(void) {
  if (out[0] != '\0') nftw(out, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[64];
  if (out[0] == '\0') {
    snprintf(out, sizeof out, "/dev/shm/al-fuzz-%d", (int)getpid());
    mkdir(out, 0700);
    atexit(remove_out);
  }
  int fd = al_fuzz_file(data, size, path);
  if (fd < 0) return 0;
  char *argv[] = {(char *)"allure-lua", (char *)"-q", (char *)"-E", (char *)"--clean", (char *)"-o", out,
                  (char *)FUZZ_SCRIPT, path, NULL};
  FILE *saved = stderr;
  stderr = fopen("/dev/null", "w");                 /* messages about bad input are expected */
  int status = al_main(8, argv);
  fclose(stderr);
  stderr = saved;
  close(fd);
  if (status == AL_EXIT_SCRIPT) __builtin_trap();    /* a converter raised on data */
  return 0;
}
