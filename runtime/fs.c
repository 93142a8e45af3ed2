/*
** fs: mkdir -p, atomic publishing, clean, directory walk (see fs.h).
** Per published file the syscalls are openat, write (usually once), close and renameat2;
** nothing is stat'ed, and paths are never resolved again after the directory is opened.
*/
#define _GNU_SOURCE
#include "fs.h"
#include "signals.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define TMP_PREFIX ".allure-lua-"
#define TMP_SUFFIX ".tmp"
#define COPY_BUF (64 * 1024)

/* Fills err with "a[/b]: msg" and returns -1. Messages name what the user knows: the
 * results directory joined with the final name, or an attachment source path. */
static int fail_msg(char *err, size_t errsz, const char *a, const char *b, const char *msg) {
  if (errsz > 0) {
    const char *sep = "";
    size_t al = strlen(a);
    if (b != NULL && al > 0 && a[al - 1] != '/') sep = "/";
    snprintf(err, errsz, "%s%s%s: %s", a, b ? sep : "", b ? b : "", msg);
  }
  return -1;
}

static int fail_errno(char *err, size_t errsz, const char *a, const char *b, int e) {
  int r = fail_msg(err, errsz, a, b, strerror(e));
  errno = e;
  return r;
}

/* dir/name into buf; 0 or -1 (ENAMETOOLONG). */
static int join(char *buf, size_t size, const char *dir, const char *name) {
  size_t dl = strlen(dir);
  const char *sep = dl > 0 && dir[dl - 1] != '/' ? "/" : "";
  if ((size_t)snprintf(buf, size, "%s%s%s", dir, sep, name) >= size) {
    errno = ENAMETOOLONG;
    return -1;
  }
  return 0;
}

/* {======================================================================
** Directories
** ======================================================================= */

/* Follows symlinks on purpose: a results directory may well be a link to a scratch disk. */
static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int al_mkdir_p(const char *path, char *err, size_t errsz) {
  char buf[PATH_MAX];
  size_t n = strlen(path), i;
  if (n == 0) return fail_errno(err, errsz, "\"\"", NULL, ENOENT);
  if (n >= sizeof buf) return fail_errno(err, errsz, path, NULL, ENAMETOOLONG);
  memcpy(buf, path, n + 1);
  /* Each prefix ending before a '/', then the whole path. An existing component is fine
   * whatever mkdir says about it (EEXIST, or EACCES for a parent we may not write). */
  for (i = 1; i <= n; i++) {
    if (i < n && buf[i] != '/') continue;
    if (i < n && buf[i - 1] == '/') continue;   /* "a//b" */
    buf[i] = '\0';
    if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
      int e = errno;
      if (!is_dir(buf)) return fail_errno(err, errsz, buf, NULL, e);
    }
    if (i < n) buf[i] = '/';
  }
  if (!is_dir(path)) return fail_errno(err, errsz, path, NULL, ENOTDIR);
  return 0;
}

int al_dir_open(struct al_dir *d, const char *path, int create, char *err, size_t errsz) {
  unsigned long long seed = 0;
  memset(d, 0, sizeof *d);
  d->fd = -1;
  if (create && al_mkdir_p(path, err, errsz) != 0) return -1;
  d->fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (d->fd < 0) return fail_errno(err, errsz, path, NULL, errno);
  /* Checked once here so that the first result does not discover it. */
  if (faccessat(d->fd, ".", W_OK | X_OK, AT_EACCESS) != 0) {
    int e = errno;
    al_dir_close(d);
    return fail_errno(err, errsz, path, NULL, e);
  }
  d->path = strdup(path);
  if (d->path == NULL) {
    al_dir_close(d);
    return fail_errno(err, errsz, path, NULL, ENOMEM);
  }
  /* Temp names only need to differ between concurrent writers; mix in the pid and time in
   * case getrandom is unavailable. */
  if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) != (ssize_t)sizeof seed) seed = 0;
  seed ^= (unsigned long long)getpid() << 32 ^ (unsigned long long)time(NULL) ^
          (unsigned long long)(size_t)d;
  d->rnd = seed ? seed : 0x9E3779B97F4A7C15ULL;
  return 0;
}

void al_dir_close(struct al_dir *d) {
  int i;
  if (d->fd >= 0) {
    for (i = 0; i < d->n_leftover; i++) unlinkat(d->fd, d->leftover[i], 0);
    close(d->fd);
  }
  d->fd = -1;
  d->n_leftover = 0;
  free(d->path);
  d->path = NULL;
}

/* }====================================================================== */

/* {======================================================================
** Publishing
** ======================================================================= */

/* xorshift64*: cheap, and collisions are handled by O_EXCL anyway. */
static unsigned long long next_rnd(struct al_dir *d) {
  unsigned long long x = d->rnd;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  d->rnd = x;
  return x * 0x2545F4914F6CDD1DULL;
}

/* Creates a fresh temp file in d; its name goes to tmp (>= 32 bytes). fd or -1 (errno).
 * Mode 0666 & ~umask, like any file the user creates (mkostemp would force 0600). */
static int open_temp(struct al_dir *d, char tmp[32]) {
  static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  int attempt;
  for (attempt = 0; attempt < 100; attempt++) {
    unsigned long long r = next_rnd(d);
    char *p = tmp;
    int i, fd;
    memcpy(p, TMP_PREFIX, sizeof TMP_PREFIX - 1);
    p += sizeof TMP_PREFIX - 1;
    for (i = 0; i < 12; i++, r /= 36) *p++ = digits[r % 36];
    memcpy(p, TMP_SUFFIX, sizeof TMP_SUFFIX);
    al_temp_track(d->fd, tmp);                   /* before it exists: a second signal removes it */
    fd = openat(d->fd, tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return fd;
    al_temp_untrack(tmp);
    if (errno != EEXIST) return -1;
  }
  return -1;
}

/* Removes the temp file; if that fails, remembers it for al_dir_close (w:close), so that
 * a transient error (EINTR on a network file system) does not leave it for good. */
static void drop_temp(struct al_dir *d, const char *tmp) {
  al_temp_untrack(tmp);
  if (unlinkat(d->fd, tmp, 0) != 0 && errno != ENOENT &&
      d->n_leftover < (int)(sizeof d->leftover / sizeof d->leftover[0])) {
    strcpy(d->leftover[d->n_leftover++], tmp);
  }
}

/* write(2) may be short (signals, pipes, some file systems) and may be interrupted. */
static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (w == 0) {              /* cannot happen for a regular file; do not spin on it */
      errno = EIO;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static int read_full(int fd, char *p, size_t n, size_t *got) {
  *got = 0;
  while (*got < n) {
    ssize_t r = read(fd, p + *got, n - *got);
    if (r < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (r == 0) break;
    *got += (size_t)r;
  }
  return 0;
}

/* 1 when d/name holds exactly the bytes of buf (buf != NULL) or of the file d/tmp. Only on
 * the EEXIST path: a deterministic re-run rewrites every file with the same bytes, and a
 * same-size check alone would let a changed input pass. */
static int same_content(struct al_dir *d, const char *name, const char *buf, size_t len,
                        const char *tmp) {
  char a[8192], b[8192];
  struct stat st;
  int fa, fb = -1, same = 0;
  fa = openat(d->fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fa < 0) return 0;
  if (fstat(fa, &st) != 0 || !S_ISREG(st.st_mode)) goto done;
  if (buf == NULL) {
    struct stat tt;
    fb = openat(d->fd, tmp, O_RDONLY | O_CLOEXEC);
    if (fb < 0 || fstat(fb, &tt) != 0) goto done;
    len = (size_t)tt.st_size;
  }
  if ((size_t)st.st_size != len) goto done;
  if (buf != NULL) {
    size_t off = 0, ga;
    while (off < len) {
      size_t want = len - off < sizeof a ? len - off : sizeof a;
      if (read_full(fa, a, want, &ga) != 0 || ga == 0 || memcmp(a, buf + off, ga) != 0)
        goto done;
      off += ga;
    }
  } else {
    size_t ga, gb;
    do {
      if (read_full(fa, a, sizeof a, &ga) != 0 || read_full(fb, b, sizeof b, &gb) != 0 ||
          ga != gb || memcmp(a, b, ga) != 0)
        goto done;
    } while (ga == sizeof a);
  }
  same = 1;
done:
  close(fa);
  if (fb >= 0) close(fb);
  return same;
}

/* The last steps, for a temp file whose content is complete and whose fd is still open:
 * fsync, close, rename into place. Always consumes fd and the temp file. */
static int place(struct al_dir *d, int fd, const char *tmp, const char *name, unsigned flags,
                 const char *buf, size_t len, char *err, size_t errsz) {
  int e;
  if ((flags & AL_PUB_FSYNC) && fsync(fd) != 0) {
    e = errno;
    close(fd);
    goto fail;
  }
  /* close can report a deferred write error (NFS, quota). */
  if (close(fd) != 0) {
    e = errno;
    goto fail;
  }
  if (flags & AL_PUB_REPLACE) {
    /* renameat2 with no flags is renameat; called so, one code path serves both flavours
     * (and the test wrappers see it). */
    if (renameat2(d->fd, tmp, d->fd, name, 0) == 0) {
      al_temp_untrack(tmp);
      return 0;
    }
    e = errno;
    goto fail;
  }
  /* NOREPLACE: a plain rename would overwrite a result a watcher has already read, and two
   * writers sharing a directory with the same deterministic seed would clobber each other. */
  if (!d->no_renameat2) {
    if (renameat2(d->fd, tmp, d->fd, name, RENAME_NOREPLACE) == 0) {
      al_temp_untrack(tmp);
      return 0;
    }
    e = errno;
    if (e == EEXIST) goto exists;
    if (e != EINVAL && e != ENOSYS) goto fail;
    d->no_renameat2 = 1;       /* e.g. an old NFS or overlay: stop asking */
  }
  {
    /* link() never replaces either; paths are built only on this rare path. */
    char from[PATH_MAX], to[PATH_MAX];
    if (join(from, sizeof from, d->path, tmp) != 0 || join(to, sizeof to, d->path, name) != 0) {
      e = errno;
      goto fail;
    }
    if (link(from, to) == 0) {
      drop_temp(d, tmp);
      return 0;
    }
    e = errno;
    if (e != EEXIST) goto fail;
  }
exists:
  if (same_content(d, name, buf, len, tmp)) {
    drop_temp(d, tmp);
    return 0;
  }
  drop_temp(d, tmp);
  errno = EEXIST;
  return fail_msg(err, errsz, d->path, name, "exists with different content");
fail:
  drop_temp(d, tmp);
  return fail_errno(err, errsz, d->path, name, e);
}

/* The hot path: openat, write, close, renameat2. */
int al_publish(struct al_dir *d, const char *name, const void *buf, size_t len, unsigned flags,
               char *err, size_t errsz) {
  char tmp[32];
  int fd = open_temp(d, tmp), e;
  if (fd < 0) return fail_errno(err, errsz, d->path, name, errno);
  if (write_all(fd, buf, len) != 0) {
    e = errno;
    close(fd);
    drop_temp(d, tmp);
    return fail_errno(err, errsz, d->path, name, e);
  }
  return place(d, fd, tmp, name, flags, buf, len, err, errsz);
}

/* The source is opened before the temp file, so a missing source costs no temp file; its
 * errors name the source path, write errors the destination. O_NONBLOCK: a FIFO or a device
 * named by the caller is refused, not waited on. */
int al_publish_copy(struct al_dir *d, const char *name, const char *src, unsigned flags,
                    char *err, size_t errsz) {
  struct stat st;
  int in, r, e;
  in = open(src, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (in < 0) return fail_errno(err, errsz, src, NULL, errno);
  if (fstat(in, &st) != 0) {
    e = errno;
    close(in);
    return fail_errno(err, errsz, src, NULL, e);
  }
  if (!S_ISREG(st.st_mode)) {
    close(in);
    errno = EINVAL;
    return fail_msg(err, errsz, src, NULL, "not a regular file");
  }
  r = al_publish_copy_fd(d, name, in, (unsigned long long)st.st_size, src, flags, err, errsz);
  e = errno;
  close(in);
  errno = e;
  return r;
}

/* A plain pread/write loop rather than copy_file_range: attachments are small, and every
 * write goes through one function. */
int al_publish_copy_fd(struct al_dir *d, const char *name, int in, unsigned long long limit,
                       const char *src, unsigned flags, char *err, size_t errsz) {
  char tmp[32], buf[COPY_BUF];
  unsigned long long off = 0;
  int fd = open_temp(d, tmp), e;
  if (fd < 0) return fail_errno(err, errsz, d->path, name, errno);
  while (off < limit) {
    size_t want = limit - off < sizeof buf ? (size_t)(limit - off) : sizeof buf;
    ssize_t r = pread(in, buf, want, (off_t)off);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      e = errno;
      close(fd);
      drop_temp(d, tmp);
      return fail_errno(err, errsz, src, NULL, e);
    }
    if (r == 0) break;                           /* it shrank: what is there */
    if (write_all(fd, buf, (size_t)r) != 0) {
      e = errno;
      close(fd);
      drop_temp(d, tmp);
      return fail_errno(err, errsz, d->path, name, e);
    }
    off += (unsigned long long)r;
  }
  return place(d, fd, tmp, name, flags, NULL, 0, err, errsz);
}

int al_publish_stream(struct al_dir *d, const char *name,
                      long (*next)(void *ctx, const char **p, char *err, size_t errsz), void *ctx,
                      unsigned flags, char *err, size_t errsz) {
  char tmp[32];
  int fd = open_temp(d, tmp), e;
  if (fd < 0) return fail_errno(err, errsz, d->path, name, errno);
  for (;;) {
    const char *p;
    long n = next(ctx, &p, err, errsz);
    if (n == 0) break;
    if (n < 0) {
      close(fd);
      drop_temp(d, tmp);
      return -1;                                 /* next's message */
    }
    if (write_all(fd, p, (size_t)n) != 0) {
      e = errno;
      close(fd);
      drop_temp(d, tmp);
      return fail_errno(err, errsz, d->path, name, e);
    }
  }
  return place(d, fd, tmp, name, flags, NULL, 0, err, errsz);
}

#ifndef RESOLVE_BENEATH
struct open_how {
  unsigned long long flags, mode, resolve;
};
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH 0x08
#endif
#ifndef SYS_openat2
#define SYS_openat2 437                          /* the same number on every architecture */
#endif

/* Set once openat2 turned out missing (ENOSYS: before Linux 5.6) or filtered (EPERM: a
 * seccomp profile of an older container runtime): the component walk from then on. */
static int no_openat2;

#define BENEATH_FLAGS (O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW)

/* Without openat2: each directory component opened from the one before with O_NOFOLLOW
 * (a symlink there fails with ELOOP or ENOTDIR), then the file itself. */
static int open_walk(int dirfd, const char *rel) {
  char part[NAME_MAX + 1];
  const char *p = rel;
  int cur = dirfd, fd;
  for (;;) {
    const char *slash = strchr(p, '/');
    size_t n = slash ? (size_t)(slash - p) : strlen(p);
    if (n > NAME_MAX) {
      fd = -1;
      errno = ENAMETOOLONG;
      break;
    }
    memcpy(part, p, n);
    part[n] = '\0';
    if (slash == NULL) {
      fd = openat(cur, part, BENEATH_FLAGS);
      break;
    }
    if (n > 0) {                                 /* "a//b" */
      fd = openat(cur, part, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) break;
      if (cur != dirfd) close(cur);
      cur = fd;
    }
    p = slash + 1;
  }
  if (cur != dirfd) {
    int e = errno;
    close(cur);
    errno = e;
  }
  return fd;
}

int al_open_beneath(int dirfd, const char *rel, struct stat *st) {
  const char *p;
  int fd = -1;
  /* Only canonical relative paths: no "..", no ".", not absolute (the caller resolved it). */
  if (rel[0] == '/' || rel[0] == '\0') {
    errno = EXDEV;
    return -1;
  }
  for (p = rel; *p;) {
    size_t n = strcspn(p, "/");
    if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.')) {
      errno = EXDEV;
      return -1;
    }
    p += n;
    if (*p == '/') p++;
  }
  if (!no_openat2) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = BENEATH_FLAGS;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    do fd = (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof how);
    while (fd < 0 && (errno == EINTR || errno == EAGAIN));
    if (fd < 0 && (errno == ENOSYS || errno == EPERM)) no_openat2 = 1;
  }
  if (no_openat2) fd = open_walk(dirfd, rel);
  if (fd < 0) return -1;
  {
    int e;
    if (fstat(fd, st) != 0) e = errno;
    else if (!S_ISREG(st->st_mode)) e = EINVAL;
    else return fd;
    close(fd);
    errno = e;
  }
  return -1;
}

/* }====================================================================== */

/* {======================================================================
** Clean
** ======================================================================= */

/* The patterns are the readers' own (allure-java's globs, Allure 3's name checks, see
 * docs/allure-format.md section 1): clean removes exactly what a report would read. */
static int ends_with(const char *s, size_t n, const char *suffix) {
  size_t k = strlen(suffix);
  return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

int al_is_allure_name(const char *name) {
  size_t n = strlen(name);
  return ends_with(name, n, "-result.json") || ends_with(name, n, "-container.json") ||
         ends_with(name, n, "-globals.json") || strstr(name, "-attachment") != NULL ||
         strcmp(name, "environment.properties") == 0 || strcmp(name, "executor.json") == 0 ||
         strcmp(name, "categories.json") == 0 ||
         (strncmp(name, TMP_PREFIX, sizeof TMP_PREFIX - 1) == 0 && ends_with(name, n, TMP_SUFFIX));
}

int al_clean(struct al_dir *d, char *err, size_t errsz) {
  struct dirent *e;
  DIR *dir;
  int fd = openat(d->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;
  if (fd < 0) return fail_errno(err, errsz, d->path, NULL, errno);
  dir = fdopendir(fd);
  if (dir == NULL) {
    int en = errno;
    close(fd);
    return fail_errno(err, errsz, d->path, NULL, en);
  }
  /* Unlinking while reading is fine: readdir may or may not return a removed entry, and
   * never skips one that is still there. */
  while ((e = readdir(dir)) != NULL) {
    if (!al_is_allure_name(e->d_name)) continue;
    /* A directory is never ours, whatever its name: keep it and its content. */
    if (e->d_type == DT_DIR) continue;
    if (e->d_type == DT_UNKNOWN) {
      struct stat st;
      if (fstatat(d->fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
        continue;
    }
    if (unlinkat(d->fd, e->d_name, 0) != 0 && errno != ENOENT) {
      rc = fail_errno(err, errsz, d->path, e->d_name, errno);
      break;
    }
  }
  closedir(dir);
  return rc;
}

/* }====================================================================== */

/* {======================================================================
** Walk
** ======================================================================= */

/* The walk lists a whole directory, closes it, then sorts: readdir order is the file
 * system's hash order, and an input order that changes between machines would change
 * deterministic output. Only one DIR is open at a time, however deep the tree. */
struct entry {
  char *name;
  unsigned char type;   /* d_type */
};

static int entry_cmp(const void *a, const void *b) {
  return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void free_entries(struct entry *v, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) free(v[i].name);
  free(v);
}

/* Reads the names of directory path (all but . and ..). 0 or -1 (errno). */
static int list_dir(const char *path, struct entry **out, size_t *count) {
  struct entry *v = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  DIR *dir = opendir(path);
  if (dir == NULL) return -1;
  for (;;) {
    errno = 0;
    e = readdir(dir);
    if (e == NULL) {
      if (errno != 0) goto fail;
      break;
    }
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    if (n == cap) {
      struct entry *nv;
      cap = cap ? cap * 2 : 16;
      nv = realloc(v, cap * sizeof *v);
      if (nv == NULL) goto fail;
      v = nv;
    }
    v[n].name = strdup(e->d_name);
    if (v[n].name == NULL) goto fail;
    v[n++].type = e->d_type;
  }
  closedir(dir);
  if (n > 1) qsort(v, n, sizeof *v, entry_cmp);   /* v is NULL for an empty directory */
  *out = v;
  *count = n;
  return 0;
fail:
  {
    int en = errno ? errno : ENOMEM;
    closedir(dir);
    free_entries(v, n);
    errno = en;
  }
  return -1;
}

/* path holds the directory (len bytes) in a PATH_MAX buffer that the walk extends and
 * restores: one buffer for the whole walk, no path string per entry. */
static int walk_dir(char *path, size_t len, int (*cb)(const char *, void *), void *ud,
                    char *err, size_t errsz) {
  struct entry *v;
  size_t n, i;
  int rc = 0;
  if (list_dir(path, &v, &n) != 0) return fail_errno(err, errsz, path, NULL, errno);
  for (i = 0; i < n && rc == 0; i++) {
    size_t k = strlen(v[i].name);
    int isdir = v[i].type == DT_DIR, isreg = v[i].type == DT_REG;
    size_t sep = len > 0 && path[len - 1] != '/';
    if (len + sep + k >= PATH_MAX) {
      path[len] = '\0';
      rc = fail_errno(err, errsz, path, v[i].name, ENAMETOOLONG);
      break;
    }
    if (sep) path[len] = '/';
    memcpy(path + len + sep, v[i].name, k + 1);
    /* d_type saves a stat per entry on the common file systems; DT_UNKNOWN (some network
     * and overlay file systems) and symlinks need one. */
    if (v[i].type == DT_LNK || v[i].type == DT_UNKNOWN) {
      struct stat st;
      /* A symlink counts only if it leads to a regular file; lstat tells an unknown type. */
      int r = v[i].type == DT_LNK ? stat(path, &st) : lstat(path, &st);
      if (r == 0 && S_ISREG(st.st_mode)) isreg = 1;
      else if (r == 0 && S_ISDIR(st.st_mode) && v[i].type == DT_UNKNOWN) isdir = 1;
      else if (r == 0 && S_ISLNK(st.st_mode) && stat(path, &st) == 0 && S_ISREG(st.st_mode))
        isreg = 1;
    }
    if (isreg) {
      rc = cb(path, ud);
      if (rc != 0) fail_msg(err, errsz, path, NULL, "walk stopped");
    } else if (isdir) {
      rc = walk_dir(path, len + sep + k, cb, ud, err, errsz);
    }
    path[len] = '\0';
  }
  free_entries(v, n);
  return rc;
}

static unsigned long long input_bytes;

void al_input_count(size_t n) { input_bytes += n; }

unsigned long long al_input_bytes(void) { return input_bytes; }

ssize_t al_read_some(int fd, void *buf, size_t n) {
  ssize_t got;
  /* EINTR: retried, unless a signal asks the run to stop (signals.h). */
  do got = read(fd, buf, n); while (got < 0 && errno == EINTR && !al_read_interrupted());
  if (got > 0) al_input_count((size_t)got);
  return got;
}

int al_open_input(const char *path, int *is_regular) {
  struct stat st;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    int err = S_ISDIR(st.st_mode) ? EISDIR : errno;
    close(fd);
    errno = err;
    return -1;
  }
  if (is_regular) *is_regular = S_ISREG(st.st_mode);
  return fd;
}

int al_walk(const char *dir, int (*cb)(const char *path, void *ud), void *ud, char *err,
            size_t errsz) {
  char path[PATH_MAX];
  struct stat st;
  size_t n = strlen(dir);
  int rc;
  if (stat(dir, &st) != 0) return fail_errno(err, errsz, dir, NULL, errno);
  if (S_ISREG(st.st_mode)) {
    rc = cb(dir, ud);
    if (rc != 0) fail_msg(err, errsz, dir, NULL, "walk stopped");
    return rc;
  }
  if (!S_ISDIR(st.st_mode)) return fail_errno(err, errsz, dir, NULL, ENOTDIR);
  if (n >= sizeof path) return fail_errno(err, errsz, dir, NULL, ENAMETOOLONG);
  memcpy(path, dir, n + 1);
  return walk_dir(path, n, cb, ud, err, errsz);
}

/* }====================================================================== */
