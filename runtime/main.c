#include <signal.h>

#include "al.h"

/* A run stopped by a signal ends by it (after its clean-up), as a shell expects. */
int main(int argc, char **argv) {
  int status = al_main(argc, argv), sig = al_stopped_by();
  if (sig > 0) {
    signal(sig, SIG_DFL);
    raise(sig);
  }
  return status;
}
