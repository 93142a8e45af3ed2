/* A bundled script end to end through the CLI: input bytes -> results in a temp directory.
 * Compiled once per script with -DFUZZ_SCRIPT="junit". Any exit status but a script error (3)
 * or a crash is fine: bad input must be reported, never raise. */
#include <stdlib.h>
#include <sys/stat.h>

#include "al.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char out[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[64];
  if (out[0] == '\0') {
    snprintf(out, sizeof out, "/dev/shm/al-fuzz-%d", (int)getpid());
    mkdir(out, 0700);
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
