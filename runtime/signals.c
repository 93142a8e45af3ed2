/*
** signals: the handlers of SIGINT, SIGTERM and SIGHUP (see signals.h). The handler records
** the first signal and hands it on (to the script, or to the command of `run`); a second one
** removes the temp files in flight and ends the process by that signal, as the
** conventional 128+N. Only async-signal-safe calls in the handler: kill, unlinkat,
** sigaction, sigprocmask, raise, _exit.
*/
#define _GNU_SOURCE
#include "signals.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static const int handled[] = {SIGINT, SIGTERM, SIGHUP};
#define N_HANDLED (int)(sizeof handled / sizeof handled[0])

static struct sigaction saved[N_HANDLED];
static int installed[N_HANDLED];

static volatile sig_atomic_t received;      /* the first signal's number, 0 = none */
static volatile sig_atomic_t forwarded;     /* it went to the command */
static volatile sig_atomic_t forward_pid;   /* the command's pid, 0 = none */
static volatile sig_atomic_t forward_group; /* 1: to its process group */
static void (*volatile on_first)(int);
static pid_t owner;                         /* a forked child (tee, command) is not us */

/* {====================================================================
** Temp files in flight: a fixed table, claimed with an atomic compare-and-swap; a slot is
** read by the handler only when its state is READY (its name and fd written before).
** ===================================================================== */

enum { FREE, BUSY, READY };
#define N_TEMPS 32
static struct {
  int state;
  int dirfd;
  char name[32];
} temps[N_TEMPS];

void al_temp_track(int dirfd, const char *name) {
  for (int i = 0; i < N_TEMPS; i++) {
    int expect = FREE;
    if (__atomic_compare_exchange_n(&temps[i].state, &expect, BUSY, 0, __ATOMIC_ACQUIRE,
                                    __ATOMIC_RELAXED)) {
      temps[i].dirfd = dirfd;
      strncpy(temps[i].name, name, sizeof temps[i].name - 1);
      temps[i].name[sizeof temps[i].name - 1] = '\0';
      __atomic_store_n(&temps[i].state, READY, __ATOMIC_RELEASE);
      return;
    }
  }
}

void al_temp_untrack(const char *name) {
  for (int i = 0; i < N_TEMPS; i++) {
    if (__atomic_load_n(&temps[i].state, __ATOMIC_ACQUIRE) == READY &&
        strcmp(temps[i].name, name) == 0) {
      __atomic_store_n(&temps[i].state, FREE, __ATOMIC_RELEASE);
      return;
    }
  }
}

static void remove_temps(void) {
  for (int i = 0; i < N_TEMPS; i++)
    if (__atomic_load_n(&temps[i].state, __ATOMIC_ACQUIRE) == READY)
      unlinkat(temps[i].dirfd, temps[i].name, 0);
}

/* }==================================================================== */

static void forward(int sig, const siginfo_t *info) {
  pid_t pid = (pid_t)forward_pid;
  if (pid <= 0) return;
  if (forward_group) kill(-pid, sig);
  else if (info == NULL || info->si_code != SI_KERNEL) kill(pid, sig);   /* not the terminal's */
}

static void handler(int sig, siginfo_t *info, void *uc) {
  (void)uc;
  if (getpid() != owner) return;               /* a child between fork and exec */
  if (received) {
    /* The second: now. Killed by the signal itself, so a calling shell sees how we ended. */
    struct sigaction dfl;
    sigset_t set;
    forward(sig, info);
    remove_temps();
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(sig, &dfl, NULL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);
  }
  received = sig;
  if (forward_pid > 0) {
    forwarded = 1;
    forward(sig, info);
  }
  else if (on_first) on_first(sig);
}

void al_signals_start(void (*cb)(int)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;                    /* no SA_RESTART: blocked reads return EINTR */
  sigemptyset(&sa.sa_mask);
  for (int i = 0; i < N_HANDLED; i++) sigaddset(&sa.sa_mask, handled[i]);
  received = 0;
  forwarded = 0;
  forward_pid = 0;
  on_first = cb;
  owner = getpid();
  for (int i = 0; i < N_HANDLED; i++) {
    installed[i] = 0;
    if (sigaction(handled[i], NULL, &saved[i]) != 0) continue;
    if (saved[i].sa_handler == SIG_IGN) continue;  /* e.g. SIGINT of a background job */
    installed[i] = sigaction(handled[i], &sa, NULL) == 0;
  }
}

void al_signals_quiet(void) { on_first = NULL; }

void al_signals_stop(void) {
  on_first = NULL;
  forward_pid = 0;
  for (int i = 0; i < N_HANDLED; i++) {
    if (installed[i]) sigaction(handled[i], &saved[i], NULL);
    installed[i] = 0;
  }
}

int al_signal_received(void) { return (int)received; }

int al_signal_forwarded(void) { return (int)forwarded; }

int al_read_interrupted(void) { return received != 0 && forward_pid == 0; }

void al_signals_forward(pid_t pid, int group) {
  forward_group = group;
  forward_pid = pid;
}

void al_signals_forward_done(pid_t pid) {
  if (forward_pid == pid) forward_pid = 0;
}

void al_signals_set(sigset_t *set) {
  sigemptyset(set);
  for (int i = 0; i < N_HANDLED; i++) sigaddset(set, handled[i]);
}
