/*
** writer: the results directory of one writer (allure.writer's core, no Lua). It names and
** publishes files whose bytes the caller has already serialized, hands out uuids, counts
** what was written, and knows the attachment naming rules (content type <-> extension).
** All publishing goes through fs.h, so it is atomic; functions return 0 or -1 and fill err
** (size errsz) with "path: reason".
*/
#ifndef AL_WRITER_H
#define AL_WRITER_H

#include <stddef.h>

#include "fs.h"
#include "ident.h"
#include "jsonw.h"

/* Statuses, in the order of Allure's own enum (and of allure.writer's stats table). */
enum al_status { AL_PASSED, AL_FAILED, AL_BROKEN, AL_SKIPPED, AL_UNKNOWN, AL_NSTATUS };

/* "passed" ... "unknown", then NULL. */
extern const char *const al_status_names[AL_NSTATUS + 1];

/* The status named by s (exact, lower case), or -1. */
int al_status_parse(const char *s, size_t n);

struct al_stats {
  unsigned long long status[AL_NSTATUS];   /* results by status */
  unsigned long long results, containers, attachments, globals;
};

struct al_writer_opts {
  int clean;                 /* remove Allure files already in the directory */
  int deterministic;         /* uuids from seed + counter */
  int fsync;                 /* fsync every file before renaming it into place */
  const char *seed;          /* NULL: "allure-lua" */
  size_t seed_len;
};

struct al_async;             /* background publishing, see al_writer_async */

struct al_writer {
  struct al_dir dir;
  unsigned flags;            /* AL_PUB_FSYNC or 0 */
  struct al_stats stats;     /* with async, exact only after al_writer_flush */
  struct al_repairs repairs; /* what serializing repaired (jsonw.h), counted in the caller's
                              * thread: exact at once, async or not */
  struct al_ids ids;
  struct al_async *async;    /* NULL: every call has published its file when it returns */
};

/* Longest attachment source name readers accept (^[a-zA-Z0-9._-]{1,100}$). */
#define AL_SOURCE_MAX 100
/* Longest result/container/globals uuid accepted in a file name. */
#define AL_UUID_MAX 64

/* Creates dir (and parents) if needed, opens it, optionally cleans it. 0, or -1 with w
 * closed (al_writer_close still safe). */
int al_writer_open(struct al_writer *w, const char *dir, const struct al_writer_opts *o,
                   char *err, size_t errsz);

/* Publishes what is still queued (async), fsyncs the directory when opened with fsync,
 * removes leftover temp files, closes. Idempotent. */
void al_writer_close(struct al_writer *w);

/* Background publishing, so that creating files (system time) overlaps with producing them
 * (the script and the JSON encoding): from now on al_writer_result, _container, _globals and
 * _attachment check the name, queue a copy of the bytes and return; one thread publishes the
 * queue in call order (so an attachment is still in place before the result naming it). The
 * queue is bounded (a few MB): a producer that runs ahead waits. The first I/O failure is
 * kept: nothing queued after it is published, and it is returned (-1, its message) by every
 * later publishing call and by al_writer_flush. Copies from a file and replacements wait for
 * the queue and then run in the caller, as without async. 0, or -1 when no thread can be had
 * (w stays synchronous). */
int al_writer_async(struct al_writer *w, char *err, size_t errsz);

/* Waits until everything queued is published (at once when not async). 0, or -1 with the
 * first failure. */
int al_writer_flush(struct al_writer *w, char *err, size_t errsz);

static inline int al_writer_is_open(const struct al_writer *w) { return w->dir.fd >= 0; }

/* Copies the repairs counted since the last call (or the open) to out, and starts counting
 * again from zero: the driver takes them per input. */
void al_writer_repairs(struct al_writer *w, struct al_repairs *out);

/* Next uuid (random v4 or deterministic). 0 or -1. */
int al_writer_uuid(struct al_writer *w, char out[AL_UUID_LEN + 1], char *err, size_t errsz);
/* The same with mix (a result's identity) in a deterministic uuid (ident.h al_uuid_mixed). */
int al_writer_uuid_mixed(struct al_writer *w, const void *mix, size_t n, char out[AL_UUID_LEN + 1],
                         char *err, size_t errsz);

/* {uuid}-result.json, counted under status. Never replaces a different file. */
int al_writer_result(struct al_writer *w, const char *uuid, enum al_status status,
                     const void *json, size_t len, char *err, size_t errsz);
/* {uuid}-container.json */
int al_writer_container(struct al_writer *w, const char *uuid, const void *json, size_t len,
                        char *err, size_t errsz);
/* {uuid}-globals.json */
int al_writer_globals(struct al_writer *w, const char *uuid, const void *json, size_t len,
                      char *err, size_t errsz);
/* An attachment file named source (see al_attachment_source) from bytes / from a file. */
int al_writer_attachment(struct al_writer *w, const char *source, const void *buf, size_t len,
                         char *err, size_t errsz);
/* From the open regular file fd, at most limit bytes (label names it in messages). */
int al_writer_attachment_fd(struct al_writer *w, const char *source, int fd,
                            unsigned long long limit, const char *label, char *err,
                            size_t errsz);
int al_writer_attachment_copy(struct al_writer *w, const char *source, const char *path,
                              char *err, size_t errsz);
/* From the bytes next gives in pieces (al_publish_stream): a body decoded as it is read. */
int al_writer_attachment_stream(struct al_writer *w, const char *source,
                                long (*next)(void *ctx, const char **p, char *err, size_t errsz),
                                void *ctx, char *err, size_t errsz);
/* environment.properties, executor.json, categories.json: replaces an earlier file. */
int al_writer_replace(struct al_writer *w, const char *name, const void *buf, size_t len,
                      char *err, size_t errsz);

/* 1 when s can be the uuid part of a file name: [A-Za-z0-9._-]{1,64}, no leading '.'. */
int al_uuid_ok(const char *s, size_t n);
/* 1 when s is an attachment source readers accept: ^[a-zA-Z0-9._-]{1,100}$, not "." or "..". */
int al_source_ok(const char *s, size_t n);

/* Normalizes a user extension in place of its span: skips one leading '.', then accepts
 * dot-separated parts of [A-Za-z0-9] (16 bytes at most in all). Returns the accepted
 * length with *ext moved past the dot, or 0 when the extension must be dropped. */
size_t al_ext_normalize(const char **ext, size_t n);

/* The extension of the last component of path ("a/b.tar.gz" -> "gz"), unchecked; NULL when
 * there is none (no dot, or only a leading one as in ".profile"). */
const char *al_path_ext(const char *path, size_t n, size_t *ext_len);

/* Extension for a content type ("image/png" -> "png"); case and parameters (";charset")
 * ignored. XML types give "xml". NULL when unknown. */
const char *al_ext_for_type(const char *type, size_t n);
/* Content type for an extension ("png" -> "image/png"), case-insensitive; NULL if unknown. */
const char *al_type_for_ext(const char *ext, size_t n);

/* Builds "{uuid}-attachment[.ext]" into out (AL_SOURCE_MAX + 1 bytes). ext (may be NULL) is
 * normalized by al_ext_normalize and dropped if invalid; an "xml" last part gets ".txt"
 * appended, since both generators import any *.xml in the results directory as JUnit.
 * Returns the length. */
size_t al_attachment_source(char out[AL_SOURCE_MAX + 1], const char *uuid, const char *ext,
                            size_t ext_len);

#endif
