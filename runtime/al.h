/* allure-lua host API: main.c is a shim over al_main() so tests can drive the CLI in-process. */
#ifndef AL_H
#define AL_H

/* Exit statuses (documented in docs/cli.md), the one list: Lua reads them as
 * require("allure.host").EXIT (host.c). A test that failed is not an error. */
enum al_exit {
  AL_EXIT_OK = 0,       /* every input converted */
  AL_EXIT_INPUT = 1,    /* at least one input malformed or refused; the others' results kept */
  AL_EXIT_USAGE = 2,    /* bad command line, unknown script or script option */
  AL_EXIT_SCRIPT = 3,   /* a script raised an error (reported with file:line and a traceback) */
  AL_EXIT_OUTPUT = 4,   /* the results directory could not be created or written */
  AL_EXIT_LIMIT = 5,    /* a script ran past --timeout or --max-memory */
  AL_EXIT_UNREADABLE = 6, /* an input is missing or cannot be read (a typo, a glob that matched nothing) */
  AL_EXIT_EMPTY = 7,    /* --fail-on-empty: no result at all was written */
  AL_EXIT_SIGNAL = 128  /* + N: stopped by signal N (SIGINT 130, SIGTERM 143, SIGHUP 129) */
};

/* Runs the command line; returns an al_exit status. Writes messages to stderr, and results only
 * through the writer. Reentrant: each call builds and closes its own lua_State. */
int al_main(int argc, char **argv);

/* After al_main: the signal that stopped the run (its status is AL_EXIT_SIGNAL + it), or 0.
 * main() ends by that signal, so that a calling shell sees how the run ended. */
int al_stopped_by(void);

#endif
