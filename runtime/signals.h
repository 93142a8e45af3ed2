/*
** signals: what SIGINT, SIGTERM and SIGHUP do during a run. Pure C, no Lua: the Lua side is
** reached through the callback given to al_signals_start (runtime.c sets a hook there).
**
** The first signal is recorded (al_signal_received) and then either
**  - handed to the callback, which stops the script at its next instruction: reads stop
**    (al_read_interrupted), files queued are published, temp files removed, exit 128+N; or,
**  - while a command runs (allure-lua run, al_signals_forward), forwarded to the command's
**    process group: reading goes on until the command's output ends, it is converted, and
**    the run ends with 128+N.
** A second signal ends the process at once: it is forwarded too, the temp files being
** written (al_temp_track) are removed, and the process is killed by that signal.
** Everything a handler touches is a sig_atomic_t or a fixed table: async-signal-safe.
*/
#ifndef AL_SIGNALS_H
#define AL_SIGNALS_H

#include <signal.h>
#include <sys/types.h>

/* Installs the handlers (without SA_RESTART, so a blocked read returns EINTR) for the
 * signals not ignored when the run started (a background job's SIGINT stays ignored) and
 * forgets any earlier signal. on_first(signo) runs inside the handler for the first signal
 * when no command is being forwarded to; it must be async-signal-safe (lua_sethook is). */
void al_signals_start(void (*on_first)(int signo));

/* Stops calling on_first (the script has ended), keeps handling. */
void al_signals_quiet(void);

/* Restores the dispositions al_signals_start replaced. */
void al_signals_stop(void);

/* The first signal received since al_signals_start, or 0. */
int al_signal_received(void);

/* 1 when that signal went to the command of `run` (which then ended on its own). */
int al_signal_forwarded(void);

/* 1 when reading should stop: a signal came and no command is being forwarded to (reads
 * retried on EINTR check it; fs.h al_read_some). */
int al_read_interrupted(void);

/* From now on signals go to the command: to process group -pid when group is set (the
 * command leads a group of its own), else to pid alone, and then only the signals a
 * process sent (the terminal's reach the command by itself: same foreground group).
 * pid 0: no command any more. */
void al_signals_forward(pid_t pid, int group);

/* The command pid was reaped: no more forwarding to it (its pid may be reused). */
void al_signals_forward_done(pid_t pid);

/* The signals the handlers take, as a set for sigprocmask around fork. */
void al_signals_set(sigset_t *set);

/* Temp files a second signal removes. track: before the file is created (a name that never
 * got created costs an ENOENT); untrack: once it was renamed into place or removed. Safe
 * from any thread; a full table only means the file is not tracked. */
void al_temp_track(int dirfd, const char *name);
void al_temp_untrack(const char *name);

#endif
