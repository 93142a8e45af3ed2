/* The Lua host, shared by its files: runtime.c (the state, its limits and signals, the one
 * protected call, al_run), loader.c (al_open_runtime), host.c (require "allure.host") and
 * spawn.c (host.spawn/wait). */
#ifndef AL_RUNTIME_H
#define AL_RUNTIME_H

#include <lua.h>

#include "embedded.h"

#define AL_CTX_KEY "allure.ctx"   /* registry: what the run is doing, for error messages */

/* What the command line asked for; filled by cli.c, read by al_run(). Strings are borrowed
 * from argv and the environment. */
struct al_config {
  const char *output;              /* results directory */
  const char *script;              /* name or path; NULL with --list/--help alone */
  const char **inputs;             /* files, directories, "-" */
  int n_inputs;
  const char **includes;           /* -I DIR, in order */
  int n_includes;
  const char **opts;               /* --opt KEY=VALUE, as given */
  int n_opts;
  /* Run-wide settings, in command-line order: pairs of (option name, value), e.g.
   * ("label", "owner=alice"), ("rules", "team.lua"), ("env", "OS=linux"). */
  const char **settings;
  int n_settings;
  char **command;                  /* allure-lua run SCRIPT -- COMMAND...: the test command */
  int n_command;
  const char *run_file;            /* --run FILE: a plain Lua file instead of a converter */
  char **run_args;
  int n_run_args;
  const char *summary_json;        /* --summary-json FILE */
  const char *summary_md;          /* --summary-md FILE (Markdown job summary) */
  double timeout;                  /* --timeout SECONDS of script time; 0 = none */
  double max_memory;               /* --max-memory MB of Lua heap; 0 = none */
  int clean, deterministic, quiet, verbose, list, help, print_path, no_env, env_from_ci;
  int fail_on_empty;               /* --fail-on-empty: no result at all is AL_EXIT_EMPTY */
};

/* Builds a state, runs the driver (or --run file) inside one protected call, closes the
 * state. Returns an al_exit status; reports errors on stderr. */
int al_run(const struct al_config *cfg);

/* Forgets the signal that stopped an earlier run (al_stopped_by); al_main starts with it. */
void al_forget_stop(void);

/* Opens the libraries a converter may use and installs the loader: package.path from the
 * search directories, C searchers removed, native modules preloaded, the embedded searcher
 * after the file searcher, load/loadfile/dofile restricted to text chunks. `dirs` is the
 * ordered list of search directories. Raises on failure (call it protected). */
void al_open_runtime(lua_State *L, const char **dirs, int n_dirs);

/* The embedded file of that name ("stdlib/allure/time.lua"), or NULL (loader.c). */
const struct al_module *al_find_embedded(const char *rel);

/* Loads an embedded file with its real chunk name ("@stdlib/allure/time.lua"), as
 * luaL_loadbuffer does (loader.c). */
int al_load_embedded(lua_State *L, const struct al_module *m);

/* Adds spawn and wait to the table on top (spawn.c, for allure.host). */
void al_spawn_register(lua_State *L);

/* lua_pcall with the C traceback handler; on error leaves the message (or the exit-carrying
 * error table) on the stack. */
int al_pcall(lua_State *L, int nargs, int nres);

/* Prints the error on top of the stack as "allure-lua: msg" and returns the exit status it
 * carries (AL_EXIT_SCRIPT unless the error is a table with an integer `exit`). Pops it. */
int al_report(lua_State *L);

#endif
