/*
** writer: results directory, file naming, content types (see writer.h).
*/
#define _GNU_SOURCE
#include "writer.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

const char *const al_status_names[AL_NSTATUS + 1] = {"passed", "failed", "broken", "skipped",
                                                     "unknown", NULL};

/* Exact and case-sensitive: readers lower-case statuses, but a script writing "Passed"
 * has a bug the raise should show. */
int al_status_parse(const char *s, size_t n) {
  int i;
  for (i = 0; i < AL_NSTATUS; i++)
    if (strlen(al_status_names[i]) == n && memcmp(al_status_names[i], s, n) == 0) return i;
  return -1;
}

/* {======================================================================
** Opening and closing
** ======================================================================= */

int al_writer_open(struct al_writer *w, const char *dir, const struct al_writer_opts *o,
                   char *err, size_t errsz) {
  static const struct al_writer_opts defaults = {0, 0, 0, NULL, 0};
  if (o == NULL) o = &defaults;
  memset(&w->stats, 0, sizeof w->stats);
  memset(&w->repairs, 0, sizeof w->repairs);
  w->async = NULL;
  w->flags = o->fsync ? AL_PUB_FSYNC : 0;
  al_ids_init(&w->ids, o->deterministic, o->seed, o->seed_len);
  if (al_dir_open(&w->dir, dir, 1, err, errsz) != 0) return -1;
  if (o->clean && al_clean(&w->dir, err, errsz) != 0) {
    al_dir_close(&w->dir);
    return -1;
  }
  return 0;
}

void al_writer_repairs(struct al_writer *w, struct al_repairs *out) {
  *out = w->repairs;
  memset(&w->repairs, 0, sizeof w->repairs);
}

static void async_stop(struct al_writer *w);

void al_writer_close(struct al_writer *w) {
  async_stop(w);
  /* The renames are durable only once the directory itself is synced. */
  if (w->dir.fd >= 0 && (w->flags & AL_PUB_FSYNC)) fsync(w->dir.fd);
  al_dir_close(&w->dir);
}

int al_writer_uuid(struct al_writer *w, char out[AL_UUID_LEN + 1], char *err, size_t errsz) {
  return al_writer_uuid_mixed(w, NULL, 0, out, err, errsz);
}

int al_writer_uuid_mixed(struct al_writer *w, const void *mix, size_t n, char out[AL_UUID_LEN + 1],
                         char *err, size_t errsz) {
  if (al_uuid_mixed(&w->ids, mix, n, out) == 0) return 0;
  if (errsz > 0) snprintf(err, errsz, "uuid: no randomness from the kernel: %s", strerror(errno));
  return -1;
}

/* }====================================================================== */

/* {======================================================================
** Publishing
** ======================================================================= */

/* allure2 (>= 2.38) accepts an attachment source only within this set (path-traversal fix);
 * the same set keeps uuids usable in file names everywhere. */
static int valid_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '.' || c == '_' || c == '-';
}

/* A leading '.' would hide the file (and "." / ".." are not names). */
int al_uuid_ok(const char *s, size_t n) {
  size_t i;
  if (n == 0 || n > AL_UUID_MAX || s[0] == '.') return 0;
  for (i = 0; i < n; i++)
    if (!valid_char((unsigned char)s[i])) return 0;
  return 1;
}

int al_source_ok(const char *s, size_t n) {
  size_t i;
  if (n == 0 || n > AL_SOURCE_MAX) return 0;
  if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.')) return 0;
  for (i = 0; i < n; i++)
    if (!valid_char((unsigned char)s[i])) return 0;
  return 1;
}

/* {uuid}{suffix} into name (>= AL_UUID_MAX + 16 bytes), after checking the uuid. */
static int uuid_name(char *name, size_t size, const char *uuid, const char *suffix, char *err,
                     size_t errsz) {
  if (!al_uuid_ok(uuid, strlen(uuid))) {
    if (errsz > 0) snprintf(err, errsz, "invalid uuid \"%.80s\" in a file name", uuid);
    errno = EINVAL;
    return -1;
  }
  /* memcpy, not snprintf: this runs once per result. Sizes: uuid <= 64, suffix < 16. */
  {
    size_t n = strlen(uuid), k = strlen(suffix);
    if (n + k >= size) return -1;
    memcpy(name, uuid, n);
    memcpy(name + n, suffix, k + 1);
  }
  return 0;
}

/* What a published file counts as in the stats. */
enum kind { K_RESULT, K_CONTAINER, K_GLOBALS, K_ATTACHMENT };

static void count(struct al_writer *w, enum kind k, int status) {
  switch (k) {
    case K_RESULT:
      w->stats.results++;
      if ((unsigned)status < AL_NSTATUS) w->stats.status[status]++;
      break;
    case K_CONTAINER: w->stats.containers++; break;
    case K_GLOBALS: w->stats.globals++; break;
    case K_ATTACHMENT: w->stats.attachments++; break;
  }
}

static int enqueue(struct al_writer *w, enum kind k, int status, const char *name,
                   const void *buf, size_t len, char *err, size_t errsz);

/* The name is checked by the caller: publishes now, or queues when async. */
static int publish(struct al_writer *w, enum kind k, int status, const char *name,
                   const void *buf, size_t len, char *err, size_t errsz) {
  if (w->async != NULL) return enqueue(w, k, status, name, buf, len, err, errsz);
  if (al_publish(&w->dir, name, buf, len, w->flags, err, errsz) != 0) return -1;
  count(w, k, status);
  return 0;
}

int al_writer_result(struct al_writer *w, const char *uuid, enum al_status status,
                     const void *json, size_t len, char *err, size_t errsz) {
  char name[AL_UUID_MAX + 32];
  if (uuid_name(name, sizeof name, uuid, "-result.json", err, errsz) != 0) return -1;
  return publish(w, K_RESULT, (int)status, name, json, len, err, errsz);
}

int al_writer_container(struct al_writer *w, const char *uuid, const void *json, size_t len,
                        char *err, size_t errsz) {
  char name[AL_UUID_MAX + 32];
  if (uuid_name(name, sizeof name, uuid, "-container.json", err, errsz) != 0) return -1;
  return publish(w, K_CONTAINER, 0, name, json, len, err, errsz);
}

int al_writer_globals(struct al_writer *w, const char *uuid, const void *json, size_t len,
                      char *err, size_t errsz) {
  char name[AL_UUID_MAX + 32];
  if (uuid_name(name, sizeof name, uuid, "-globals.json", err, errsz) != 0) return -1;
  return publish(w, K_GLOBALS, 0, name, json, len, err, errsz);
}

static int check_source(const char *source, char *err, size_t errsz) {
  if (al_source_ok(source, strlen(source))) return 0;
  if (errsz > 0) snprintf(err, errsz, "invalid attachment file name \"%.120s\"", source);
  errno = EINVAL;
  return -1;
}

int al_writer_attachment(struct al_writer *w, const char *source, const void *buf, size_t len,
                         char *err, size_t errsz) {
  if (check_source(source, err, errsz) != 0) return -1;
  return publish(w, K_ATTACHMENT, 0, source, buf, len, err, errsz);
}

/* Copies are rare (a file a report points at) and their source may vanish: done here, after
 * the queue, so that a failure is this call's own and the order of files is kept. */
int al_writer_attachment_copy(struct al_writer *w, const char *source, const char *path,
                              char *err, size_t errsz) {
  if (check_source(source, err, errsz) != 0 || al_writer_flush(w, err, errsz) != 0 ||
      al_publish_copy(&w->dir, source, path, w->flags, err, errsz) != 0)
    return -1;
  count(w, K_ATTACHMENT, 0);
  return 0;
}

int al_writer_attachment_fd(struct al_writer *w, const char *source, int fd,
                            unsigned long long limit, const char *label, char *err,
                            size_t errsz) {
  if (check_source(source, err, errsz) != 0 || al_writer_flush(w, err, errsz) != 0 ||
      al_publish_copy_fd(&w->dir, source, fd, limit, label, w->flags, err, errsz) != 0)
    return -1;
  count(w, K_ATTACHMENT, 0);
  return 0;
}

int al_writer_attachment_stream(struct al_writer *w, const char *source,
                                long (*next)(void *ctx, const char **p, char *err, size_t errsz),
                                void *ctx, char *err, size_t errsz) {
  if (check_source(source, err, errsz) != 0 || al_writer_flush(w, err, errsz) != 0 ||
      al_publish_stream(&w->dir, source, next, ctx, w->flags, err, errsz) != 0)
    return -1;
  count(w, K_ATTACHMENT, 0);
  return 0;
}

/* Launch-level files describe the run as a whole: the last call wins. */
int al_writer_replace(struct al_writer *w, const char *name, const void *buf, size_t len,
                      char *err, size_t errsz) {
  if (al_writer_flush(w, err, errsz) != 0) return -1;
  return al_publish(&w->dir, name, buf, len, w->flags | AL_PUB_REPLACE, err, errsz);
}

/* }====================================================================== */

/* {======================================================================
** Background publishing
** ======================================================================= */

/* Bounds of the queue: a result is about 1 KiB, so the queue holds a few hundred files'
 * worth, enough to keep the publisher busy while the script produces the next ones. A
 * producer that finds it full waits until it is half empty (one wake-up per batch, not per
 * file); the publisher waits for BATCH files or WAIT_MS, so that results still reach a
 * watcher within milliseconds when they trickle in (a live `go test -json`). */
#define Q_MAX_FILES 512
#define Q_MAX_BYTES (4u << 20)
#define BATCH 32
#define WAIT_MS 10

struct item {
  struct item *next;
  enum kind kind;
  int status;
  size_t len;
  size_t cap;                /* bytes data can hold: items are recycled */
  char name[AL_SOURCE_MAX + 32];
  char data[];
};

/* Items are recycled instead of freed: the publisher hands published ones back, the producer
 * reuses them. A malloc of a result-sized block per file made glibc consolidate its fast bins
 * (full of the Lua state's small blocks) every time, and the free from the other thread
 * contended for the arena's lock. An item's room is a power of two, at least ITEM_MIN, so that
 * one fits the next files of about the same size; larger than ITEM_KEEP, it is freed after use. */
#define ITEM_MIN 1024
#define ITEM_KEEP (64u << 10)

struct al_async {
  pthread_mutex_t mu;
  pthread_cond_t more, room, idle;
  pthread_t thread;
  struct al_writer *w;
  struct item *head, *tail;
  size_t n, bytes;           /* queued, including a batch being published */
  struct item *returned;     /* published items, back to the producer (under mu) */
  struct item *spare;        /* the producer's own: no lock */
  int started;               /* the thread runs (started with the first file) */
  int quit, flushing;        /* close / flush are waiting: publish without delay */
  int busy;                  /* the thread is publishing items it took off the queue */
  int waiting_more, waiting_room;
  int failed;
  char err[1024];            /* the first failure */
  pid_t pid;                 /* the process that owns the thread (see flush_at_exit) */
  struct al_async *next_live;
};

/* Writers with a queue, so that exit() (os.exit in a script) still publishes everything. */
static pthread_mutex_t live_mu = PTHREAD_MUTEX_INITIALIZER;
static struct al_async *live;

static int over(const struct al_async *a, size_t files, size_t bytes) {
  return a->n >= files || a->bytes > bytes;
}

static void free_items(struct item *it) {
  while (it != NULL) {
    struct item *next = it->next;
    free(it);
    it = next;
  }
}

/* Takes up to BATCH items off the queue per lock and publishes them without it, in order;
 * they stay counted in n and bytes until published, so the bounds hold. After a failure the
 * rest of the batch is not published, as nothing queued after it is. */
static void *publisher(void *arg) {
  struct al_async *a = arg;
  struct al_writer *w = a->w;
  pthread_mutex_lock(&a->mu);
  for (;;) {
    struct item *batch, *last, *it;
    char err[sizeof a->err];
    int skip, failed = 0, k;
    size_t bytes = 0, published[K_ATTACHMENT + 1] = {0}, st[AL_NSTATUS] = {0};
    if (a->head == NULL && !a->quit) {
      a->waiting_more = 1;
      pthread_cond_wait(&a->more, &a->mu);
      a->waiting_more = 0;
      continue;
    }
    if (a->head == NULL) break;                  /* quit, and nothing left */
    if (a->n < BATCH && !a->quit && !a->flushing && !a->waiting_room) {
      /* A few files: give the producer a moment to add more, so that one wake-up serves
       * a batch. */
      struct timespec until;
      clock_gettime(CLOCK_REALTIME, &until);
      until.tv_nsec += WAIT_MS * 1000000L;
      if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
      }
      a->waiting_more = 1;
      pthread_cond_timedwait(&a->more, &a->mu, &until);
      a->waiting_more = 0;
    }
    batch = last = a->head;
    for (k = 1; k < BATCH && last->next != NULL; k++) last = last->next;
    a->head = last->next;
    if (a->head == NULL) a->tail = NULL;
    last->next = NULL;
    a->busy = 1;
    skip = a->failed;
    pthread_mutex_unlock(&a->mu);
    for (it = batch; it != NULL; it = it->next) {
      bytes += it->len;
      if (skip || failed) continue;
      if (al_publish(&w->dir, it->name, it->data, it->len, w->flags, err, sizeof err) != 0) {
        failed = 1;
        continue;
      }
      published[it->kind]++;
      if (it->kind == K_RESULT && (unsigned)it->status < AL_NSTATUS) st[it->status]++;
    }
    pthread_mutex_lock(&a->mu);
    a->n -= (size_t)k;
    a->bytes -= bytes;
    w->stats.results += published[K_RESULT];
    w->stats.containers += published[K_CONTAINER];
    w->stats.globals += published[K_GLOBALS];
    w->stats.attachments += published[K_ATTACHMENT];
    for (k = 0; k < AL_NSTATUS; k++) w->stats.status[k] += st[k];
    if (failed && !a->failed) {
      a->failed = 1;
      memcpy(a->err, err, sizeof err);
    }
    /* Back to the producer, but not the large ones. */
    while (batch != NULL) {
      it = batch;
      batch = it->next;
      if (it->cap > ITEM_KEEP) {
        free(it);
      } else {
        it->next = a->returned;
        a->returned = it;
      }
    }
    a->busy = 0;
    if (a->waiting_room && (a->failed || !over(a, Q_MAX_FILES / 2, Q_MAX_BYTES / 2))) {
      a->waiting_room = 0;
      pthread_cond_signal(&a->room);
    }
    if (a->head == NULL) pthread_cond_broadcast(&a->idle);
  }
  pthread_mutex_unlock(&a->mu);
  return NULL;
}

/* Waits (a->mu held) until the queue is empty and the thread idle; the failure, if any. */
static int drain(struct al_async *a, char *err, size_t errsz) {
  while (a->head != NULL || a->busy) {
    a->flushing = 1;
    if (a->waiting_more) {
      a->waiting_more = 0;
      pthread_cond_signal(&a->more);
    }
    pthread_cond_wait(&a->idle, &a->mu);
  }
  a->flushing = 0;
  if (!a->failed) return 0;
  if (errsz > 0) snprintf(err, errsz, "%s", a->err);
  return -1;
}

/* atexit: os.exit() from a script must not lose results already accepted. Not in a forked
 * child (the thread is not there). */
static void flush_at_exit(void) {
  struct al_async *a;
  pthread_mutex_lock(&live_mu);
  for (a = live; a != NULL; a = a->next_live) {
    if (a->pid != getpid() || !a->started) continue;
    pthread_mutex_lock(&a->mu);
    drain(a, NULL, 0);
    pthread_mutex_unlock(&a->mu);
  }
  pthread_mutex_unlock(&live_mu);
}

int al_writer_async(struct al_writer *w, char *err, size_t errsz) {
  static int registered;
  struct al_async *a;
  if (w->async != NULL) return 0;
  a = calloc(1, sizeof *a);
  if (a == NULL || pthread_mutex_init(&a->mu, NULL) != 0) {
    free(a);
    if (errsz > 0) snprintf(err, errsz, "background writer: %s", strerror(ENOMEM));
    return -1;
  }
  pthread_cond_init(&a->more, NULL);
  pthread_cond_init(&a->room, NULL);
  pthread_cond_init(&a->idle, NULL);
  a->w = w;
  a->pid = getpid();
  pthread_mutex_lock(&live_mu);
  if (!registered) registered = atexit(flush_at_exit) == 0;
  a->next_live = live;
  live = a;
  pthread_mutex_unlock(&live_mu);
  w->async = a;
  return 0;
}

/* Starts the thread with every signal blocked: SIGALRM (--timeout) and the others belong to
 * the thread running Lua. 0 or -1. */
static int start(struct al_async *a) {
  sigset_t all, old;
  int r;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  r = pthread_create(&a->thread, NULL, publisher, a);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (r != 0) return -1;
  a->started = 1;
  return 0;
}

/* An item for len bytes: a recycled one when the producer has one (no lock: the spare list is
 * the producer's own), else a new one. NULL: out of memory. */
static struct item *take_item(struct al_async *a, size_t len) {
  struct item *it = a->spare;
  size_t cap;
  if (it != NULL) {
    a->spare = it->next;
    if (it->cap >= len) return it;
    free(it);
  }
  cap = ITEM_MIN;
  while (cap < len && cap <= ITEM_KEEP) cap *= 2;
  if (cap < len) cap = len;
  it = malloc(sizeof *it + cap);
  if (it != NULL) it->cap = cap;
  return it;
}

static int enqueue(struct al_writer *w, enum kind k, int status, const char *name,
                   const void *buf, size_t len, char *err, size_t errsz) {
  struct al_async *a = w->async;
  struct item *it;
  size_t nl;
  if (!a->started && start(a) != 0) {
    /* No thread: publish here, now and from now on. */
    async_stop(w);
    return publish(w, k, status, name, buf, len, err, errsz);
  }
  /* The copy is made before taking the lock: the publisher is not held up by it. */
  it = take_item(a, len);
  if (it == NULL) {
    if (errsz > 0) snprintf(err, errsz, "%s/%s: %s", w->dir.path, name, strerror(ENOMEM));
    errno = ENOMEM;
    return -1;
  }
  it->next = NULL;
  it->kind = k;
  it->status = status;
  it->len = len;
  nl = strnlen(name, sizeof it->name - 1);     /* names are checked: always shorter */
  memcpy(it->name, name, nl);
  it->name[nl] = '\0';
  if (len > 0) memcpy(it->data, buf, len);
  pthread_mutex_lock(&a->mu);
  /* A file larger than the bounds still goes, alone. */
  while (!a->failed && a->head != NULL && (a->n >= Q_MAX_FILES || a->bytes + len > Q_MAX_BYTES)) {
    a->waiting_room = 1;
    if (a->waiting_more) {
      a->waiting_more = 0;
      pthread_cond_signal(&a->more);
    }
    pthread_cond_wait(&a->room, &a->mu);
  }
  if (a->spare == NULL) {                        /* the published items, for the next calls */
    a->spare = a->returned;
    a->returned = NULL;
  }
  if (a->failed) {
    if (errsz > 0) snprintf(err, errsz, "%s", a->err);
    pthread_mutex_unlock(&a->mu);
    it->next = a->spare;
    a->spare = it;
    errno = EIO;
    return -1;
  }
  if (a->tail != NULL) a->tail->next = it;
  else a->head = it;
  a->tail = it;
  a->n++;
  a->bytes += len;
  /* Wake the publisher for the first file (it then waits for a batch) and for each batch;
   * once: until it runs again, more signals would only be more futex calls. */
  if (a->waiting_more && (a->n == 1 || a->n >= BATCH)) {
    a->waiting_more = 0;
    pthread_cond_signal(&a->more);
  }
  pthread_mutex_unlock(&a->mu);
  return 0;
}

int al_writer_flush(struct al_writer *w, char *err, size_t errsz) {
  struct al_async *a = w->async;
  int r;
  if (a == NULL || !a->started) return 0;
  pthread_mutex_lock(&a->mu);
  r = drain(a, err, errsz);
  pthread_mutex_unlock(&a->mu);
  return r;
}

/* Publishes what is queued, ends the thread, frees the queue: back to synchronous. */
static void async_stop(struct al_writer *w) {
  struct al_async *a = w->async, **p;
  if (a == NULL) return;
  if (a->started) {
    pthread_mutex_lock(&a->mu);
    drain(a, NULL, 0);
    a->quit = 1;
    pthread_cond_signal(&a->more);
    pthread_mutex_unlock(&a->mu);
    pthread_join(a->thread, NULL);
  }
  pthread_mutex_lock(&live_mu);
  for (p = &live; *p != NULL; p = &(*p)->next_live)
    if (*p == a) {
      *p = a->next_live;
      break;
    }
  pthread_mutex_unlock(&live_mu);
  free_items(a->returned);
  free_items(a->spare);
  pthread_cond_destroy(&a->more);
  pthread_cond_destroy(&a->room);
  pthread_cond_destroy(&a->idle);
  pthread_mutex_destroy(&a->mu);
  free(a);
  w->async = NULL;
}

/* }====================================================================== */

/* {======================================================================
** Content types and extensions
** ======================================================================= */

/* type -> extension; the first row of an extension is also its type. */
static const struct {
  const char *type, *ext;
} type_ext[] = {
  {"text/plain", "txt"},
  {"text/html", "html"},
  {"text/csv", "csv"},
  {"text/tab-separated-values", "tsv"},
  {"text/css", "css"},
  {"text/markdown", "md"},
  {"text/uri-list", "uri"},
  {"application/json", "json"},
  {"application/xml", "xml"},
  {"text/xml", "xml"},
  {"application/yaml", "yaml"},
  {"text/yaml", "yaml"},
  {"application/x-yaml", "yaml"},
  {"image/png", "png"},
  {"image/jpeg", "jpg"},
  {"image/gif", "gif"},
  {"image/svg+xml", "svg"},
  {"image/bmp", "bmp"},
  {"image/webp", "webp"},
  {"image/tiff", "tiff"},
  {"video/mp4", "mp4"},
  {"video/webm", "webm"},
  {"application/zip", "zip"},
  {"application/x-tar", "tar"},
  {"application/gzip", "gz"},
  {"application/x-gzip", "gz"},
  {"application/pdf", "pdf"},
  {"application/octet-stream", "bin"},
  {"application/vnd.allure.image.diff", "imagediff"},
  /* Playwright traces are zip files the report's trace viewer opens. */
  {"application/vnd.allure.playwright-trace", "zip"},
  {"application/x-trace+zip", "zip"},
  {NULL, NULL}};

/* extension -> type, for extensions that are not the first row of a type above. */
static const struct {
  const char *ext, *type;
} ext_type[] = {
  {"log", "text/plain"}, {"text", "text/plain"}, {"htm", "text/html"},
  {"jpeg", "image/jpeg"}, {"yml", "application/yaml"}, {"tgz", "application/gzip"},
  {NULL, NULL}};

/* The media type without parameters or surrounding blanks: "Text/Plain ; charset=x" ->
 * "Text/Plain" (compared case-insensitively by the callers). */
static size_t bare_type(const char *t, size_t n, const char **start) {
  size_t i = 0, e;
  while (i < n && (t[i] == ' ' || t[i] == '\t')) i++;
  e = i;
  while (e < n && t[e] != ';') e++;
  while (e > i && (t[e - 1] == ' ' || t[e - 1] == '\t')) e--;
  *start = t + i;
  return e - i;
}

static int eq_ci(const char *a, size_t an, const char *lit) {
  return strlen(lit) == an && strncasecmp(a, lit, an) == 0;
}

/* A linear scan over ~30 rows: called once per attachment, never per result. */
const char *al_ext_for_type(const char *type, size_t n) {
  const char *t;
  size_t k = bare_type(type, n, &t), i;
  for (i = 0; type_ext[i].type; i++)
    if (eq_ci(t, k, type_ext[i].type)) return type_ext[i].ext;
  /* application/xunit+xml and friends are XML too (svg, listed above, is not meant). */
  if (k > 4 && strncasecmp(t + k - 4, "+xml", 4) == 0) return "xml";
  return NULL;
}

const char *al_type_for_ext(const char *ext, size_t n) {
  size_t i;
  for (i = 0; ext_type[i].ext; i++)
    if (eq_ci(ext, n, ext_type[i].ext)) return ext_type[i].type;
  for (i = 0; type_ext[i].type; i++)
    if (eq_ci(ext, n, type_ext[i].ext)) return type_ext[i].type;
  return NULL;
}

const char *al_path_ext(const char *path, size_t n, size_t *ext_len) {
  size_t i = n, base = 0;
  while (i > 0 && path[i - 1] != '/') i--;
  base = i;
  for (i = n; i > base; i--) {
    if (path[i - 1] == '.') {
      if (i - 1 == base || i == n) return NULL;   /* ".profile" or "name." */
      *ext_len = n - i;
      return path + i;
    }
  }
  return NULL;
}

static int is_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Extensions end up in a file name that must match ^[a-zA-Z0-9._-]{1,100}$; '-' and '_' are
 * left out as well so that "x-attachment.a-b" cannot look like another naming scheme. */
size_t al_ext_normalize(const char **ext, size_t n) {
  const char *e = *ext;
  size_t i;
  if (n > 0 && e[0] == '.') {
    e++;
    n--;
  }
  if (n == 0 || n > 16 || e[0] == '.' || e[n - 1] == '.') return 0;
  for (i = 0; i < n; i++) {
    if (e[i] == '.') {
      if (e[i - 1] == '.') return 0;
    } else if (!is_alnum((unsigned char)e[i])) {
      return 0;
    }
  }
  *ext = e;
  return n;
}

size_t al_attachment_source(char out[AL_SOURCE_MAX + 1], const char *uuid, const char *ext,
                            size_t ext_len) {
  int len;
  if (ext != NULL) ext_len = al_ext_normalize(&ext, ext_len);
  if (ext == NULL || ext_len == 0) {
    len = snprintf(out, AL_SOURCE_MAX + 1, "%.*s-attachment", AL_UUID_MAX, uuid);
  } else {
    /* The last dot-part decides: "junit.xml" is XML too. */
    size_t last = ext_len;
    while (last > 0 && ext[last - 1] != '.') last--;
    len = snprintf(out, AL_SOURCE_MAX + 1, "%.*s-attachment.%.*s%s", AL_UUID_MAX, uuid,
                   (int)ext_len, ext, eq_ci(ext + last, ext_len - last, "xml") ? ".txt" : "");
  }
  return len > AL_SOURCE_MAX ? AL_SOURCE_MAX : (size_t)len;
}

/* }====================================================================== */
