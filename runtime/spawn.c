/*
** Running the test command of `allure-lua run SCRIPT -- COMMAND`: host.spawn starts it with
** its output going through a tee to the terminal and to the converter's standard input,
** host.wait reaps it. While it runs, signals are forwarded to it (signals.h).
*/
#define _GNU_SOURCE
#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lauxlib.h>

#include "signals.h"

/* {--------------------------------------------------------------------
** Running the test command (allure-lua run SCRIPT -- COMMAND)
** --------------------------------------------------------------------- */

/* The signals a run handles, back to their defaults in a child, then unblocked (they were
** blocked around the forks: a signal there is forwarded once the pids are known). */
static void child_signals(int ignore) {
  sigset_t set;
  al_signals_set(&set);
  for (int sig = 1; sig < NSIG; sig++)
    if (sigismember(&set, sig) == 1) signal(sig, ignore ? SIG_IGN : SIG_DFL);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* The tee: copies the command's output to our stdout (the terminal) and to the pipe the
** converter reads as its standard input. If the converter stops reading, the tee keeps
** echoing and draining, so the command never blocks on a full pipe. It ignores SIGINT,
** SIGTERM and SIGHUP: it ends when the command's output does, so that all of it is
** converted. Never returns. */
static void run_tee(int from, int to) {
  char buf[65536];
  ssize_t n;
  signal(SIGPIPE, SIG_IGN);
  child_signals(1);
  while ((n = read(from, buf, sizeof buf)) != 0) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (ssize_t off = 0; off < n;) {        /* the terminal copy */
      ssize_t w = write(1, buf + off, (size_t)(n - off));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) break;
      off += w;
    }
    for (ssize_t off = 0; to >= 0 && off < n;) {
      ssize_t w = write(to, buf + off, (size_t)(n - off));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) { close(to); to = -1; break; }  /* reader gone: keep draining */
      off += w;
    }
  }
  _exit(0);
}

/* Whether we are the terminal's foreground job (an interactive shell ran us): then the
** command stays in our process group, where it may read the terminal and gets Ctrl-C,
** Ctrl-Z and Ctrl-\ from it directly, as if the shell had run it. Otherwise (CI, a script,
** a pipe) it leads a process group of its own, and what we are sent goes to all of it,
** the processes it starts included. */
static int terminal_job(void) {
  return isatty(0) && tcgetpgrp(0) == getpgrp();
}

/* host.spawn({argv...}) -> pid, tee_pid | nil, err: starts the command with its stdout
** going through a tee to the terminal and to our fd 0, which the converter then reads as
** standard input. SIGINT, SIGTERM and SIGHUP go on to the command until host.wait(pid). */
static int host_spawn(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  int argc = (int)luaL_len(L, 1);
  luaL_argcheck(L, argc > 0, 1, "empty command");
  const char **argv = lua_newuserdatauv(L, sizeof(char *) * (size_t)(argc + 1), 0);
  for (int i = 0; i < argc; i++) {
    lua_geti(L, 1, i + 1);
    argv[i] = luaL_checkstring(L, -1);
    lua_pop(L, 1);                               /* the table keeps the string alive */
  }
  argv[argc] = NULL;
  int out[2], feed[2], e, own_group = !terminal_job();
  sigset_t handled, old;
  if (pipe2(out, O_CLOEXEC) != 0) goto fail;
  if (pipe2(feed, O_CLOEXEC) != 0) {
    close(out[0]); close(out[1]);
    goto fail;
  }
  fflush(stdout);
  fflush(stderr);
  al_signals_set(&handled);
  sigprocmask(SIG_BLOCK, &handled, &old);
  pid_t cmd = fork();
  if (cmd < 0) {
    e = errno;
    sigprocmask(SIG_SETMASK, &old, NULL);
    close(out[0]); close(out[1]); close(feed[0]); close(feed[1]);
    errno = e;
    goto fail;
  }
  if (cmd == 0) {                                /* the command: stdout into the tee */
    if (own_group) setpgid(0, 0);
    child_signals(0);
    dup2(out[1], 1);
    execvp(argv[0], (char *const *)argv);
    fprintf(stderr, "allure-lua: %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  if (own_group) setpgid(cmd, cmd);              /* both sides: no race with the exec */
  al_signals_forward(cmd, own_group);
  pid_t tee = fork();
  if (tee == 0) {
    close(out[1]);
    close(feed[0]);
    run_tee(out[0], feed[1]);
  }
  e = errno;
  sigprocmask(SIG_SETMASK, &old, NULL);          /* a signal that came meanwhile: forwarded now */
  close(out[0]);
  close(out[1]);
  close(feed[1]);
  if (tee < 0) {
    close(feed[0]);
    al_signals_forward(0, 0);
    kill(own_group ? -cmd : cmd, SIGTERM);
    waitpid(cmd, NULL, 0);
    errno = e;
    goto fail;
  }
  dup2(feed[0], 0);                              /* the converter reads the command's output */
  close(feed[0]);
  lua_pushinteger(L, cmd);
  lua_pushinteger(L, tee);
  return 2;
fail:
  luaL_pushfail(L);
  lua_pushfstring(L, "%s: %s", argv[0], strerror(errno));
  return 2;
}

/* host.wait(pid) -> exit status (128 + signal number for a signal, as shells report it).
** Once the command is reaped, signals are no longer forwarded: its pid may be reused. */
static int host_wait(lua_State *L) {
  pid_t pid = (pid_t)luaL_checkinteger(L, 1);
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return luaL_error(L, "waitpid: %s", strerror(errno));
  }
  al_signals_forward_done(pid);
  lua_pushinteger(L, WIFEXITED(status) ? WEXITSTATUS(status)
                     : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1);
  return 1;
}

void al_spawn_register(lua_State *L) {
  static const luaL_Reg spawn_funcs[] = {{"spawn", host_spawn}, {"wait", host_wait}, {NULL, NULL}};
  luaL_setfuncs(L, spawn_funcs, 0);
}
