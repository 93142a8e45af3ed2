/*
** fs: the file-system side of the writer, and the directory walk the CLI expands inputs with.
** Pure C, no Lua. Nothing here prints: failures return -1 and fill `err` (size `errsz`, may be
** 0) with "path: reason", the path being what the user knows (the final name, never a temp).
**
** Publishing is atomic: the bytes go to a temp file ".allure-lua-XXXXXXXXXXXX.tmp" (a name
** no Allure reader matches) in the results directory, then are renamed into place, so a
** watcher never sees a partial file. On any failure the temp file is removed and nothing is
** visible under the final name.
*/
#ifndef AL_FS_H
#define AL_FS_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/* An open results directory; everything is done relative to its fd (no path lookups). */
struct al_dir {
  int fd;                        /* -1 when closed */
  char *path;                    /* as opened, for messages and the link() fallback */
  unsigned long long rnd;        /* temp-name generator state */
  int no_renameat2;              /* renameat2 was EINVAL/ENOSYS once: use link() directly */
  int n_leftover;
  char leftover[8][32];          /* temp files whose removal failed, retried at close */
};

/* Flags of al_publish / al_publish_copy. */
#define AL_PUB_FSYNC 1u          /* fsync the file before renaming it into place */
#define AL_PUB_REPLACE 2u        /* replace an existing file (plain rename) */

/* mkdir -p: creates path and its missing parents (mode 0777 & ~umask). 0 or -1. */
int al_mkdir_p(const char *path, char *err, size_t errsz);

/* Opens (with create: first creates) the directory path and checks it is writable.
 * 0, or -1 with d left closed (al_dir_close is still safe). */
int al_dir_open(struct al_dir *d, const char *path, int create, char *err, size_t errsz);

/* Removes leftover temp files, closes the fd, frees the path. Idempotent; also safe on a
 * zeroed struct whose fd is -1 or that was never opened successfully. */
void al_dir_close(struct al_dir *d);

/* Publishes len bytes of buf as d/name. Without AL_PUB_REPLACE the name is never replaced:
 * if it exists with the same bytes (a deterministic re-run) that counts as success, with
 * other bytes it is an error ("exists with different content"). 0 or -1. */
int al_publish(struct al_dir *d, const char *name, const void *buf, size_t len, unsigned flags,
               char *err, size_t errsz);

/* Same, with the bytes of the regular file src (read/write loop). A missing, unreadable or
 * non-regular src is an error naming src. 0 or -1. */
int al_publish_copy(struct al_dir *d, const char *name, const char *src, unsigned flags,
                    char *err, size_t errsz);

/* Same, from the open fd in (read with pread from offset 0, so the fd's offset does not
 * matter), at most limit bytes: a file that grows while it is copied is cut at the size it
 * had when it was checked. src names it in messages. The fd stays open. 0 or -1. */
int al_publish_copy_fd(struct al_dir *d, const char *name, int in, unsigned long long limit,
                       const char *src, unsigned flags, char *err, size_t errsz);

/* Same, with the bytes next gives: each call sets *p to the next n bytes and returns n,
 * 0 at the end, -1 with err filled (then nothing is published). 0 or -1. */
int al_publish_stream(struct al_dir *d, const char *name,
                      long (*next)(void *ctx, const char **p, char *err, size_t errsz), void *ctx,
                      unsigned flags, char *err, size_t errsz);

/* Opens rel, a relative path without "." or ".." components, below the directory dirfd for
 * reading, refusing a symlink anywhere on the way (openat2 RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS where the kernel has it, else component by component with
 * O_NOFOLLOW), without blocking (O_NONBLOCK: a FIFO or a device never hangs the open), and
 * fstat's it into st. Only a regular file is kept: else EINVAL (st tells what it was).
 * The fd (O_CLOEXEC), or -1 with errno (ELOOP: a symlink on the way; EXDEV: escapes). */
int al_open_beneath(int dirfd, const char *rel, struct stat *st);

/* 1 when a results reader (or our temp naming) would match this file name: *-result.json,
 * *-container.json, *-attachment*, *-globals.json, environment.properties, executor.json,
 * categories.json, .allure-lua-*.tmp. */
int al_is_allure_name(const char *name);

/* Removes from d the entries al_is_allure_name matches, except directories. Other files and
 * all sub-directories stay. 0 or -1 (stops at the first failure). */
int al_clean(struct al_dir *d, char *err, size_t errsz);

/* Opens an input file for reading (O_CLOEXEC); a directory is refused with EISDIR. Returns
 * the fd, or -1 with errno set; *is_regular (may be NULL) tells a regular file from a pipe,
 * FIFO or device. */
int al_open_input(const char *path, int *is_regular);

/* The process-wide count of input bytes read, for the progress display: every reader's read
 * callback (the XML reader, line streams, whole-file JSON reads) adds what read(2) gave it
 * with al_input_count; the driver takes differences of al_input_bytes. Not atomic: readers
 * run on the Lua thread only (the writer's background thread reads no input). */
void al_input_count(size_t n);
unsigned long long al_input_bytes(void);

/* read(2) of an input, retried on EINTR (but not once a signal stops the run:
 * signals.h al_read_interrupted), the bytes counted with al_input_count: what every input
 * reader's read loop calls. Returns what read gave (0 at the end, -1 with errno). */
ssize_t al_read_some(int fd, void *buf, size_t n);

/* Calls cb(path) for each regular file below dir (symlinks to files included), in strcmp
 * order of the names at each level, descending into sub-directories where they sort; a
 * symlink to a directory is not followed. If dir itself is a regular file, cb gets just it.
 * Returns 0; -1 on an I/O error (err filled); or cb's non-zero return, which stops the walk.
 * cb must not longjmp out (a raising Lua call would leak the walk's name lists). */
int al_walk(const char *dir, int (*cb)(const char *path, void *ud), void *ud, char *err,
            size_t errsz);

#endif
