/*
** lwriter: require "allure.writer" (docs/lua-api.md). Walks the Lua tables a script passes,
** field by field, checks types and enum values, serializes with jsonw and publishes with
** writer.c.
**
** Error channels: a wrong field (type, enum, unknown name) raises with the full field path
** ("result.steps[2].status: unknown status \"flaky\""); an I/O failure returns nil, msg.
** Nothing malloc'ed is held across a raise: all buffers belong to the Writer userdata,
** whose __gc frees them, and are reset at the start of each call.
**
** Fields are emitted in a fixed order whatever order lua_next visits them in (string hashes
** are seeded per process), so deterministic runs give byte-identical files. Only raw
** accesses are made (lua_next, lua_rawgeti): no Lua code runs during a call, so strings
** found in the caller's tables stay alive and can be pointed to until the call ends.
*/
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "fs.h"
#include "ident.h"
#include "jsonw.h"
#include "lbind.h"
#include "lmods.h"
#include "jspan.h"
#include "writer.h"

#define WRITER_MT "allure.writer.Writer"
#define NUMBUF 32           /* "%.14g" of any double, "%lld" of any integer */
#define MAX_DEPTH 100       /* nested steps; deeper is taken for a cycle */
#define ERRSZ 1024

/* One attachment file to publish before the document that names it. */
struct job {
  const char *content;      /* content form: the bytes (NULL: in nb) */
  const char *path;         /* path form: the source file (NULL: in nb) */
  struct al_lfile *file;    /* path form with a File (host dir:open): copied from its fd */
  struct al_lspan *span;    /* content form with a Span (json.elements): decoded from its file */
  size_t len;
  int is_path;
  char source[AL_SOURCE_MAX + 1];
  char nb[NUMBUF];          /* a number given as content or path, formatted */
};

/* One entry of a parameters array, checked. name/value point into Lua strings or nb. */
struct lparam {
  const char *name, *value;
  size_t name_len, value_len;
  int excluded;             /* -1 absent */
  int mode;                 /* -1 absent, else index in param_modes */
  char nb[2][NUMBUF];
};

struct lwriter {
  struct al_writer w;
  int open;
  struct jbuf out;          /* the document being built */
  struct jbuf aux;          /* historyId, attachment file lists */
  struct job *jobs;
  size_t njobs, capjobs;
  struct lparam *params;
  size_t capparams;
  struct al_param *hparams; /* the non-excluded ones, sorted for historyId */
  int by_content;           /* deterministic uuids also mix each record's own bytes */
};

/* {======================================================================
** Field paths and errors
** ======================================================================= */

/* A node of the path of the value being checked: a field (key) or an array index. */
struct path {
  const struct path *up;
  const char *key;          /* NULL: idx */
  lua_Integer idx;
};

#define FIELD(p, k) (&(struct path){(p), (k), 0})
#define INDEX(p, i) (&(struct path){(p), NULL, (i)})

static size_t path_format(const struct path *p, char *buf, size_t size) {
  size_t n = 0;
  int w;
  if (p == NULL) return 0;
  if (p->up != NULL) n = path_format(p->up, buf, size);
  if (n >= size) return n;
  if (p->key == NULL) w = snprintf(buf + n, size - n, "[%lld]", (long long)p->idx);
  else w = snprintf(buf + n, size - n, "%s%s", p->up ? "." : "", p->key);
  return n + (w > 0 ? (size_t)w : 0);
}

/* Raises "path: message". Both parts are formatted into C buffers first: nothing to free. */
static int raisef(lua_State *L, const struct path *p, const char *fmt, ...) {
  char where[256], msg[512];
  va_list ap;
  where[0] = '\0';
  path_format(p, where, sizeof where);
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return luaL_error(L, "%s: %s", where, msg);
}

/* raises "p: expected E, got TYPE" for the value at idx */
static int type_error(lua_State *L, const struct path *p, const char *expected, int idx) {
  return raisef(L, p, "expected %s, got %s", expected, luaL_typename(L, idx));
}

/* json.null (a NULL light userdata) reads as an absent value. */
static int is_null(lua_State *L, int idx) {
  return lua_type(L, idx) == LUA_TLIGHTUSERDATA && lua_touserdata(L, idx) == NULL;
}

/* }====================================================================== */

/* {======================================================================
** Reading values
** ======================================================================= */

/* Integers in full: "%.14g" would round 2^62 or a build number like 123456789012345678.
 * Floats with "%.14g" (Lua's own float format, minus its ".0" suffix). */
static size_t fmt_number(lua_State *L, int idx, char nb[NUMBUF]) {
  int n;
  if (lua_isinteger(L, idx)) n = snprintf(nb, NUMBUF, "%lld", (long long)lua_tointeger(L, idx));
  else n = snprintf(nb, NUMBUF, "%.14g", (double)lua_tonumber(L, idx));
  return (size_t)n;
}

/* The string at idx; a number is formatted into nb. Raises naming p for anything else.
 * The result points into the Lua string (alive while it sits in the caller's table or on the
 * stack) or into nb: never malloc'ed, so a later raise leaks nothing. */
static const char *str_at(lua_State *L, int idx, size_t *n, char nb[NUMBUF],
                          const struct path *p) {
  int t = lua_type(L, idx);
  if (t == LUA_TSTRING) return lua_tolstring(L, idx, n);
  if (t == LUA_TNUMBER) {
    *n = fmt_number(L, idx, nb);
    return nb;
  }
  type_error(L, p, "string", idx);
  return NULL;
}

/* A real boolean: no truthiness, since excluded = "false" would silently mean true. */
static int bool_at(lua_State *L, int idx, const struct path *p) {
  if (!lua_isboolean(L, idx)) type_error(L, p, "boolean", idx);
  return lua_toboolean(L, idx);
}

/* A number floored to an integer (times in ms, buildOrder). */
static long long int_at(lua_State *L, int idx, const struct path *p) {
  lua_Number d;
  if (lua_type(L, idx) != LUA_TNUMBER) type_error(L, p, "number", idx);
  if (lua_isinteger(L, idx)) return (long long)lua_tointeger(L, idx);
  d = floor(lua_tonumber(L, idx));
  /* The bounds are the doubles nearest the int64 range; NaN fails both tests. */
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
    raisef(L, p, "expected a finite integer number, got %g", (double)lua_tonumber(L, idx));
  return (long long)d;
}

/* The index of s in the NULL-terminated list names, or -1. A linear scan: the lists have
 * at most 18 names and the first-byte test rejects almost all of them at once. */
static int same(const char *name, const char *s, size_t n) {
  size_t j;
  /* s may hold a NUL: stop at name's end, so name[n] is read only when it exists. */
  for (j = 0; j < n; j++)
    if (name[j] == '\0' || name[j] != s[j]) return 0;
  return name[n] == '\0';
}

static int lookup(const char *const *names, const char *s, size_t n) {
  int i;
  /* s is NUL-terminated (a Lua string or nb), so s[0] is readable even when n == 0. */
  for (i = 0; names[i]; i++)
    if (names[i][0] == s[0] && same(names[i], s, n)) return i;
  return -1;
}

/* The fields of results, steps and fixtures, in the order they are written (identity
 * first, as the official writers do, which also makes files easy to eyeball). Steps and
 * fixtures allow the subset STEP_MASK. */
enum {
  F_UUID, F_HISTORYID, F_TESTCASEID, F_FULLNAME, F_NAME, F_TITLEPATH, F_STATUS,
  F_STATUSDETAILS, F_STAGE, F_DESCRIPTION, F_DESCRIPTIONHTML, F_START, F_STOP, F_LABELS,
  F_LINKS, F_PARAMETERS, F_STEPS, F_ATTACHMENTS, F_N
};
static const char *const exec_fields[F_N + 1] = {
  "uuid", "historyId", "testCaseId", "fullName", "name", "titlePath", "status",
  "statusDetails", "stage", "description", "descriptionHtml", "start", "stop", "labels",
  "links", "parameters", "steps", "attachments", NULL};

/* The field names of results, steps and fixtures are looked up for every key of every such
 * table: through a small hash of the first and last byte and the length instead of the scan.
 * exec_index[h]: 0 no field has hash h, 255 several do (then the scan decides), else the
 * field's index + 1. Filled once, by fields_index, when the module opens. */
#define EXEC_HASH(s, n) (((unsigned char)(s)[0] + 4u * (unsigned char)(s)[(n) - 1] + (unsigned)(n)) & 127u)
static unsigned char exec_index[128];

static int exec_lookup(const char *s, size_t n) {
  int i;
  if (n == 0) return -1;
  i = exec_index[EXEC_HASH(s, n)];
  if (i == 255) return lookup(exec_fields, s, n);
  i--;
  return i >= 0 && same(exec_fields[i], s, n) ? i : -1;
}

static void fields_index(void) {
  static int done;
  int i;
  if (done) return;
  for (i = 0; exec_fields[i]; i++) {
    size_t n = strlen(exec_fields[i]);
    unsigned h = EXEC_HASH(exec_fields[i], n);
    exec_index[h] = exec_index[h] == 0 ? (unsigned char)(i + 1) : 255;
  }
  done = 1;
}

/* An enum value at idx: its index in names. */
static int enum_at(lua_State *L, int idx, const char *const *names, const char *what,
                   const struct path *p) {
  char nb[NUMBUF];
  size_t n;
  const char *s = str_at(L, idx, &n, nb, p);
  int i = lookup(names, s, n);
  if (i < 0) raisef(L, p, "unknown %s \"%.60s\"", what, s);
  return i;
}

/* Checks idx holds an array and returns its length. A table with keys but no [1] is a
 * misuse (typically one label where an array of labels was meant). Extra keys next to a
 * non-empty sequence are not looked for: that would cost a full lua_next pass per array. */
static lua_Integer array_at(lua_State *L, int idx, const struct path *p) {
  lua_Integer n;
  if (!lua_istable(L, idx)) type_error(L, p, "array", idx);
  n = (lua_Integer)lua_rawlen(L, idx);
  if (n == 0) {
    lua_pushnil(L);                                     /* ..., nil: the first key */
    if (lua_next(L, idx)) raisef(L, p, "expected an array, got a table with non-array keys");
  }
  return n;
}

/* Reads the fields of the table at t into fresh stack slots: slot i (base + 1 + i) holds
 * names[i]'s value or nil. Only fields whose bit is in mask are allowed; any other key
 * raises. Returns base; the caller lua_settop(L, base)s when done.
 * One lua_next pass finds unknown fields and fetches the known ones at the same time; the
 * slots then let the emitter take fields in its own fixed order without hashing again. */
static int collect(lua_State *L, int t, const char *const *names, int n, unsigned long mask,
                   const struct path *p) {
  int base = lua_gettop(L), slot;
  luaL_checkstack(L, n + 4, "allure.writer: tables nested too deeply");
  for (slot = 0; slot < n; slot++) lua_pushnil(L);   /* ..., n nil slots (cheaper than settop) */
  lua_pushnil(L);                                /* ..., slots, first key */
  while (lua_next(L, t)) {                       /* ..., slots, key, value */
    size_t kl;
    const char *k;
    int i;
    if (lua_type(L, -2) != LUA_TSTRING) {
      if (lua_isinteger(L, -2)) raisef(L, INDEX(p, lua_tointeger(L, -2)), "unknown field");
      raisef(L, p, "unknown field of type %s", luaL_typename(L, -2));
    }
    k = lua_tolstring(L, -2, &kl);
    i = names == exec_fields ? exec_lookup(k, kl) : lookup(names, k, kl);
    if (i < 0 || !(mask >> i & 1)) raisef(L, FIELD(p, k), "unknown field");
    if (is_null(L, -1)) lua_pop(L, 1);                  /* ..., slots, key: null is absent */
    else lua_replace(L, base + 1 + i);           /* ..., slots, key */
  }
  return base;                                   /* ..., slots */
}

#define SLOT(i) (base + 1 + (i))
#define HAS(i) (!lua_isnil(L, SLOT(i)))

/* }====================================================================== */

/* {======================================================================
** Emitting values
** ======================================================================= */

static const char *const stages[] = {"scheduled", "running", "finished", "pending",
                                     "interrupted", NULL};
static const char *const param_modes[] = {"default", "masked", "hidden", NULL};

/* "key": string, when slot i is set. names[i] is the key (and the JSON name: the Lua API
 * uses Allure's own field names on purpose, so nothing is translated). */
static void put_str(lua_State *L, struct jw *jw, int base, int i, const char *const *names,
                    const struct path *p) {
  char nb[NUMBUF];
  size_t n;
  const char *s;
  if (!HAS(i)) return;
  s = str_at(L, SLOT(i), &n, nb, FIELD(p, names[i]));
  jw_key(jw, names[i]);
  jw_str(jw, s, n);
}

/* "key": boolean, when slot i is set; the stack unchanged */
static void put_bool(lua_State *L, struct jw *jw, int base, int i, const char *const *names,
                     const struct path *p) {
  if (!HAS(i)) return;
  jw_key(jw, names[i]);
  jw_bool(jw, bool_at(L, SLOT(i), FIELD(p, names[i])));
}

/* An array of strings (titlePath, children). Returns its length. */
static lua_Integer put_str_array(lua_State *L, struct jw *jw, int idx, const char *key,
                                 const struct path *p) {
  lua_Integer n = array_at(L, idx, p), i;
  jw_key(jw, key);
  jw_arr(jw);
  for (i = 1; i <= n; i++) {
    char nb[NUMBUF];
    size_t len;
    const char *s;
    lua_rawgeti(L, idx, i);                      /* ..., item */
    s = str_at(L, -1, &len, nb, INDEX(p, i));
    jw_str(jw, s, len);
    lua_pop(L, 1);                                      /* ... */
  }
  jw_end_arr(jw);
  return n;
}

/* "start"/"stop" from slots is/ip: floored; one alone stands for both; stop >= start.
 * Clamped here because allure2 would show a negative duration (Allure 3 clamps itself). */
static void put_times(lua_State *L, struct jw *jw, int base, int is, int ip,
                      const char *const *names, const struct path *p) {
  long long start = 0, stop = 0;
  int hs = HAS(is), hp = HAS(ip);
  if (!hs && !hp) return;
  if (hs) start = int_at(L, SLOT(is), FIELD(p, names[is]));
  if (hp) stop = int_at(L, SLOT(ip), FIELD(p, names[ip]));
  if (!hs) start = stop;
  if (!hs || !hp) JB_REPAIRED(jw->b, half_times);
  else if (stop < start) JB_REPAIRED(jw->b, times);
  if (!hp || stop < start) stop = start;
  jw_key(jw, "start");
  jw_int(jw, start);
  jw_key(jw, "stop");
  jw_int(jw, stop);
}

static const char *const details_fields[] = {"message", "trace", "actual", "expected",
                                             "known", "muted", "flaky", NULL};

/* "statusDetails" from the table at idx; the stack unchanged */
static void put_details(lua_State *L, struct jw *jw, int idx, const struct path *p) {
  int base, i;
  if (!lua_istable(L, idx)) type_error(L, p, "table", idx);
  base = collect(L, idx, details_fields, 7, 0x7F, p);
  jw_key(jw, "statusDetails");
  jw_obj(jw);
  for (i = 0; i < 4; i++) put_str(L, jw, base, i, details_fields, p);
  for (i = 4; i < 7; i++) put_bool(L, jw, base, i, details_fields, p);
  jw_end_obj(jw);
  lua_settop(L, base);                                  /* ... (the slots dropped) */
}

static const char *const label_fields[] = {"name", "value", NULL};
static const char *const link_fields[] = {"name", "url", "type", NULL};

/* labels (fields name,value; both required) or links (name,url,type; url required).
 * Required because readers drop or mis-show such entries: better a raise at the script line
 * that built them than a silently incomplete report.
 * A result has a handful of these small tables, so they take a leaner path than collect():
 * one lua_next pass notes where each string is (the table holds it, and no Lua code runs
 * until the call ends), and the checks are made after it in collect()'s order: an unknown
 * field first, then a missing required one, then a value of the wrong type. */
static void put_pairs(lua_State *L, struct jw *jw, int idx, const char *key, int links,
                      const struct path *p) {
  const char *const *names = links ? link_fields : label_fields;
  int nf = links ? 3 : 2;
  lua_Integer n = array_at(L, idx, p), i;
  jw_key(jw, key);
  jw_arr(jw);
  for (i = 1; i <= n; i++) {
    const struct path *ip = INDEX(p, i);
    const char *v[3] = {NULL, NULL, NULL};
    size_t vl[3] = {0, 0, 0};
    int vt[3] = {LUA_TNIL, LUA_TNIL, LUA_TNIL}, f, item;
    char nb[3][NUMBUF];
    lua_rawgeti(L, idx, i);                      /* ..., item */
    if (!lua_istable(L, -1)) type_error(L, ip, "table", -1);
    item = lua_gettop(L);                               /* ..., item (at item) */
    lua_pushnil(L);                              /* ..., item, first key */
    while (lua_next(L, item)) {                  /* ..., item, key, value */
      size_t kl;
      const char *k;
      int t;
      if (lua_type(L, -2) != LUA_TSTRING) {
        if (lua_isinteger(L, -2)) raisef(L, INDEX(ip, lua_tointeger(L, -2)), "unknown field");
        raisef(L, ip, "unknown field of type %s", luaL_typename(L, -2));
      }
      k = lua_tolstring(L, -2, &kl);
      f = lookup(names, k, kl);
      if (f < 0) raisef(L, FIELD(ip, k), "unknown field");
      t = lua_type(L, -1);
      if (t == LUA_TSTRING) {
        v[f] = lua_tolstring(L, -1, &vl[f]);
      } else if (t == LUA_TNUMBER) {
        vl[f] = fmt_number(L, -1, nb[f]);
        v[f] = nb[f];
      } else if (is_null(L, -1)) {
        t = LUA_TNIL;                            /* json.null: absent */
      }
      vt[f] = t;
      lua_pop(L, 1);                             /* ..., item, key */
    }
    for (f = 0; f < nf; f++) {
      int required = links ? f == 1 : 1;
      if (required && vt[f] == LUA_TNIL) raisef(L, FIELD(ip, names[f]), "expected string, got nil");
    }
    for (f = 0; f < nf; f++)
      if (vt[f] != LUA_TNIL && v[f] == NULL)
        raisef(L, FIELD(ip, names[f]), "expected string, got %s", lua_typename(L, vt[f]));
    jw_obj(jw);
    for (f = 0; f < nf; f++) {
      if (v[f] == NULL) continue;
      jw_key(jw, names[f]);
      jw_str(jw, v[f], vl[f]);
    }
    jw_end_obj(jw);
    lua_pop(L, 1);                               /* ... */
  }
  jw_end_arr(jw);
}

static const char *const param_fields[] = {"name", "value", "excluded", "mode", NULL};

/* Checks a parameters array into lw->params; returns its length. A result reads its
 * parameters once, early, because historyId (written near the top) depends on them; the
 * array is then reused for each step's parameters, which come after. */
static size_t read_params(lua_State *L, struct lwriter *lw, int idx, const struct path *p) {
  lua_Integer n = array_at(L, idx, p), i;
  /* All entries exist before any is filled: entries point into their own nb. */
  if ((size_t)n > lw->capparams) {
    struct lparam *np = realloc(lw->params, (size_t)n * sizeof *np);
    struct al_param *nh = np ? realloc(lw->hparams, (size_t)n * sizeof *nh) : NULL;
    if (np) lw->params = np;
    if (nh == NULL) return (size_t)luaL_error(L, "allure.writer: not enough memory");
    lw->hparams = nh;
    lw->capparams = (size_t)n;
  }
  for (i = 1; i <= n; i++) {
    struct lparam *q = &lw->params[i - 1];
    const struct path *ip = INDEX(p, i);
    int base;
    lua_rawgeti(L, idx, i);                             /* ..., param */
    if (!lua_istable(L, -1)) type_error(L, ip, "table", -1);
    base = collect(L, lua_gettop(L), param_fields, 4, 0xF, ip); /* ..., param, slots */
    q->name = str_at(L, SLOT(0), &q->name_len, q->nb[0], FIELD(ip, "name"));
    q->value = str_at(L, SLOT(1), &q->value_len, q->nb[1], FIELD(ip, "value"));
    q->excluded = HAS(2) ? bool_at(L, SLOT(2), FIELD(ip, "excluded")) : -1;
    q->mode = HAS(3) ? enum_at(L, SLOT(3), param_modes, "mode", FIELD(ip, "mode")) : -1;
    lua_settop(L, base - 1);                            /* ... */
  }
  return (size_t)n;
}

static void put_params(struct jw *jw, const struct lparam *q, size_t n) {
  size_t i;
  jw_key(jw, "parameters");
  jw_arr(jw);
  for (i = 0; i < n; i++, q++) {
    jw_obj(jw);
    jw_key(jw, "name");
    jw_str(jw, q->name, q->name_len);
    jw_key(jw, "value");
    jw_str(jw, q->value, q->value_len);
    if (q->excluded >= 0) {
      jw_key(jw, "excluded");
      jw_bool(jw, q->excluded);
    }
    if (q->mode >= 0) {
      jw_key(jw, "mode");
      jw_str(jw, param_modes[q->mode], strlen(param_modes[q->mode]));
    }
    jw_end_obj(jw);
  }
  jw_end_arr(jw);
}

/* md5 of the non-excluded parameters, for historyId. Sorted in a copy (hparams): the
 * parameters keep the script's order in the file. */
static void params_hash(struct lwriter *lw, size_t n, char out[AL_MD5_HEX_LEN + 1]) {
  size_t i, k = 0;
  for (i = 0; i < n; i++) {
    const struct lparam *q = &lw->params[i];
    if (q->excluded == 1) continue;
    lw->hparams[k].name = q->name;
    lw->hparams[k].name_len = q->name_len;
    lw->hparams[k].value = q->value;
    lw->hparams[k].value_len = q->value_len;
    k++;
  }
  al_params_md5(lw->hparams, k, out);
}

/* }====================================================================== */

/* {======================================================================
** Attachments
** ======================================================================= */

enum { A_NAME, A_SOURCE, A_TYPE, A_CONTENT, A_PATH, A_EXT, A_TIMESTAMP, A_N };
static const char *const att_fields[] = {"name", "source", "type", "content", "path", "ext",
                                         "timestamp", NULL};

/* A checked attachment entry, ready to be emitted (and its file queued as a job). */
struct att {
  const char *name, *type, *source;
  size_t name_len, type_len, source_len;
  long long timestamp;
  int has_timestamp;
  char nb[3][NUMBUF];
};

/* A new entry at the end of lw->jobs (which may move: see put_att). */
static struct job *new_job(lua_State *L, struct lwriter *lw) {
  if (lw->njobs == lw->capjobs) {
    size_t cap = lw->capjobs ? lw->capjobs * 2 : 8;
    struct job *nj = realloc(lw->jobs, cap * sizeof *nj);
    if (nj == NULL) luaL_error(L, "allure.writer: not enough memory");
    lw->jobs = nj;
    lw->capjobs = cap;
  }
  return &lw->jobs[lw->njobs++];
}

/* A job's attachment uuid. With content-derived uuids it mixes what is known of the content
 * before the copy: the bytes themselves (a Span's as they stand in the input); for a File
 * its path and size, for a path its path, as the copy is made later. */
static int att_uuid(struct lwriter *lw, const struct job *j, char uuid[AL_UUID_LEN + 1],
                    char *err, size_t errsz) {
  char mix[AL_MD5_HEX_LEN + 1 + 24];
  size_t n;
  if (!lw->by_content) return al_writer_uuid(&lw->w, uuid, err, errsz);
  if (j->file != NULL) {
    al_md5_hex(j->file->rel, strlen(j->file->rel), mix);
    n = AL_MD5_HEX_LEN + (size_t)snprintf(mix + AL_MD5_HEX_LEN, 25, ":%lld", j->file->size);
  } else if (j->span != NULL) {
    /* Its bytes as they stand in the input (escapes and base64 included: the same bytes
     * decode alike); where they cannot be read, the copy will say so. */
    const struct al_lspan *sp = j->span;
    if (*sp->fd < 0 || al_md5_fd_range(*sp->fd, sp->off, sp->len, mix) != 0)
      snprintf(mix, sizeof mix, "span:%lld:%lld", sp->off, sp->len);
    n = strlen(mix);
  } else if (j->is_path) {
    const char *path = j->path ? j->path : j->nb;
    al_md5_hex(path, strlen(path), mix);
    n = AL_MD5_HEX_LEN;
  } else {
    al_md5_hex(j->content ? j->content : j->nb, j->len, mix);
    n = AL_MD5_HEX_LEN;
  }
  return al_writer_uuid_mixed(&lw->w, mix, n, uuid, err, errsz);
}

/* Checks the attachment table at idx and fills a. The content and path forms get a fresh
 * uuid and a job (their file is written later, before the document, so that a raise while
 * checking the rest of the table leaves no file behind); source_ok says whether the source
 * form is allowed (not for w:attachment). */
static void read_att(lua_State *L, struct lwriter *lw, int idx, const struct path *p,
                     int with_timestamp, int source_ok, struct att *a) {
  unsigned long mask = with_timestamp ? 0x7F : 0x3F;
  int base, nforms;
  const char *ext = NULL;
  size_t ext_len = 0, n;
  char enb[NUMBUF];
  if (!lua_istable(L, idx)) type_error(L, p, "table", idx);
  base = collect(L, idx, att_fields, A_N, mask, p);
  memset(a, 0, sizeof *a);
  nforms = HAS(A_SOURCE) + HAS(A_CONTENT) + HAS(A_PATH);
  if (nforms != 1) {
    if (nforms == 0)
      raisef(L, p, source_ok ? "needs one of source, content, path" : "needs content or path");
    raisef(L, p, "source, content and path exclude each other");
  }
  if (HAS(A_NAME)) a->name = str_at(L, SLOT(A_NAME), &a->name_len, a->nb[0], FIELD(p, "name"));
  if (HAS(A_TYPE)) a->type = str_at(L, SLOT(A_TYPE), &a->type_len, a->nb[1], FIELD(p, "type"));
  if (HAS(A_TIMESTAMP)) {
    a->timestamp = int_at(L, SLOT(A_TIMESTAMP), FIELD(p, "timestamp"));
    a->has_timestamp = 1;
  }
  if (HAS(A_EXT)) {
    if (HAS(A_SOURCE)) raisef(L, FIELD(p, "ext"), "only with content or path");
    ext = str_at(L, SLOT(A_EXT), &ext_len, enb, FIELD(p, "ext"));
    ext_len = al_ext_normalize(&ext, ext_len);   /* an unusable one is dropped */
  }
  if (HAS(A_SOURCE)) {
    if (!source_ok) raisef(L, FIELD(p, "source"), "not allowed here (use content or path)");
    a->source = str_at(L, SLOT(A_SOURCE), &a->source_len, a->nb[2], FIELD(p, "source"));
    if (!al_source_ok(a->source, a->source_len))
      raisef(L, FIELD(p, "source"), "invalid file name \"%.100s\" (want ^[a-zA-Z0-9._-]{1,100}$)",
             a->source);
  } else {
    struct job *j = new_job(L, lw);
    char uuid[AL_UUID_LEN + 1], err[ERRSZ];
    const char *src;
    j->file = NULL;
    j->span = NULL;
    if (HAS(A_CONTENT) && (j->span = luaL_testudata(L, SLOT(A_CONTENT), AL_SPAN_MT)) != NULL) {
      /* The table holds the Span (and so its reader) until the jobs have run. */
      j->is_path = 0;
      j->content = NULL;
      j->len = 0;
    } else if (HAS(A_PATH) && (j->file = luaL_testudata(L, SLOT(A_PATH), AL_FILE_MT)) != NULL) {
      /* The table holds the File until the jobs have run (the caller's argument). */
      src = j->file->rel;
      n = strlen(src);
      j->is_path = 1;
      j->path = src;
      if (ext_len == 0) {
        ext = al_path_ext(src, n, &ext_len);
        if (ext != NULL) ext_len = al_ext_normalize(&ext, ext_len);
      }
    } else if (HAS(A_PATH)) {
      src = str_at(L, SLOT(A_PATH), &n, j->nb, FIELD(p, "path"));
      j->is_path = 1;
      j->path = src == j->nb ? NULL : src;
      if (ext_len == 0) {
        ext = al_path_ext(src, n, &ext_len);
        if (ext != NULL) ext_len = al_ext_normalize(&ext, ext_len);
      }
    } else {
      src = str_at(L, SLOT(A_CONTENT), &n, j->nb, FIELD(p, "content"));
      j->is_path = 0;
      j->content = src == j->nb ? NULL : src;
      j->len = n;
    }
    if (a->type == NULL) {
      /* Guess from the extension's last part, as "tar.gz" -> "gz". */
      if (ext_len > 0) {
        size_t last = ext_len;
        while (last > 0 && ext[last - 1] != '.') last--;
        a->type = al_type_for_ext(ext + last, ext_len - last);
      } else if (!j->is_path) {
        a->type = "text/plain";
      }
      if (a->type) a->type_len = strlen(a->type);
    }
    /* Extension precedence: ext, then the path's, then the type's. */
    if (ext_len == 0 && a->type != NULL) {
      ext = al_ext_for_type(a->type, a->type_len);
      ext_len = ext ? strlen(ext) : 0;
    }
    if (att_uuid(lw, j, uuid, err, sizeof err) != 0) luaL_error(L, "%s", err);
    a->source_len = al_attachment_source(j->source, uuid, ext_len ? ext : NULL, ext_len);
    a->source = j->source;
  }
  lua_settop(L, base);                                  /* ... (the slots dropped) */
}

/* Emits a as an attachment object. For a job's source, a->source points into lw->jobs,
 * which new_job may move: emit before reading the next attachment. */
static void put_att(struct jw *jw, const struct att *a) {
  jw_obj(jw);
  if (a->name) {
    jw_key(jw, "name");
    jw_str(jw, a->name, a->name_len);
  }
  jw_key(jw, "source");
  jw_str(jw, a->source, a->source_len);
  if (a->type) {
    jw_key(jw, "type");
    jw_str(jw, a->type, a->type_len);
  }
  if (a->has_timestamp) {
    jw_key(jw, "timestamp");
    jw_int(jw, a->timestamp);
  }
  jw_end_obj(jw);
}

/* "attachments" from the list at idx; the stack unchanged */
static void put_atts(lua_State *L, struct lwriter *lw, struct jw *jw, int idx, int globals,
                     const struct path *p) {
  lua_Integer n = array_at(L, idx, p), i;
  jw_key(jw, "attachments");
  jw_arr(jw);
  for (i = 1; i <= n; i++) {
    struct att a;
    lua_rawgeti(L, idx, i);                             /* ..., attachment */
    read_att(L, lw, lua_gettop(L), INDEX(p, i), globals, 1, &a);
    put_att(jw, &a);
    lua_pop(L, 1);                                      /* ... */
  }
  jw_end_arr(jw);
}

/* A File's bytes, from the fd opened when the path was checked; closed afterwards (a report
 * may name thousands of files: none stays open longer than its result). A File written a
 * second time is opened again the same safe way, and never copied beyond its first size. */
static int copy_file(struct lwriter *lw, struct job *j, char *err, size_t errsz) {
  struct al_lfile *f = j->file;
  int r;
  if (f->fd < 0) {
    struct stat st;
    f->fd = al_open_beneath(f->dirfd, f->rel, &st);
    if (f->fd < 0) {
      if (errsz > 0) snprintf(err, errsz, "%s: %s", f->rel, strerror(errno));
      return -1;
    }
  }
  r = al_writer_attachment_fd(&lw->w, j->source, f->fd, (unsigned long long)f->size, f->rel,
                              err, errsz);
  close(f->fd);
  f->fd = -1;
  return r;
}

/* A Span's bytes, decoded from the reader's file in pieces. */
struct span_copy {
  struct al_jspan s;
  char out[AL_JSPAN_OUT];
};

static long span_next(void *ctx, const char **p, char *err, size_t errsz) {
  struct span_copy *c = ctx;
  *p = c->out;
  return al_jspan_next(&c->s, c->out, err, errsz);
}

static int copy_span(struct lwriter *lw, struct job *j, char *err, size_t errsz) {
  const struct al_lspan *sp = j->span;
  struct span_copy *c;
  int r;
  if (*sp->fd < 0) {
    if (errsz > 0) snprintf(err, errsz, "%s: the JSON reader of its content is closed", j->source);
    return -1;
  }
  if ((c = malloc(sizeof *c)) == NULL) {
    if (errsz > 0) snprintf(err, errsz, "%s: not enough memory", j->source);
    return -1;
  }
  al_jspan_start(&c->s, *sp->fd, (off_t)sp->off, (unsigned long long)sp->len, sp->escaped, sp->base64);
  r = al_writer_attachment_stream(&lw->w, j->source, span_next, c, err, errsz);
  free(c);
  return r;
}

/* Publishes the queued attachment files in order. 0, or -1 with err filled. The files
 * published before a failure stay: unreferenced attachments are harmless to readers, and a
 * watcher may have uploaded them already anyway. */
static int run_jobs(struct lwriter *lw, char *err, size_t errsz) {
  size_t i;
  for (i = 0; i < lw->njobs; i++) {
    struct job *j = &lw->jobs[i];
    int r;
    if (j->file != NULL) {
      r = copy_file(lw, j, err, errsz);
    } else if (j->span != NULL) {
      r = copy_span(lw, j, err, errsz);
    } else if (j->is_path) {
      r = al_writer_attachment_copy(&lw->w, j->source, j->path ? j->path : j->nb, err, errsz);
    } else {
      r = al_writer_attachment(&lw->w, j->source, j->content ? j->content : j->nb, j->len, err,
                               errsz);
    }
    if (r != 0) return -1;
  }
  return 0;
}

/* }====================================================================== */

/* {======================================================================
** Results, steps, fixtures
** ======================================================================= */

#define BIT(f) (1ul << (f))
#define RESULT_MASK ((1ul << F_N) - 1)
#define STEP_MASK                                                                         \
  (BIT(F_NAME) | BIT(F_STATUS) | BIT(F_STATUSDETAILS) | BIT(F_STAGE) | BIT(F_DESCRIPTION) | \
   BIT(F_DESCRIPTIONHTML) | BIT(F_START) | BIT(F_STOP) | BIT(F_PARAMETERS) | BIT(F_STEPS) | \
   BIT(F_ATTACHMENTS))

enum exec_kind { K_RESULT, K_STEP, K_FIXTURE };

static void put_step(lua_State *L, struct lwriter *lw, struct jw *jw, int idx,
                     enum exec_kind kind, const struct path *p, int depth);

/* name with the display-name rules; falls back to fullName's, then to a fixed text: the
 * generators show "Unknown test" for a nameless result anyway, and TestOps drops it. */
static void put_name(lua_State *L, struct jw *jw, int base, int has_full, enum exec_kind kind,
                     const struct path *p) {
  static const char *const fallback[] = {"Unknown test", "Unknown step", "Unknown fixture"};
  char nb[NUMBUF];
  size_t n;
  const char *s;
  jw_key(jw, "name");
  if (HAS(F_NAME)) {
    s = str_at(L, SLOT(F_NAME), &n, nb, FIELD(p, "name"));
    if (jw_name(jw, s, n)) return;
  }
  JB_REPAIRED(jw->b, names);
  if (has_full) {
    s = str_at(L, SLOT(F_FULLNAME), &n, nb, FIELD(p, "fullName"));
    if (jw_name(jw, s, n)) return;
  }
  jw_str(jw, fallback[kind], strlen(fallback[kind]));
}

/* Everything after the identity fields, shared by results, steps and fixtures. For a
 * result, nparams >= 0 says its parameters are already in lw->params. Returns the status
 * (AL_UNKNOWN when absent). */
static int put_body(lua_State *L, struct lwriter *lw, struct jw *jw, int base,
                    enum exec_kind kind, long nparams, const struct path *p, int depth) {
  int status = AL_UNKNOWN;
  if (HAS(F_STATUS))
    status = enum_at(L, SLOT(F_STATUS), al_status_names, "status", FIELD(p, "status"));
  if (HAS(F_STATUS) || kind == K_RESULT) {
    jw_key(jw, "status");
    jw_str(jw, al_status_names[status], strlen(al_status_names[status]));
  }
  if (HAS(F_STATUSDETAILS)) put_details(L, jw, SLOT(F_STATUSDETAILS), FIELD(p, "statusDetails"));
  if (HAS(F_STAGE) || kind == K_RESULT) {
    int stage = 2;   /* finished */
    if (HAS(F_STAGE)) stage = enum_at(L, SLOT(F_STAGE), stages, "stage", FIELD(p, "stage"));
    jw_key(jw, "stage");
    jw_str(jw, stages[stage], strlen(stages[stage]));
  }
  put_str(L, jw, base, F_DESCRIPTION, exec_fields, p);
  put_str(L, jw, base, F_DESCRIPTIONHTML, exec_fields, p);
  put_times(L, jw, base, F_START, F_STOP, exec_fields, p);
  if (HAS(F_LABELS)) put_pairs(L, jw, SLOT(F_LABELS), "labels", 0, FIELD(p, "labels"));
  if (HAS(F_LINKS)) put_pairs(L, jw, SLOT(F_LINKS), "links", 1, FIELD(p, "links"));
  if (HAS(F_PARAMETERS)) {
    if (nparams < 0) nparams = (long)read_params(L, lw, SLOT(F_PARAMETERS), FIELD(p, "parameters"));
    put_params(jw, lw->params, (size_t)nparams);
  }
  if (HAS(F_STEPS)) {
    const struct path *sp = FIELD(p, "steps");
    lua_Integer n = array_at(L, SLOT(F_STEPS), sp), i;
    jw_key(jw, "steps");
    jw_arr(jw);
    for (i = 1; i <= n; i++) {
      lua_rawgeti(L, SLOT(F_STEPS), i);          /* ..., step */
      put_step(L, lw, jw, lua_gettop(L), K_STEP, INDEX(sp, i), depth + 1);
      lua_pop(L, 1);                                    /* ... */
    }
    jw_end_arr(jw);
  }
  if (HAS(F_ATTACHMENTS)) put_atts(L, lw, jw, SLOT(F_ATTACHMENTS), 0, FIELD(p, "attachments"));
  return status;
}

/* A step or fixture object from the table at idx; the stack unchanged. */
static void put_step(lua_State *L, struct lwriter *lw, struct jw *jw, int idx,
                     enum exec_kind kind, const struct path *p, int depth) {
  int base;
  if (depth > MAX_DEPTH) raisef(L, p, "steps nested deeper than %d (a cycle?)", MAX_DEPTH);
  if (!lua_istable(L, idx)) type_error(L, p, "table", idx);
  base = collect(L, idx, exec_fields, F_N, STEP_MASK, p);
  jw_obj(jw);
  put_name(L, jw, base, 0, kind, p);
  put_body(L, lw, jw, base, kind, -1, p, depth);
  jw_end_obj(jw);
  lua_settop(L, base);                                  /* ... (the slots dropped) */
}

/* {======================================================================
** Uuids that follow the content (w:seed_input(key, true))
** ======================================================================= */

/* When an input's bytes do not decide its output (a pipe; a clock read from the file's
 * mtime or now), two different records could get one deterministic uuid and collide in a
 * shared directory. Then each document's uuid also mixes the md5 of its own bytes after the
 * uuid, and an attachment's the md5 of its content: the same record gives the same name (a
 * re-run rewrites identical files), a different one another name. */

/* Writes a placeholder uuid at the document's start; returns its offset in lw->out. */
static size_t uuid_placeholder(struct jw *jw, struct lwriter *lw) {
  static const char zeros[AL_UUID_LEN] = "000000000000000000000000000000000000";
  size_t at;
  jw_key(jw, "uuid");
  at = lw->out.len + 1;                                 /* after the opening quote */
  jw_str(jw, zeros, AL_UUID_LEN);
  return at;
}

/* The uuid of the document in lw->out from mix (the identity, or NULL) and the bytes after
 * the placeholder at `at`, written into uuid and over the placeholder. 0 or -1 (err). */
static int uuid_from_content(struct lwriter *lw, size_t at, const char *mix, size_t mix_len,
                             char uuid[AL_UUID_MAX + 1], char *err, size_t errsz) {
  char buf[2 * AL_MD5_HEX_LEN + 2 + AL_MD5_HEX_LEN + 1];
  size_t n = 0;
  if (lw->out.oom) {                                    /* check_oom raises it */
    memset(uuid, '0', AL_UUID_LEN);
    uuid[AL_UUID_LEN] = '\0';
    return 0;
  }
  if (mix != NULL) {
    /* The identity is a formula's 65 bytes or a script's historyId: its md5 fits. */
    if (mix_len <= 2 * AL_MD5_HEX_LEN + 1) {
      memcpy(buf, mix, mix_len);
      n = mix_len;
    } else {
      al_md5_hex(mix, mix_len, buf);
      n = AL_MD5_HEX_LEN;
    }
    buf[n++] = ':';
  }
  at += AL_UUID_LEN;
  al_md5_hex(lw->out.p + at, lw->out.len - at, buf + n);
  n += AL_MD5_HEX_LEN;
  if (al_writer_uuid_mixed(&lw->w, buf, n, uuid, err, errsz) != 0) return -1;
  memcpy(lw->out.p + at - AL_UUID_LEN, uuid, AL_UUID_LEN);
  return 0;
}

/* }====================================================================== */

/* Serializes the result table at idx into lw->out; the uuid goes to uuid. Returns the status. */
static int build_result(lua_State *L, struct lwriter *lw, int idx, char uuid[AL_UUID_MAX + 1]) {
  const struct path *p = FIELD(NULL, "result");
  struct jw jw;
  char nb[NUMBUF], tnb[NUMBUF], tcid_hex[AL_MD5_HEX_LEN + 1], phash[AL_MD5_HEX_LEN + 1], err[ERRSZ];
  const char *tcid = NULL, *s;
  size_t tcid_len = 0, n;
  long nparams = 0;
  int base = collect(L, idx, exec_fields, F_N, RESULT_MASK, p), status;
  const char *mix = NULL;
  size_t mix_len = 0, uuid_at = 0;
  char hnb[NUMBUF], mixbuf[2 * AL_MD5_HEX_LEN + 2];
  int by_content = lw->by_content && !HAS(F_UUID);

  /* Identity: the allure-js formulas (docs/allure-format.md 7.3). Found before the uuid,
   * which mixes it in when deterministic: two inputs' results then differ by more than a
   * counter (ident.h). */
  if (HAS(F_PARAMETERS))
    nparams = (long)read_params(L, lw, SLOT(F_PARAMETERS), FIELD(p, "parameters"));
  if (HAS(F_TESTCASEID)) {
    tcid = str_at(L, SLOT(F_TESTCASEID), &tcid_len, tnb, FIELD(p, "testCaseId"));
  } else if (HAS(F_FULLNAME)) {
    s = str_at(L, SLOT(F_FULLNAME), &n, nb, FIELD(p, "fullName"));
    al_test_case_id(s, n, tcid_hex);
    tcid = tcid_hex;
    tcid_len = AL_MD5_HEX_LEN;
  }
  if (HAS(F_HISTORYID)) {
    mix = str_at(L, SLOT(F_HISTORYID), &mix_len, hnb, FIELD(p, "historyId"));
  } else if (tcid != NULL) {
    params_hash(lw, (size_t)nparams, phash);
    if (lw->w.ids.deterministic) {
      if (tcid_len == AL_MD5_HEX_LEN) memcpy(mixbuf, tcid, AL_MD5_HEX_LEN);
      else al_md5_hex(tcid, tcid_len, mixbuf);
      mixbuf[AL_MD5_HEX_LEN] = ':';
      memcpy(mixbuf + AL_MD5_HEX_LEN + 1, phash, AL_MD5_HEX_LEN + 1);
      mix = mixbuf;
      mix_len = 2 * AL_MD5_HEX_LEN + 1;
    }
  }

  jw_init(&jw, &lw->out);
  jw_obj(&jw);
  if (HAS(F_UUID)) {
    s = str_at(L, SLOT(F_UUID), &n, nb, FIELD(p, "uuid"));
    if (!al_uuid_ok(s, n))
      raisef(L, FIELD(p, "uuid"), "invalid uuid \"%.80s\" (want 1-64 of A-Z a-z 0-9 . _ -)", s);
    memcpy(uuid, s, n + 1);
  } else if (by_content) {
    uuid_at = uuid_placeholder(&jw, lw);
  } else if (al_writer_uuid_mixed(&lw->w, mix, mix_len, uuid, err, sizeof err) != 0) {
    /* No randomness from the kernel: a broken system, not bad data; raise like OOM. */
    luaL_error(L, "%s", err);
  }
  if (!by_content) {
    jw_key(&jw, "uuid");
    jw_str(&jw, uuid, strlen(uuid));
  }

  if (HAS(F_HISTORYID)) {
    put_str(L, &jw, base, F_HISTORYID, exec_fields, p);
  } else if (tcid != NULL) {
    jw_key(&jw, "historyId");                    /* tcid ":" hash, without a copy */
    jw_str_begin(&jw);
    jw_str_part(&jw, tcid, tcid_len);
    jw_str_part(&jw, ":", 1);
    jw_str_part(&jw, phash, AL_MD5_HEX_LEN);
    jw_str_end(&jw);
  }
  if (tcid != NULL) {
    jw_key(&jw, "testCaseId");
    jw_str(&jw, tcid, tcid_len);
  }
  put_str(L, &jw, base, F_FULLNAME, exec_fields, p);
  put_name(L, &jw, base, HAS(F_FULLNAME), K_RESULT, p);
  if (HAS(F_TITLEPATH)) put_str_array(L, &jw, SLOT(F_TITLEPATH), "titlePath", FIELD(p, "titlePath"));
  status = put_body(L, lw, &jw, base, K_RESULT, HAS(F_PARAMETERS) ? nparams : -1, p, 0);
  jw_end_obj(&jw);
  if (by_content && uuid_from_content(lw, uuid_at, mix, mix_len, uuid, err, sizeof err) != 0)
    luaL_error(L, "%s", err);
  lua_settop(L, base);                                  /* ... (the slots dropped) */
  return status;
}

/* }====================================================================== */

/* {======================================================================
** Writer methods
** ======================================================================= */

/* Self of a method that needs an open writer; using a closed one is a misuse. */
static struct lwriter *check_writer(lua_State *L) {
  struct lwriter *lw = luaL_checkudata(L, 1, WRITER_MT);
  if (!lw->open) luaL_error(L, "attempt to use a closed writer");
  return lw;
}

/* Starts a call that builds a document: buffers emptied, no jobs. Emptied here rather than
 * at the end, because a raise may leave them in any state. */
static struct lwriter *begin(lua_State *L) {
  struct lwriter *lw = check_writer(L);
  luaL_checktype(L, 2, LUA_TTABLE);
  jb_clear(&lw->out);
  jb_clear(&lw->aux);
  lw->njobs = 0;
  return lw;
}

/* Out of memory is neither bad data nor misuse, but Lua treats it as an error: so do we. */
static void check_oom(lua_State *L, struct lwriter *lw) {
  if (lw->out.oom || lw->aux.oom) luaL_error(L, "allure.writer: not enough memory");
}

/* The bad-data channel: nil (luaL_pushfail), message. */
static int push_fail(lua_State *L, const char *err) {
  luaL_pushfail(L);                                     /* nil */
  lua_pushstring(L, err);                               /* nil, err */
  return 2;
}

/* w:result(t) -> uuid | nil, err */
static int writer_result(lua_State *L) {
  struct lwriter *lw = begin(L);
  char uuid[AL_UUID_MAX + 1], err[ERRSZ];
  int top = lua_gettop(L), status = build_result(L, lw, 2, uuid);
  assert(lua_gettop(L) == top);                  /* every slot the walk pushed is gone */
  (void)top;
  check_oom(L, lw);
  /* Attachments first: the result file is the completion marker of everything it names. */
  if (run_jobs(lw, err, sizeof err) != 0 ||
      al_writer_result(&lw->w, uuid, (enum al_status)status, lw->out.p, lw->out.len, err,
                       sizeof err) != 0)
    return push_fail(L, err);
  lua_pushstring(L, uuid);                              /* uuid */
  return 1;
}

/* w:attachment(a) -> {name=, source=, type=} | nil, err */
static int writer_attachment(lua_State *L) {
  struct lwriter *lw = begin(L);
  struct att a;
  char err[ERRSZ];
  read_att(L, lw, 2, FIELD(NULL, "attachment"), 0, 0, &a);
  if (run_jobs(lw, err, sizeof err) != 0) return push_fail(L, err);
  lua_createtable(L, 0, 3);                             /* attachment */
  if (a.name) {
    lua_pushlstring(L, a.name, a.name_len);             /* attachment, name */
    lua_setfield(L, -2, "name");                        /* attachment */
  }
  lua_pushlstring(L, a.source, a.source_len);           /* attachment, source */
  lua_setfield(L, -2, "source");                        /* attachment */
  if (a.type) {
    lua_pushlstring(L, a.type, a.type_len);             /* attachment, type */
    lua_setfield(L, -2, "type");                        /* attachment */
  }
  return 1;
}

enum { C_UUID, C_NAME, C_CHILDREN, C_BEFORES, C_AFTERS, C_START, C_STOP, C_N };
static const char *const container_fields[] = {"uuid", "name", "children", "befores", "afters",
                                               "start", "stop", NULL};

/* w:container(t) -> uuid | nil, err. Children are not checked against the results written:
 * a container may name results of another writer or run (the readers join on uuid only). */
static int writer_container(lua_State *L) {
  struct lwriter *lw = begin(L);
  const struct path *p = FIELD(NULL, "container");
  char uuid[AL_UUID_MAX + 1], err[ERRSZ], nb[NUMBUF];
  struct jw jw;
  int base = collect(L, 2, container_fields, C_N, (1ul << C_N) - 1, p), f;
  int by_content = lw->by_content && !HAS(C_UUID);
  size_t uuid_at = 0;
  jw_init(&jw, &lw->out);
  jw_obj(&jw);
  if (HAS(C_UUID)) {
    size_t n;
    const char *s = str_at(L, SLOT(C_UUID), &n, nb, FIELD(p, "uuid"));
    if (!al_uuid_ok(s, n))
      raisef(L, FIELD(p, "uuid"), "invalid uuid \"%.80s\" (want 1-64 of A-Z a-z 0-9 . _ -)", s);
    memcpy(uuid, s, n + 1);
  } else if (by_content) {
    uuid_at = uuid_placeholder(&jw, lw);
  } else if (al_writer_uuid(&lw->w, uuid, err, sizeof err) != 0) {
    luaL_error(L, "%s", err);
  }
  if (!by_content) {
    jw_key(&jw, "uuid");
    jw_str(&jw, uuid, strlen(uuid));
  }
  put_str(L, &jw, base, C_NAME, container_fields, p);
  /* Both readers ignore a container without children: that is a script bug. */
  if (!HAS(C_CHILDREN)) type_error(L, FIELD(p, "children"), "array", SLOT(C_CHILDREN));
  if (put_str_array(L, &jw, SLOT(C_CHILDREN), "children", FIELD(p, "children")) == 0)
    raisef(L, FIELD(p, "children"), "empty (readers ignore a container without children)");
  for (f = C_BEFORES; f <= C_AFTERS; f++) {
    const struct path *fp = FIELD(p, container_fields[f]);
    lua_Integer n, i;
    if (!HAS(f)) continue;
    n = array_at(L, SLOT(f), fp);
    jw_key(&jw, container_fields[f]);
    jw_arr(&jw);
    for (i = 1; i <= n; i++) {
      lua_rawgeti(L, SLOT(f), i);
      put_step(L, lw, &jw, lua_gettop(L), K_FIXTURE, INDEX(fp, i), 0);
      lua_pop(L, 1);
    }
    jw_end_arr(&jw);
  }
  put_times(L, &jw, base, C_START, C_STOP, container_fields, p);
  jw_end_obj(&jw);
  if (by_content && uuid_from_content(lw, uuid_at, NULL, 0, uuid, err, sizeof err) != 0)
    luaL_error(L, "%s", err);
  lua_settop(L, base);
  check_oom(L, lw);
  if (run_jobs(lw, err, sizeof err) != 0 ||
      al_writer_container(&lw->w, uuid, lw->out.p, lw->out.len, err, sizeof err) != 0)
    return push_fail(L, err);
  lua_pushstring(L, uuid);
  return 1;
}

static const char *const globals_fields[] = {"errors", "attachments", NULL};
static const char *const error_fields[] = {"message", "trace", "actual", "expected",
                                           "timestamp", NULL};

/* w:globals(t) -> uuid | nil, err. The file has no uuid field; its name carries one, drawn
 * after the attachments' so that the deterministic sequence follows the table's order. */
static int writer_globals(lua_State *L) {
  struct lwriter *lw = begin(L);
  const struct path *p = FIELD(NULL, "globals");
  char uuid[AL_UUID_LEN + 1], err[ERRSZ];
  struct jw jw;
  int base = collect(L, 2, globals_fields, 2, 3, p);
  jw_init(&jw, &lw->out);
  jw_obj(&jw);
  if (HAS(0)) {
    const struct path *ep = FIELD(p, "errors");
    lua_Integer n = array_at(L, SLOT(0), ep), i;
    jw_key(&jw, "errors");
    jw_arr(&jw);
    for (i = 1; i <= n; i++) {
      const struct path *ip = INDEX(ep, i);
      int eb, f;
      lua_rawgeti(L, SLOT(0), i);
      if (!lua_istable(L, -1)) type_error(L, ip, "table", -1);
      eb = collect(L, lua_gettop(L), error_fields, 5, 0x1F, ip);
      jw_obj(&jw);
      for (f = 0; f < 4; f++) put_str(L, &jw, eb, f, error_fields, ip);
      if (!lua_isnil(L, eb + 1 + 4)) {
        jw_key(&jw, "timestamp");
        jw_int(&jw, int_at(L, eb + 1 + 4, FIELD(ip, "timestamp")));
      }
      jw_end_obj(&jw);
      lua_settop(L, eb - 1);
    }
    jw_end_arr(&jw);
  }
  if (HAS(1)) put_atts(L, lw, &jw, SLOT(1), 1, FIELD(p, "attachments"));
  jw_end_obj(&jw);
  lua_settop(L, base);
  check_oom(L, lw);
  if (lw->by_content) {
    char hex[AL_MD5_HEX_LEN + 1];
    al_md5_hex(lw->out.p, lw->out.len, hex);
    if (al_writer_uuid_mixed(&lw->w, hex, AL_MD5_HEX_LEN, uuid, err, sizeof err) != 0)
      return push_fail(L, err);
  } else if (al_writer_uuid(&lw->w, uuid, err, sizeof err) != 0) {
    return push_fail(L, err);
  }
  if (run_jobs(lw, err, sizeof err) != 0 ||
      al_writer_globals(&lw->w, uuid, lw->out.p, lw->out.len, err, sizeof err) != 0)
    return push_fail(L, err);
  lua_pushstring(L, uuid);
  return 1;
}

static const char *const executor_fields[] = {"name", "type", "url", "buildOrder", "buildName",
                                              "buildUrl", "reportName", "reportUrl", NULL};

/* w:executor(t) -> true | nil, err. buildOrder is a JSON integer: the generators order
 * trend columns and pick the latest executor by it (docs/allure-format.md 5.2). */
static int writer_executor(lua_State *L) {
  struct lwriter *lw = begin(L);
  const struct path *p = FIELD(NULL, "executor");
  char err[ERRSZ];
  struct jw jw;
  int base = collect(L, 2, executor_fields, 8, 0xFF, p), f;
  jw_init(&jw, &lw->out);
  jw_obj(&jw);
  for (f = 0; f < 8; f++) {
    if (f != 3) {
      put_str(L, &jw, base, f, executor_fields, p);
    } else if (HAS(3)) {
      jw_key(&jw, "buildOrder");
      jw_int(&jw, int_at(L, SLOT(3), FIELD(p, "buildOrder")));
    }
  }
  jw_end_obj(&jw);
  lua_settop(L, base);
  check_oom(L, lw);
  if (al_writer_replace(&lw->w, "executor.json", lw->out.p, lw->out.len, err, sizeof err) != 0)
    return push_fail(L, err);
  lua_pushboolean(L, 1);
  return 1;
}

static const char *const category_fields[] = {"name", "description", "descriptionHtml",
                                              "messageRegex", "traceRegex", "matchedStatuses",
                                              "flaky", NULL};

/* w:categories(list) -> true | nil, err. matchedStatuses are checked like result statuses:
 * a misspelt one would make the category silently never match. */
static int writer_categories(lua_State *L) {
  struct lwriter *lw = begin(L);
  const struct path *p = FIELD(NULL, "categories");
  char err[ERRSZ];
  struct jw jw;
  lua_Integer n = array_at(L, 2, p), i;
  jw_init(&jw, &lw->out);
  jw_arr(&jw);
  for (i = 1; i <= n; i++) {
    const struct path *ip = INDEX(p, i);
    int base, f;
    lua_rawgeti(L, 2, i);
    if (!lua_istable(L, -1)) type_error(L, ip, "table", -1);
    base = collect(L, lua_gettop(L), category_fields, 7, 0x7F, ip);
    if (!HAS(0)) type_error(L, FIELD(ip, "name"), "string", SLOT(0));
    jw_obj(&jw);
    for (f = 0; f < 5; f++) put_str(L, &jw, base, f, category_fields, ip);
    if (HAS(5)) {
      const struct path *mp = FIELD(ip, "matchedStatuses");
      lua_Integer m = array_at(L, SLOT(5), mp), k;
      jw_key(&jw, "matchedStatuses");
      jw_arr(&jw);
      for (k = 1; k <= m; k++) {
        int st;
        lua_rawgeti(L, SLOT(5), k);
        st = enum_at(L, -1, al_status_names, "status", INDEX(mp, k));
        jw_str(&jw, al_status_names[st], strlen(al_status_names[st]));
        lua_pop(L, 1);
      }
      jw_end_arr(&jw);
    }
    put_bool(L, &jw, base, 6, category_fields, ip);
    jw_end_obj(&jw);
    lua_settop(L, base - 1);
  }
  jw_end_arr(&jw);
  check_oom(L, lw);
  if (al_writer_replace(&lw->w, "categories.json", lw->out.p, lw->out.len, err, sizeof err) != 0)
    return push_fail(L, err);
  lua_pushboolean(L, 1);
  return 1;
}

/* Key/value offsets into aux while environment() sorts them (offsets, not pointers: aux
 * may move while it grows). */
struct kv {
  size_t k, kn, v, vn;
  const char *base;
};

static int kv_cmp(const void *x, const void *y) {
  const struct kv *a = x, *b = y;
  size_t n = a->kn < b->kn ? a->kn : b->kn;
  int c = memcmp(a->base + a->k, b->base + b->k, n);
  return c != 0 ? c : (a->kn > b->kn) - (a->kn < b->kn);
}

/* w:environment(map) -> true | nil, err. Lines sorted by key, so the file is deterministic. */
static int writer_environment(lua_State *L) {
  struct lwriter *lw = begin(L);
  const struct path *p = FIELD(NULL, "environment");
  char err[ERRSZ];
  size_t count = 0, i;
  struct kv *v;
  /* Pass 1: keys and values, escaped, into aux (k\0v\0 pairs; the escapes never produce a
   * NUL); pass 2: sort by the escaped key (deterministic whatever order lua_next visits
   * the map in), and join. */
  lua_pushnil(L);
  while (lua_next(L, 2)) {
    char nb[NUMBUF];
    size_t kn, vn;
    const char *k, *val;
    struct path kp = {p, NULL, 0};
    if (lua_type(L, -2) != LUA_TSTRING) raisef(L, p, "keys must be strings, got %s",
                                               luaL_typename(L, -2));
    k = lua_tolstring(L, -2, &kn);
    kp.key = k;
    val = str_at(L, -1, &vn, nb, &kp);
    props_escape(&lw->aux, k, kn, 1);
    jb_putc(&lw->aux, '\0');
    props_escape(&lw->aux, val, vn, 0);
    jb_putc(&lw->aux, '\0');
    count++;
    lua_pop(L, 1);
  }
  check_oom(L, lw);
  /* The index is a userdata, so that the raise of a failed allocation leaks nothing. */
  v = lua_newuserdatauv(L, (count ? count : 1) * sizeof *v, 0);
  {
    size_t off = 0;
    for (i = 0; i < count; i++) {
      v[i].base = lw->aux.p;
      v[i].k = off;
      v[i].kn = strlen(lw->aux.p + off);
      off += v[i].kn + 1;
      v[i].v = off;
      v[i].vn = strlen(lw->aux.p + off);
      off += v[i].vn + 1;
    }
  }
  qsort(v, count, sizeof *v, kv_cmp);
  for (i = 0; i < count; i++) {
    jb_put(&lw->out, lw->aux.p + v[i].k, v[i].kn);
    jb_putc(&lw->out, '=');
    jb_put(&lw->out, lw->aux.p + v[i].v, v[i].vn);
    jb_putc(&lw->out, '\n');
  }
  check_oom(L, lw);
  if (al_writer_replace(&lw->w, "environment.properties", lw->out.p, lw->out.len, err,
                        sizeof err) != 0)
    return push_fail(L, err);
  lua_pushboolean(L, 1);
  return 1;
}

/* w:seed_input(key [, by_content]): deterministic uuids from here on derive from key (the
 * input's content md5, from the driver) and a counter started again, and with by_content from
 * each record's own bytes too (see uuid_from_content); nothing when uuids are random. */
static int writer_seed_input(lua_State *L) {
  struct lwriter *lw = check_writer(L);
  size_t n;
  const char *key = luaL_checklstring(L, 2, &n);
  al_ids_reseed(&lw->w.ids, key, n);
  lw->by_content = lw->w.ids.deterministic && lua_toboolean(L, 3);
  return 0;
}

/* w:uuid() -> string. For scripts that must know a uuid before writing (a container's
 * children, links between results); it advances the deterministic counter like any other. */
static int writer_uuid(lua_State *L) {
  struct lwriter *lw = check_writer(L);
  char uuid[AL_UUID_LEN + 1], err[ERRSZ];
  if (al_writer_uuid(&lw->w, uuid, err, sizeof err) != 0) return luaL_error(L, "%s", err);
  lua_pushstring(L, uuid);
  return 1;
}

/* w:flush() -> true | nil, err: waits until every file accepted so far is published (async);
 * the first failure of the background writes, if any. */
static int writer_flush(lua_State *L) {
  struct lwriter *lw = check_writer(L);
  char err[ERRSZ];
  if (al_writer_flush(&lw->w, err, sizeof err) != 0) return push_fail(L, err);
  lua_pushboolean(L, 1);
  return 1;
}

/* w:stats() -> table. Also readable after close. Waits for queued files: they count once
 * they are published. */
static int writer_stats(lua_State *L) {
  struct lwriter *lw = luaL_checkudata(L, 1, WRITER_MT);
  const struct al_stats *s = &lw->w.stats;
  char err[ERRSZ];
  int i;
  if (lw->open) (void)al_writer_flush(&lw->w, err, sizeof err);   /* a failure: not counted */
  lua_createtable(L, 0, AL_NSTATUS + 4);
  for (i = 0; i < AL_NSTATUS; i++) {
    lua_pushinteger(L, (lua_Integer)s->status[i]);
    lua_setfield(L, -2, al_status_names[i]);
  }
  lua_pushinteger(L, (lua_Integer)s->results);
  lua_setfield(L, -2, "results");
  lua_pushinteger(L, (lua_Integer)s->containers);
  lua_setfield(L, -2, "containers");
  lua_pushinteger(L, (lua_Integer)s->attachments);
  lua_setfield(L, -2, "attachments");
  lua_pushinteger(L, (lua_Integer)s->globals);
  lua_setfield(L, -2, "globals");
  return 1;
}

/* w:repairs() -> table: what serializing repaired since the last call (or the open), then
 * counting starts again from zero, so the driver gets them per input (jsonw.h
 * struct al_repairs). Also readable after close. */
static int writer_repairs(lua_State *L) {
  struct lwriter *lw = luaL_checkudata(L, 1, WRITER_MT);
  struct al_repairs r;
  al_writer_repairs(&lw->w, &r);
  lua_createtable(L, 0, 5);
  lua_pushinteger(L, (lua_Integer)r.utf8);
  lua_setfield(L, -2, "invalid_utf8");
  lua_pushinteger(L, (lua_Integer)r.controls);
  lua_setfield(L, -2, "control_chars");
  lua_pushinteger(L, (lua_Integer)r.names);
  lua_setfield(L, -2, "empty_names");
  lua_pushinteger(L, (lua_Integer)r.times);
  lua_setfield(L, -2, "clamped_times");
  lua_pushinteger(L, (lua_Integer)r.half_times);
  lua_setfield(L, -2, "missing_times");
  return 1;
}

/* w:close(); also __gc and __close. Idempotent. */
static int writer_close(lua_State *L) {
  struct lwriter *lw = luaL_checkudata(L, 1, WRITER_MT);
  if (lw->open) {
    lw->open = 0;
    al_writer_close(&lw->w);
  }
  jb_free(&lw->out);
  jb_free(&lw->aux);
  free(lw->jobs);
  free(lw->params);
  free(lw->hparams);
  lw->jobs = NULL;
  lw->params = NULL;
  lw->hparams = NULL;
  lw->njobs = lw->capjobs = lw->capparams = 0;
  return 0;
}

/* tostring(w) -> "allure.writer.Writer (dir)" */
static int writer_tostring(lua_State *L) {
  struct lwriter *lw = luaL_checkudata(L, 1, WRITER_MT);
  if (lw->open) lua_pushfstring(L, "allure.writer.Writer (%s)", lw->w.dir.path);
  else lua_pushliteral(L, "allure.writer.Writer (closed)");
  return 1;
}

/* }====================================================================== */

/* {======================================================================
** Module functions
** ======================================================================= */

static const char *const open_fields[] = {"clean", "deterministic", "seed", "fsync", "async",
                                          NULL};

/* writer.open(dir [, opts]) -> w | nil, err */
static int writer_open(lua_State *L) {
  const char *dir = luaL_checkstring(L, 1);
  struct al_writer_opts o = {0, 0, 0, NULL, 0};
  struct lwriter *lw;
  char err[ERRSZ], nb[NUMBUF];
  int async = 0;
  if (!lua_isnoneornil(L, 2)) {
    const struct path *p = FIELD(NULL, "opts");
    int base;
    luaL_checktype(L, 2, LUA_TTABLE);
    base = collect(L, 2, open_fields, 5, 0x1F, p);
    if (HAS(0)) o.clean = bool_at(L, SLOT(0), FIELD(p, "clean"));
    if (HAS(1)) o.deterministic = bool_at(L, SLOT(1), FIELD(p, "deterministic"));
    if (HAS(2)) o.seed = str_at(L, SLOT(2), &o.seed_len, nb, FIELD(p, "seed"));
    if (HAS(3)) o.fsync = bool_at(L, SLOT(3), FIELD(p, "fsync"));
    if (HAS(4)) async = bool_at(L, SLOT(4), FIELD(p, "async"));
    /* The slots stay on the stack: o.seed may point into slot 2's string. */
    (void)base;
  }
  /* Marked closed before the metatable is set, as liolib's newprefile does: whatever fails
   * next, __gc finds a valid, closed object. The open happens after the userdata exists, so
   * that no allocation can raise between acquiring the directory fd and owning it. */
  lw = lua_newuserdatauv(L, sizeof *lw, 0);
  memset(lw, 0, sizeof *lw);
  lw->w.dir.fd = -1;
  luaL_setmetatable(L, WRITER_MT);
  if (al_writer_open(&lw->w, dir, &o, err, sizeof err) != 0) return push_fail(L, err);
  lw->open = 1;
  lw->out.rep = lw->aux.rep = &lw->w.repairs;    /* the escapers count into the writer */
  /* Without a thread the writer simply stays synchronous: nothing to report. */
  if (async) (void)al_writer_async(&lw->w, err, sizeof err);
  return 1;
}

/* writer.md5(s) -> hex */
static int writer_md5(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  char hex[AL_MD5_HEX_LEN + 1];
  al_md5_hex(s, n, hex);
  lua_pushlstring(L, hex, AL_MD5_HEX_LEN);
  return 1;
}

/* The value of hex digits s[0..n) (n <= 15: it fits 60 bits). */
static lua_Integer hex_value(const char *s, int n) {
  lua_Integer v = 0;
  for (int i = 0; i < n; i++) v = v << 4 | (s[i] <= '9' ? s[i] - '0' : s[i] - 'a' + 10);
  return v;
}

/* writer.md5_ints(s) -> integer, integer: the md5's first 60 bits and the next 60, as
 * tonumber(hex:sub(1, 15), 16) and tonumber(hex:sub(16, 30), 16) give them, without the
 * three strings (fingerprints and record keys of every test: allure.fingerprint, allure.records). */
static int writer_md5_ints(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  char hex[AL_MD5_HEX_LEN + 1];
  al_md5_hex(s, n, hex);
  lua_pushinteger(L, hex_value(hex, 15));              /* s, first */
  lua_pushinteger(L, hex_value(hex + 15, 15));         /* s, first, next */
  return 2;
}

/* writer.md5_file(path) -> hex | nil, err: of a regular file's content. */
static int writer_md5_file(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  char hex[AL_MD5_HEX_LEN + 1];
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), rc, e;
  if (fd < 0) return luaL_fileresult(L, 0, path);
  rc = al_md5_fd(fd, hex);
  e = errno;
  close(fd);
  if (rc != 0) {
    errno = e;
    return luaL_fileresult(L, 0, path);
  }
  lua_pushlstring(L, hex, AL_MD5_HEX_LEN);
  return 1;
}

/* writer.test_case_id(fullName) -> hex */
static int writer_test_case_id(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  char hex[AL_MD5_HEX_LEN + 1];
  al_test_case_id(s, n, hex);
  lua_pushlstring(L, hex, AL_MD5_HEX_LEN);
  return 1;
}

/* writer.history_id(testCaseId [, parameters]) -> string. The parameter arrays live in a
 * temporary userdata (no writer here), so a raise while reading them leaks nothing. */
static int writer_history_id(lua_State *L) {
  size_t n;
  const char *tcid = luaL_checklstring(L, 1, &n);
  char hash[AL_MD5_HEX_LEN + 1];
  size_t np = 0;
  luaL_Buffer b;
  if (!lua_isnoneornil(L, 2)) {
    struct lwriter *tmp = lua_newuserdatauv(L, sizeof *tmp, 0);   /* index 3 */
    memset(tmp, 0, sizeof *tmp);
    tmp->w.dir.fd = -1;
    luaL_setmetatable(L, WRITER_MT);                               /* its __gc frees */
    np = read_params(L, tmp, 2, FIELD(NULL, "parameters"));
    params_hash(tmp, np, hash);
    free(tmp->params);
    free(tmp->hparams);
    tmp->params = NULL;
    tmp->hparams = NULL;
    tmp->capparams = 0;
  } else {
    al_params_md5(NULL, 0, hash);
  }
  luaL_buffinit(L, &b);
  luaL_addlstring(&b, tcid, n);
  luaL_addchar(&b, ':');
  luaL_addlstring(&b, hash, AL_MD5_HEX_LEN);
  luaL_pushresult(&b);
  return 1;
}

/* }====================================================================== */

static const luaL_Reg writer_methods[] = {
  {"result", writer_result},         {"attachment", writer_attachment},
  {"container", writer_container},   {"globals", writer_globals},
  {"environment", writer_environment}, {"executor", writer_executor},
  {"categories", writer_categories}, {"uuid", writer_uuid}, {"seed_input", writer_seed_input},
  {"stats", writer_stats},           {"flush", writer_flush},
  {"repairs", writer_repairs},       {"close", writer_close},
  {NULL, NULL}};

static const luaL_Reg writer_meta[] = {
  {"__index", NULL},  /* placeholder: the methods table */
  {"__gc", writer_close},
  {"__close", writer_close},
  {"__tostring", writer_tostring},
  {NULL, NULL}};

static const luaL_Reg writer_funcs[] = {
  {"open", writer_open},
  {"md5", writer_md5},
  {"md5_ints", writer_md5_ints},
  {"md5_file", writer_md5_file},
  {"test_case_id", writer_test_case_id},
  {"history_id", writer_history_id},
  {NULL, NULL}};

/* require "allure.writer" -> module */
int luaopen_allure_writer(lua_State *L) {
  fields_index();
  al_class(L, WRITER_MT, writer_meta, writer_methods);
  luaL_newlib(L, writer_funcs);                  /* module */
  return 1;
}
