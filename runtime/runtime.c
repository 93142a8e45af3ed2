/*
** The Lua host of allure-lua: builds the state (allocator, limits, signals), runs the
** driver (or a --run file) inside one protected call with a C traceback handler (as lua.c
** does), reports what ended it. The loader is loader.c, allure.host host.c, the test
** command spawn.c.
*/
#define _GNU_SOURCE
#include "runtime.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include <lauxlib.h>

#include "al.h"
#include "pool.h"
#include "signals.h"

/* {====================================================================
** Errors
** ===================================================================== */

/* A chunk of the bundled or overriding stdlib ("stdlib/allure/driver.lua"). */
static int is_stdlib(const char *src) { return strncmp(src, "stdlib/", 7) == 0; }

/* A native function (the writer) raised naming a field a script got wrong, and luaL_error
** put the place of its caller in front: a stdlib line (the driver's ctx:emit). The script's
** own file:line is what its author needs: the first Lua frame outside stdlib/ replaces it
** (the traceback after still shows the whole way). Any other message is returned as is. */
static const char *blame_script(lua_State *L, const char *msg) {
  lua_Debug ar;
  char where[LUA_IDSIZE + 32];
  size_t n;
  if (!lua_getstack(L, 1, &ar) || !lua_getinfo(L, "S", &ar) || strcmp(ar.what, "C") != 0)
    return msg;
  if (!lua_getstack(L, 2, &ar) || !lua_getinfo(L, "Sl", &ar) || !is_stdlib(ar.short_src))
    return msg;
  snprintf(where, sizeof where, "%s:%d: ", ar.short_src, ar.currentline);
  n = strlen(where);
  if (strncmp(msg, where, n) != 0) return msg;
  for (int level = 3; lua_getstack(L, level, &ar); level++) {
    if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0 && !is_stdlib(ar.short_src))
      return lua_pushfstring(L, "%s:%d: %s", ar.short_src, ar.currentline, msg + n);
  }
  return msg;
}

/* Message handler: adds a C traceback to string errors. Tables that carry an `exit` status
** (input/output errors raised on purpose by the driver) pass through untouched. */
static int msghandler(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (lua_type(L, 1) == LUA_TTABLE && lua_getfield(L, 1, "exit") == LUA_TNUMBER) {
      lua_pop(L, 1);
      return 1;
    }
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
      return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  msg = blame_script(L, msg);
  if (lua_getfield(L, LUA_REGISTRYINDEX, AL_CTX_KEY) == LUA_TSTRING)
    msg = lua_pushfstring(L, "%s (%s)", msg, lua_tostring(L, -1));
  luaL_traceback(L, L, msg, 1);
  return 1;
}

int al_pcall(lua_State *L, int nargs, int nres) {
  int base = lua_gettop(L) - nargs;
  int status;
  lua_pushcfunction(L, msghandler);
  lua_insert(L, base);
  status = lua_pcall(L, nargs, nres, base);
  lua_remove(L, base);
  return status;
}

int al_report(lua_State *L) {
  int status = AL_EXIT_SCRIPT;
  if (lua_type(L, -1) == LUA_TTABLE) {
    if (lua_getfield(L, -1, "exit") == LUA_TNUMBER)
      status = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    lua_getfield(L, -1, "message");              /* stack: err, err.message */
    lua_remove(L, -2);
  }
  fprintf(stderr, "allure-lua: %s\n", lua_isstring(L, -1) ? lua_tostring(L, -1) : "(no message)");
  fflush(stderr);
  lua_pop(L, 1);
  return status;
}

/* }==================================================================== */

/* {====================================================================
** Running a configuration
** ===================================================================== */

static void push_strings(lua_State *L, const char **v, int n) {
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    lua_pushstring(L, v[i]);
    lua_rawseti(L, -2, i + 1);
  }
}

#define SETBOOL(f) (lua_pushboolean(L, cfg->f), lua_setfield(L, -2, #f))

/* The configuration as the driver's argument table. */
static void push_config(lua_State *L, const struct al_config *cfg, const char **dirs, int n_dirs) {
  lua_newtable(L);
  lua_pushstring(L, cfg->output);
  lua_setfield(L, -2, "output");
  if (cfg->script) {
    lua_pushstring(L, cfg->script);
    lua_setfield(L, -2, "script");
  }
  push_strings(L, cfg->inputs, cfg->n_inputs);
  lua_setfield(L, -2, "inputs");
  push_strings(L, cfg->opts, cfg->n_opts);
  lua_setfield(L, -2, "opts");
  lua_createtable(L, cfg->n_settings, 0);       /* settings: { {name, value}, ... } */
  for (int i = 0; i < cfg->n_settings; i++) {
    lua_createtable(L, 2, 0);
    lua_pushstring(L, cfg->settings[2 * i]);
    lua_rawseti(L, -2, 1);
    lua_pushstring(L, cfg->settings[2 * i + 1]);
    lua_rawseti(L, -2, 2);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "settings");
  if (cfg->summary_json) {
    lua_pushstring(L, cfg->summary_json);
    lua_setfield(L, -2, "summary_json");
  }
  if (cfg->summary_md) {
    lua_pushstring(L, cfg->summary_md);
    lua_setfield(L, -2, "summary_md");
  }
  if (cfg->command) {
    push_strings(L, (const char **)cfg->command, cfg->n_command);
    lua_setfield(L, -2, "command");
  }
  push_strings(L, dirs, n_dirs);
  lua_setfield(L, -2, "dirs");
  SETBOOL(clean); SETBOOL(deterministic); SETBOOL(quiet); SETBOOL(verbose);
  SETBOOL(list); SETBOOL(help); SETBOOL(print_path); SETBOOL(no_env); SETBOOL(env_from_ci);
  SETBOOL(fail_on_empty);
  lua_pushstring(L, AL_VERSION);
  lua_setfield(L, -2, "version");
}

/* Search directories: -I dirs, then $ALLURE_LUA_PATH (";;" = the defaults), or the defaults:
** $XDG_CONFIG_HOME/allure-lua/scripts (or ~/.config/...). -E ignores the environment. */
static int search_dirs(lua_State *L, const struct al_config *cfg, const char ***out) {
  const char *env = cfg->no_env ? NULL : getenv("ALLURE_LUA_PATH");
  const char *xdg = cfg->no_env ? NULL : getenv("XDG_CONFIG_HOME");
  const char *home = cfg->no_env ? NULL : getenv("HOME");
  int n = 0;
  lua_newtable(L);                               /* keeps the strings alive */
  for (int i = 0; i < cfg->n_includes; i++) {
    lua_pushstring(L, cfg->includes[i]);
    lua_rawseti(L, -2, ++n);
  }
  const char *defaults = NULL;
  if (xdg && *xdg) defaults = lua_pushfstring(L, "%s/allure-lua/scripts", xdg);
  else if (home && *home) defaults = lua_pushfstring(L, "%s/.config/allure-lua/scripts", home);
  if (defaults) lua_insert(L, -2);               /* stack: [defaults], dirs */
  if (env) {
    /* As Lua's setpath: the first ";;" stands for the defaults, empty entries are skipped. */
    const char *mark = strstr(env, ";;");
    const char *p = env;
    for (;;) {
      const char *e = strchr(p, ';');
      if (mark && (e == NULL || e > mark)) e = mark;
      size_t len = e ? (size_t)(e - p) : strlen(p);
      if (len > 0) {
        lua_pushlstring(L, p, len);
        lua_rawseti(L, -2, ++n);
      }
      if (e == NULL) break;
      if (e == mark) {
        if (defaults) {
          lua_pushstring(L, defaults);
          lua_rawseti(L, -2, ++n);
        }
        mark = NULL;
        p = e + 2;
      } else {
        p = e + 1;
      }
    }
  } else if (defaults) {
    lua_pushstring(L, defaults);
    lua_rawseti(L, -2, ++n);
  }
  *out = lua_newuserdatauv(L, sizeof(char *) * (size_t)(n + 1), 0);
  lua_insert(L, -2);                             /* stack: [defaults], ud, dirs */
  for (int i = 0; i < n; i++) {
    lua_rawgeti(L, -1, i + 1);
    (*out)[i] = lua_tostring(L, -1);
    lua_setfield(L, -2, (*out)[i]);              /* anchor: dirs[s] = s */
  }
  return n;
}

/* The base library's pcall and xpcall, but a stop (a signal, --timeout) goes through them. */
static int stop_pcall(lua_State *L);
static int stop_xpcall(lua_State *L);

/* pmain: everything that can raise runs here, under al_pcall. */
static int pmain(lua_State *L) {
  const struct al_config *cfg = lua_touserdata(L, 1);
  const char **dirs;
  int n_dirs = search_dirs(L, cfg, &dirs);
  al_open_runtime(L, dirs, n_dirs);
  lua_pushcfunction(L, stop_pcall);
  lua_setglobal(L, "pcall");
  lua_pushcfunction(L, stop_xpcall);
  lua_setglobal(L, "xpcall");

  if (cfg->run_file) {                           /* --run FILE ARGS: a plain Lua program */
    lua_createtable(L, cfg->n_run_args, 1);
    lua_pushstring(L, cfg->run_file);
    lua_rawseti(L, -2, 0);
    for (int i = 0; i < cfg->n_run_args; i++) {
      lua_pushstring(L, cfg->run_args[i]);
      lua_rawseti(L, -2, i + 1);
    }
    lua_setglobal(L, "arg");
    if (luaL_loadfilex(L, cfg->run_file, "t") != LUA_OK) {
      lua_newtable(L);                           /* a missing file is a usage error */
      lua_insert(L, -2);
      lua_setfield(L, -2, "message");
      lua_pushinteger(L, AL_EXIT_USAGE);
      lua_setfield(L, -2, "exit");
      return lua_error(L);
    }
    for (int i = 0; i < cfg->n_run_args; i++)
      lua_pushstring(L, cfg->run_args[i]);
    lua_call(L, cfg->n_run_args, 1);
    return 1;
  }
  lua_getglobal(L, "require");
  lua_pushliteral(L, "allure.driver");
  lua_call(L, 1, 1);
  lua_getfield(L, -1, "main");
  push_config(L, cfg, dirs, n_dirs);
  lua_call(L, 1, 1);
  return 1;
}

/* {====================================================================
** Limits: a script that loops forever or allocates without bound is stopped with a clear
** message (exit AL_EXIT_LIMIT); the results it wrote before stay, each complete.
** ===================================================================== */

struct al_limits {
  size_t used, cap;          /* Lua heap bytes; cap 0 = none */
  double deadline;           /* monotonic seconds; 0 = none */
  double timeout, max_mb;    /* as given, for the message */
  int hit;                   /* 1 memory, 2 time */
  struct al_pool pool;       /* the state's small blocks */
};

static double monotonic(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The default allocator with a count: past the cap an allocation fails, and Lua raises
** its memory error through the protected call. */
static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  struct al_limits *lim = ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    al_pool_realloc(&lim->pool, ptr, osize, 0);
    lim->used -= old;
    return NULL;
  }
  if (lim->cap && nsize > old && lim->used - old + nsize > lim->cap) {
    lim->hit = 1;
    return NULL;
  }
  void *p = al_pool_realloc(&lim->pool, ptr, osize, nsize);
  if (p) lim->used = lim->used - old + nsize;
  return p;
}

/* An error outside any protected call (never expected: everything runs in pmain). */
static int panic(lua_State *L) {
  const char *msg = lua_tostring(L, -1);
  fprintf(stderr, "allure-lua: PANIC: unprotected error in call to Lua API (%s)\n", msg ? msg : "?");
  return 0;                                      /* Lua then aborts */
}

/* Runs once, at the first instruction after the timer fired: raise. */
static void deadline_hook(lua_State *L, lua_Debug *ar) {
  struct al_limits *lim;
  (void)ar;
  lua_getallocf(L, (void **)&lim);
  lim->hit = 2;
  lua_sethook(L, NULL, 0, 0);                    /* so the error handling itself may run */
  luaL_error(L, "stopped after --timeout %f s", lim->timeout);
}

/* The deadline is a one-shot timer, not a count hook: any active hook sends every VM
** instruction through the slow path (about 2x). lua_sethook is safe in a signal handler. */
static lua_State *deadline_state;

static void on_deadline(int sig) {
  (void)sig;
  if (deadline_state) lua_sethook(deadline_state, deadline_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

static void arm_deadline(lua_State *L, double seconds) {
  struct itimerval it = {{0, 0}, {0, 0}};
  deadline_state = L;
  if (seconds <= 0) {
    setitimer(ITIMER_REAL, &it, NULL);           /* disarm */
    return;
  }
  signal(SIGALRM, on_deadline);
  it.it_value.tv_sec = (time_t)seconds;
  it.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
  if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0) it.it_value.tv_usec = 1;
  setitimer(ITIMER_REAL, &it, NULL);
}

/* }==================================================================== */

/* {====================================================================
** Signals: the first SIGINT, SIGTERM or SIGHUP stops the script at its next instruction
** (signals.h), unless the test command of `run` gets it instead.
** ===================================================================== */

static lua_State *interrupt_state;
static int interrupt_raised;

/* Raises once, then the hook is gone, so that __close handlers (a script's temp file
** removed) and the error handling run; a script's pcall cannot carry on past it, as
** stop_pcall raises it again. What ended the run is reported by al_run, from the signal. */
static void interrupt_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  interrupt_raised = 1;
  lua_newtable(L);
  lua_pushinteger(L, AL_EXIT_SIGNAL + al_signal_received());
  lua_setfield(L, -2, "exit");
  lua_pushliteral(L, "interrupted");
  lua_setfield(L, -2, "message");
  lua_error(L);
}

/* In the handler: lua_sethook is async-signal-safe (Lua's manual). */
static void interrupt_lua(int sig) {
  (void)sig;
  if (interrupt_state)
    lua_sethook(interrupt_state, interrupt_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

/* 1 once the run is being stopped: a signal meant for the script, or --timeout. */
static int stopping(lua_State *L) {
  struct al_limits *lim;
  lua_getallocf(L, (void **)&lim);
  return interrupt_raised || lim->hit == 2;
}

/* pcall and xpcall as lbaselib.c has them, but an error while the run is being stopped
** is raised again: a script's pcall does not swallow a signal's or --timeout's stop. */
static int finish_pcall(lua_State *L, int status, lua_KContext extra) {
  if (status != LUA_OK && status != LUA_YIELD) {
    if (stopping(L)) return lua_error(L);       /* the error object is on top */
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
  }
  return lua_gettop(L) - (int)extra;
}

/* pcall(f, ...) -> true, ... | false, err */
static int stop_pcall(lua_State *L) {
  luaL_checkany(L, 1);
  lua_pushboolean(L, 1);                         /* f, args -> true, f, args */
  lua_insert(L, 1);
  return finish_pcall(L, lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finish_pcall), 0);
}

/* xpcall(f, h, ...) -> true, ... | false, h(err) */
static int stop_xpcall(lua_State *L) {
  int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushboolean(L, 1);                         /* f, h, args -> f, h, true, f, args */
  lua_pushvalue(L, 1);
  lua_rotate(L, 3, 2);
  return finish_pcall(L, lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_pcall), 2);
}

static const char *signal_name(int sig) {
  switch (sig) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "a signal";
  }
}

static int stopped_by;

int al_stopped_by(void) { return stopped_by; }

void al_forget_stop(void) { stopped_by = 0; }

/* }==================================================================== */

int al_run(const struct al_config *cfg) {
  struct al_limits lim = {0};
  lim.timeout = cfg->timeout;
  lim.max_mb = cfg->max_memory;
  lim.cap = cfg->max_memory > 0 ? (size_t)(cfg->max_memory * 1024 * 1024) : 0;
  lim.deadline = cfg->timeout > 0 ? monotonic() + cfg->timeout : 0;
  lua_State *L = lua_newstate(limited_alloc, &lim);
  int status;
  if (L != NULL) {
    lua_atpanic(L, panic);
    if (lim.deadline > 0) arm_deadline(L, cfg->timeout);
  }
  if (L == NULL) {
    fprintf(stderr, "allure-lua: cannot create Lua state: not enough memory\n");
    return AL_EXIT_SCRIPT;
  }
  stopped_by = 0;
  interrupt_raised = 0;
  interrupt_state = L;
  al_signals_start(interrupt_lua);
  lua_pushcfunction(L, pmain);
  lua_pushlightuserdata(L, (void *)cfg);
  int failed = al_pcall(L, 1, 1) != LUA_OK;
  al_signals_quiet();                            /* the script is over: no more hooks */
  lua_sethook(L, NULL, 0, 0);
  int sig = al_signal_received();
  if (failed && sig && !al_signal_forwarded()) {
    lua_pop(L, 1);                               /* whatever the interruption raised */
    const char *ctx = lua_getfield(L, LUA_REGISTRYINDEX, AL_CTX_KEY) == LUA_TSTRING
                      ? lua_tostring(L, -1) : NULL;
    fprintf(stderr, "allure-lua: stopped by %s%s%s; the results written before are complete\n",
            signal_name(sig), ctx ? " " : "", ctx ? ctx : "");
    lua_pop(L, 1);
    status = AL_EXIT_SIGNAL + sig;
  } else if (failed) {
    if (lim.hit) {
      lim.cap = 0;                               /* room to report */
      lua_pop(L, 1);
      fprintf(stderr, "allure-lua: the script was stopped: %s; the results written before are complete\n",
              lim.hit == 1 ? "it used more than --max-memory" : "it ran longer than --timeout");
      fprintf(stderr, "allure-lua: limits: --timeout %g s, --max-memory %g MB (0 = none)\n",
              lim.timeout, lim.max_mb);
      status = AL_EXIT_LIMIT;
    } else {
      status = al_report(L);
    }
  } else {
    /* The driver returns an exit status; a --run file may return one, or nothing (0),
    ** or false (1), like os.exit. */
    if (lua_isinteger(L, -1)) status = (int)lua_tointeger(L, -1);
    else if (lua_isboolean(L, -1)) status = lua_toboolean(L, -1) ? 0 : 1;
    else status = AL_EXIT_OK;
  }
  if (sig && al_signal_forwarded()) {
    fprintf(stderr, "allure-lua: stopped by %s, with the command: what it printed until it ended is converted\n",
            signal_name(sig));
    status = AL_EXIT_SIGNAL + sig;
  }
  fflush(stdout);
  if (lim.deadline > 0) arm_deadline(NULL, 0);   /* no timer may outlive the state */
  lua_close(L);                                  /* the writer publishes what is queued */
  interrupt_state = NULL;
  al_signals_stop();
  al_pool_release(&lim.pool);
  if (al_signal_received()) {                    /* also one during the close */
    stopped_by = al_signal_received();
    status = AL_EXIT_SIGNAL + stopped_by;
  }
  return status;
}

/* }==================================================================== */
