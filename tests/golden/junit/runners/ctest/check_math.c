/* Small checks for the ctest runner: `check_math add|divide|crash`. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  if (strcmp(what, "add") == 0) {
    printf("2 + 2 = %d\n", 2 + 2);
    return 0;
  }
  if (strcmp(what, "divide") == 0) {
    int got = 7 / 2;
    printf("7 / 2 = %d\n", got);
    fprintf(stderr, "check_math.c:13: expected 3.5, got %d\n", got);
    return 1;
  }
  if (strcmp(what, "crash") == 0) {
    fprintf(stderr, "about to crash\n");
    fflush(stderr);
    raise(SIGSEGV);
  }
  return 2;
}
