/*
** writer: results directory, file naming, content types (see writer.h).
*/
#define _GNU_SOURCE
#include "writer.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
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
  w->flags = o->fsync ? AL_PUB_FSYNC : 0;
  al_ids_init(&w->ids, o->deterministic, o->seed, o->seed_len);
  if (al_dir_open(&w->dir, dir, 1, err, errsz) != 0) return -1;
  if (o->clean && al_clean(&w->dir, err, errsz) != 0) {
    al_dir_close(&w->dir);
    return -1;
  }
  return 0;
}

void al_writer_close(struct al_writer *w) {
  /* The renames are durable only once the directory itself is synced. */
  if (w->dir.fd >= 0 && (w->flags & AL_PUB_FSYNC)) fsync(w->dir.fd);
  al_dir_close(&w->dir);
}

int al_writer_uuid(struct al_writer *w, char out[AL_UUID_LEN + 1], char *err, size_t errsz) {
  if (al_uuid(&w->ids, out) == 0) return 0;
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

int al_writer_result(struct al_writer *w, const char *uuid, enum al_status status,
                     const void *json, size_t len, char *err, size_t errsz) {
  char name[AL_UUID_MAX + 32];
  if (uuid_name(name, sizeof name, uuid, "-result.json", err, errsz) != 0 ||
      al_publish(&w->dir, name, json, len, w->flags, err, errsz) != 0)
    return -1;
  w->stats.results++;
  if ((unsigned)status < AL_NSTATUS) w->stats.status[status]++;
  return 0;
}

int al_writer_container(struct al_writer *w, const char *uuid, const void *json, size_t len,
                        char *err, size_t errsz) {
  char name[AL_UUID_MAX + 32];
  if (uuid_name(name, sizeof name, uuid, "-container.json", err, errsz) != 0 ||
      al_publish(&w->dir, name, json, len, w->flags, err, errsz) != 0)
    return -1;
  w->stats.containers++;
  return 0;
}

int al_writer_globals(struct al_writer *w, const char *uuid, const void *json, size_t len,
                      char *err, size_t errsz) {
  char name[AL_UUID_MAX + 32];
  if (uuid_name(name, sizeof name, uuid, "-globals.json", err, errsz) != 0 ||
      al_publish(&w->dir, name, json, len, w->flags, err, errsz) != 0)
    return -1;
  w->stats.globals++;
  return 0;
}

static int check_source(const char *source, char *err, size_t errsz) {
  if (al_source_ok(source, strlen(source))) return 0;
  if (errsz > 0) snprintf(err, errsz, "invalid attachment file name \"%.120s\"", source);
  errno = EINVAL;
  return -1;
}

int al_writer_attachment(struct al_writer *w, const char *source, const void *buf, size_t len,
                         char *err, size_t errsz) {
  if (check_source(source, err, errsz) != 0 ||
      al_publish(&w->dir, source, buf, len, w->flags, err, errsz) != 0)
    return -1;
  w->stats.attachments++;
  return 0;
}

int al_writer_attachment_copy(struct al_writer *w, const char *source, const char *path,
                              char *err, size_t errsz) {
  if (check_source(source, err, errsz) != 0 ||
      al_publish_copy(&w->dir, source, path, w->flags, err, errsz) != 0)
    return -1;
  w->stats.attachments++;
  return 0;
}

/* Launch-level files describe the run as a whole: the last call wins. */
int al_writer_replace(struct al_writer *w, const char *name, const void *buf, size_t len,
                      char *err, size_t errsz) {
  return al_publish(&w->dir, name, buf, len, w->flags | AL_PUB_REPLACE, err, errsz);
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
