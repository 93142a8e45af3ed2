/* allure.yaml: YAML documents as Lua values, over libyaml's event parser.
 *
 * Made for the small YAML blocks test reports carry (TAP diagnostics), which come
 * from untrusted output: the tree is built without C recursion (open containers
 * live on the Lua stack, bounded by max_depth), an alias is a copy of its anchor
 * charged against two budgets, of values and of the bytes of its strings (no expansion
 * bomb: a 1 MB anchor aliased 2,000 times is 2 GB of text to whoever prints it, though
 * Lua shares the string), and the libyaml parser and the
 * event being handled live in a userdata whose __gc frees them, so nothing leaks
 * when a Lua call raises half-way. Bad data is returned (nil, "name:line:col:
 * msg"); misuse raises. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <yaml.h>

#include "lbind.h"
#include "lmods.h"

#define PARSER_MT "allure.yaml.Parser"
#define DEFAULT_MAX_DEPTH 200
#define DEFAULT_MAX_ALIAS_NODES 10000
#define DEFAULT_MAX_ALIAS_BYTES (4 * 1024 * 1024)
#define TAG_PREFIX "tag:yaml.org,2002:"

/* The libyaml state of one decode call, owned by Lua. */
typedef struct Parser {
  yaml_parser_t parser;
  yaml_event_t event;
  int parser_ready;    /* yaml_parser_initialize succeeded */
  int event_held;      /* event must be deleted */
} Parser;

/* An open sequence or mapping. Its table is on the Lua stack; for a mapping whose
 * key has been read, the key is right above it. */
typedef struct Frame {
  int is_map;
  int has_key;
  int anchored;        /* an anchor name sits right below the table */
  lua_Integer n;       /* sequence: items so far */
  lua_Integer nodes;   /* values in this subtree (itself included) */
  lua_Integer bytes;   /* bytes of the strings (keys and scalars) in this subtree */
  int height;          /* levels of containers in this subtree (itself included) */
} Frame;

static void parser_release(Parser *p) {
  if (p->event_held) yaml_event_delete(&p->event);
  p->event_held = 0;
  if (p->parser_ready) yaml_parser_delete(&p->parser);
  p->parser_ready = 0;
}

/* __gc(p), also __close: idempotent. */
static int parser_gc(lua_State *L) {
  parser_release(luaL_checkudata(L, 1, PARSER_MT));
  return 0;
}

/* ====================================================================
** Scalars: YAML 1.2 core schema for plain scalars
** ==================================================================== */

static int is_digits(const char *s, size_t n, int (*ok)(int)) {
  size_t i;
  if (n == 0) return 0;
  for (i = 0; i < n; i++)
    if (!ok((unsigned char)s[i])) return 0;
  return 1;
}

static int dec_digit(int c) { return c >= '0' && c <= '9'; }
static int oct_digit(int c) { return c >= '0' && c <= '7'; }
static int hex_digit(int c) { return dec_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/* Pushes the integer written in base 8 or 16 (digits only), as a float when it
 * does not fit in a Lua integer. */
static void push_radix(lua_State *L, const char *s, size_t n, int base) {
  lua_Unsigned u = 0;
  double d = 0;
  int overflow = 0;
  size_t i;
  for (i = 0; i < n; i++) {
    int c = (unsigned char)s[i];
    int v = dec_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
    if (u > ((lua_Unsigned)LUA_MAXINTEGER - (lua_Unsigned)v) / (lua_Unsigned)base) overflow = 1;
    u = u * (lua_Unsigned)base + (lua_Unsigned)v;
    d = d * base + v;
  }
  if (overflow) lua_pushnumber(L, (lua_Number)d);       /* ..., value (too large: a float) */
  else lua_pushinteger(L, (lua_Integer)u);              /* ..., value */
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static int is_float(const char *s, size_t n) {
  size_t i = 0, int_digits = 0, frac_digits = 0;
  if (i < n && (s[i] == '-' || s[i] == '+')) i++;
  while (i < n && dec_digit((unsigned char)s[i])) i++, int_digits++;
  if (i < n && s[i] == '.') {
    i++;
    while (i < n && dec_digit((unsigned char)s[i])) i++, frac_digits++;
  }
  if (int_digits == 0 && frac_digits == 0) return 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    size_t exp_digits = 0;
    i++;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    while (i < n && dec_digit((unsigned char)s[i])) i++, exp_digits++;
    if (exp_digits == 0) return 0;
  }
  return i == n;
}

static int one_of(const char *s, size_t n, const char *const *words) {
  for (; *words; words++)
    if (strlen(*words) == n && memcmp(s, *words, n) == 0) return 1;
  return 0;
}

static const char *const NULLS[] = {"", "~", "null", "Null", "NULL", NULL};
static const char *const TRUES[] = {"true", "True", "TRUE", NULL};
static const char *const FALSES[] = {"false", "False", "FALSE", NULL};
static const char *const INFS[] = {".inf", ".Inf", ".INF", NULL};
static const char *const NANS[] = {".nan", ".NaN", ".NAN", NULL};

/* Pushes a number if s is one in the core schema; returns 0 (nothing pushed) if not.
 * Decimal integers that do not fit become floats (as Lua's own reader does). */
static int push_number(lua_State *L, const char *s, size_t n) {
  size_t sign = (n > 0 && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (is_digits(s + sign, n - sign, dec_digit)) {
    char buf[64];
    if (n < sizeof buf) {
      memcpy(buf, s, n);
      buf[n] = '\0';
      if (lua_stringtonumber(L, buf) != 0) return 1;
    }
    lua_pushnumber(L, strtod(s, NULL));   /* very long: only a float can hold it */
    return 1;
  }
  if (n > 2 && s[0] == '0' && s[1] == 'o' && is_digits(s + 2, n - 2, oct_digit)) {
    push_radix(L, s + 2, n - 2, 8);
    return 1;
  }
  if (n > 2 && s[0] == '0' && s[1] == 'x' && is_digits(s + 2, n - 2, hex_digit)) {
    push_radix(L, s + 2, n - 2, 16);
    return 1;
  }
  if (one_of(s + sign, n - sign, INFS)) {
    lua_pushnumber(L, (sign && s[0] == '-') ? -HUGE_VAL : HUGE_VAL); /* ..., inf */
    return 1;
  }
  if (!sign && one_of(s, n, NANS)) {
    lua_pushnumber(L, (lua_Number)NAN);                 /* ..., nan */
    return 1;
  }
  if (is_float(s, n)) {
    char buf[128];
    if (n >= sizeof buf) return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (lua_stringtonumber(L, buf) != 0) return 1;
    lua_pushnumber(L, strtod(buf, NULL));   /* "1." or ".5e3": valid YAML, not Lua syntax */
    return 1;
  }
  return 0;
}

/* Pushes the value of a scalar event: plain scalars without a tag are typed (null,
 * booleans, integers, floats), explicitly tagged ones follow their tag when it is
 * one of the core types, everything else is the string as written. */
static void push_scalar(lua_State *L, const yaml_event_t *ev) {
  const char *s = (const char *)ev->data.scalar.value;
  size_t n = ev->data.scalar.length;
  const char *tag = (const char *)ev->data.scalar.tag;
  const char *type = NULL;
  if (tag != NULL && strncmp(tag, TAG_PREFIX, sizeof TAG_PREFIX - 1) == 0) type = tag + sizeof TAG_PREFIX - 1;
  else if (tag == NULL && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) type = "";   /* resolve */
  if (type != NULL && strcmp(type, "str") != 0) {
    int any = type[0] == '\0';
    if ((any || strcmp(type, "null") == 0) && one_of(s, n, NULLS)) {
      lua_pushlightuserdata(L, NULL);                   /* ..., null */
      return;
    }
    if (any || strcmp(type, "bool") == 0) {
      if (one_of(s, n, TRUES)) { lua_pushboolean(L, 1); return; }
      if (one_of(s, n, FALSES)) { lua_pushboolean(L, 0); return; }
    }
    if ((any || strcmp(type, "int") == 0 || strcmp(type, "float") == 0) && push_number(L, s, n)) {
      if (strcmp(type, "float") == 0 && lua_isinteger(L, -1)) {   /* !!float 1 is 1.0 */
        lua_Number f = (lua_Number)lua_tointeger(L, -1);
        lua_pop(L, 1);                                  /* ... */
        lua_pushnumber(L, f);                           /* ..., value as a float */
      }
      return;
    }
  }
  lua_pushlstring(L, s, n);                             /* ..., string */
}

/* ====================================================================
** The tree
** ==================================================================== */

/* Everything one decode needs: the Lua stack indices of the working tables. */
typedef struct Ctx {
  lua_State *L;
  const char *name;
  const char *input;   /* the document text, for positions of reader errors */
  size_t len;
  int anchors;         /* anchor name -> value (false while its node is open) */
  int sizes;           /* anchor name -> {nodes, height} of that value */
  int max_depth;
  lua_Integer budget;  /* nodes that aliases may still create */
  lua_Integer byte_budget;   /* bytes of strings that aliases may still add */
  lua_Integer max_alias_bytes;
  Frame *frames;       /* frames[0..depth) */
  int depth;
} Ctx;

/* Pushes "name:line:col: msg" at a mark (0-based in libyaml). */
static void push_error(Ctx *c, yaml_mark_t mark, const char *msg) {
  if (c->name) lua_pushfstring(c->L, "%s:%d:%d: %s", c->name, (int)mark.line + 1, (int)mark.column + 1, msg);
  else lua_pushfstring(c->L, "%d:%d: %s", (int)mark.line + 1, (int)mark.column + 1, msg);
}

/* Deep copy of the value at idx (built by this module: tables, strings, numbers,
 * booleans, null). Depth is bounded by max_depth, so the recursion is too. */
static void copy_value(lua_State *L, int idx) {
  if (lua_type(L, idx) != LUA_TTABLE) {
    lua_pushvalue(L, idx);                              /* ..., value (not a table: itself) */
    return;
  }
  idx = lua_absindex(L, idx);
  luaL_checkstack(L, 4, "YAML alias copy");
  lua_newtable(L);                                      /* ..., copy */
  lua_pushnil(L);                                       /* ..., copy, nil: the first key */
  while (lua_next(L, idx) != 0) {                     /* ..., copy, key, value */
    lua_pushvalue(L, -2);                             /* ..., copy, key, value, key */
    copy_value(L, -2);                                /* ..., copy, key, value, key, value' */
    lua_rawset(L, -5);                                  /* ..., copy, key, value */
    lua_pop(L, 1);                                      /* ..., copy, key */
  }
}

/* Adds the value on top of the stack to the innermost open container (or leaves it
 * as the document's root when none is open). nodes/height describe the value. */
static void add_value(Ctx *c, lua_Integer nodes, int height, lua_Integer bytes) {
  lua_State *L = c->L;
  Frame *f;
  if (c->depth == 0) return;
  f = &c->frames[c->depth - 1];
  f->nodes += nodes;
  f->bytes += bytes;
  if (height + 1 > f->height) f->height = height + 1;
  if (!f->is_map) {
    lua_rawseti(L, -2, ++f->n);                         /* ..., list */
  } else if (!f->has_key) {
    /* Keys are strings as written: report data wants "1: x" to be the key "1". A
     * typed scalar is turned back into text; a container key is refused earlier. */
    if (lua_type(L, -1) == LUA_TNUMBER) {
      luaL_tolstring(L, -1, NULL);                      /* ..., map, number, key */
      lua_remove(L, -2);                                /* ..., map, key */
    } else if (lua_type(L, -1) != LUA_TSTRING) {
      const char *text = lua_isboolean(L, -1) ? (lua_toboolean(L, -1) ? "true" : "false") : "null";
      lua_pop(L, 1);                                    /* ..., map */
      lua_pushstring(L, text);                          /* ..., map, key */
    }
    f->has_key = 1;
  } else {
    lua_rawset(L, -3);                                /* table[key] = value */
    f->has_key = 0;
  }
}

/* Remembers the value on top of the stack under the anchor name just below it. */
static void set_anchor(Ctx *c, lua_Integer nodes, int height, lua_Integer bytes) {
  lua_State *L = c->L;
  lua_pushvalue(L, -2);                                 /* ..., name, value, name */
  lua_pushvalue(L, -2);                                 /* ..., name, value, name, value */
  lua_rawset(L, c->anchors);                          /* anchors[name] = value */
  lua_pushvalue(L, -2);                                 /* ..., name, value, name */
  lua_createtable(L, 3, 0);                             /* ..., name, value, name, size */
  lua_pushinteger(L, nodes);                            /* ..., name, size, nodes */
  lua_rawseti(L, -2, 1);                                /* ..., name, size */
  lua_pushinteger(L, height);                           /* ..., name, size, height */
  lua_rawseti(L, -2, 2);                                /* ..., name, size */
  lua_pushinteger(L, bytes);                            /* ..., name, size, bytes */
  lua_rawseti(L, -2, 3);                                /* ..., name, value, name, size */
  lua_rawset(L, c->sizes);                            /* sizes[name] = {nodes, height, bytes} */
  lua_remove(L, -2);                                  /* drop the name */
}

/* Handles one event. Returns 1 when the document is complete (root on top), 0 to go
 * on, -1 with an error message pushed. */
static int on_event(Ctx *c, const yaml_event_t *ev) {
  lua_State *L = c->L;
  switch (ev->type) {
    case YAML_SCALAR_EVENT: {
      lua_Integer bytes = (lua_Integer)ev->data.scalar.length;
      if (c->depth > 0 && c->frames[c->depth - 1].is_map && !c->frames[c->depth - 1].has_key
          && ev->data.scalar.anchor == NULL) {
        lua_pushlstring(L, (const char *)ev->data.scalar.value, ev->data.scalar.length);
      } else if (ev->data.scalar.anchor != NULL) {
        luaL_checkstack(L, 6, "YAML anchors");
        lua_pushstring(L, (const char *)ev->data.scalar.anchor);
        push_scalar(L, ev);
        set_anchor(c, 1, 0, bytes);
      } else {
        push_scalar(L, ev);
      }
      add_value(c, 1, 0, bytes);
      return c->depth == 0;
    }

    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
      const yaml_char_t *anchor = ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.anchor
                                                                        : ev->data.mapping_start.anchor;
      Frame *f;
      if (c->depth > 0 && c->frames[c->depth - 1].is_map && !c->frames[c->depth - 1].has_key) {
        push_error(c, ev->start_mark, "a mapping key must be a scalar");
        return -1;
      }
      if (c->depth >= c->max_depth) {
        lua_pushfstring(L, "nested deeper than %d levels", c->max_depth);
        push_error(c, ev->start_mark, lua_tostring(L, -1));
        lua_remove(L, -2);
        return -1;
      }
      luaL_checkstack(L, 8, "YAML nesting");
      f = &c->frames[c->depth++];
      memset(f, 0, sizeof *f);
      f->is_map = ev->type == YAML_MAPPING_START_EVENT;
      f->nodes = 1;
      f->height = 1;
      if (anchor != NULL) {
        f->anchored = 1;
        lua_pushstring(L, (const char *)anchor);
        lua_pushvalue(L, -1);
        lua_pushboolean(L, 0);
        lua_rawset(L, c->anchors);                    /* open: an alias to it is recursive */
      }
      lua_newtable(L);
      return 0;
    }

    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
      Frame f = c->frames[--c->depth];
      if (f.anchored) set_anchor(c, f.nodes, f.height, f.bytes);
      add_value(c, f.nodes, f.height, f.bytes);
      return c->depth == 0;
    }

    case YAML_ALIAS_EVENT: {
      const char *anchor = (const char *)ev->data.alias.anchor;
      lua_Integer nodes, bytes;
      int height;
      lua_pushstring(L, anchor);
      if (lua_rawget(L, c->sizes) != LUA_TTABLE) {      /* not complete: open, or never seen */
        int open;
        lua_pop(L, 1);
        lua_pushstring(L, anchor);
        open = lua_rawget(L, c->anchors) == LUA_TBOOLEAN;
        lua_pop(L, 1);
        lua_pushfstring(L, "%s *%s", open ? "recursive alias" : "unknown anchor in alias", anchor);
        push_error(c, ev->start_mark, lua_tostring(L, -1));
        lua_remove(L, -2);
        return -1;
      }
      lua_rawgeti(L, -1, 1);
      lua_rawgeti(L, -2, 2);
      lua_rawgeti(L, -3, 3);                          /* sizes entry, nodes, height, bytes */
      nodes = lua_tointeger(L, -3);
      height = (int)lua_tointeger(L, -2);
      bytes = lua_tointeger(L, -1);
      lua_pop(L, 4);
      if (nodes > c->budget) {
        lua_pushfstring(L, "alias *%s: aliases expand to more than max_alias_nodes values", anchor);
        push_error(c, ev->start_mark, lua_tostring(L, -1));
        lua_remove(L, -2);
        return -1;
      }
      if (bytes > c->byte_budget) {
        lua_pushfstring(L, "alias *%s: aliases expand to more than max_alias_bytes bytes (%I)", anchor,
                        (LUAI_UACINT)c->max_alias_bytes);
        push_error(c, ev->start_mark, lua_tostring(L, -1));
        lua_remove(L, -2);
        return -1;
      }
      if (c->depth + height > c->max_depth) {
        lua_pushfstring(L, "alias *%s: nested deeper than %d levels", anchor, c->max_depth);
        push_error(c, ev->start_mark, lua_tostring(L, -1));
        lua_remove(L, -2);
        return -1;
      }
      if (height > 0 && c->depth > 0 && c->frames[c->depth - 1].is_map && !c->frames[c->depth - 1].has_key) {
        push_error(c, ev->start_mark, "a mapping key must be a scalar");
        return -1;
      }
      c->budget -= nodes;
      c->byte_budget -= bytes;
      lua_pushstring(L, anchor);
      lua_rawget(L, c->anchors);
      copy_value(L, -1);                              /* anchored value, its copy */
      lua_remove(L, -2);
      add_value(c, nodes, height, bytes);
      return c->depth == 0;
    }

    default:
      return 0;
  }
}

/* Pulls the next event into p->event. Returns 1, or 0 with an error pushed. */
static int next_event(Ctx *c, Parser *p) {
  if (p->event_held) {
    yaml_event_delete(&p->event);
    p->event_held = 0;
  }
  if (!yaml_parser_parse(&p->parser, &p->event)) {
    const char *problem = p->parser.problem ? p->parser.problem : "malformed YAML";
    if (p->parser.error == YAML_MEMORY_ERROR) luaL_error(c->L, "YAML parser: out of memory");
    if (p->parser.error == YAML_READER_ERROR) {
      /* Bad bytes (encoding, control characters) carry an offset, not a mark. */
      yaml_mark_t at = {0, 0, 0};
      size_t i, end = p->parser.problem_offset < c->len ? p->parser.problem_offset : c->len;
      for (i = 0; i < end; i++) {
        if (c->input[i] == '\n') at.line++, at.column = 0;
        else if (((unsigned char)c->input[i] & 0xC0) != 0x80) at.column++;   /* count characters */
      }
      push_error(c, at, problem);
      return 0;
    }
    if (p->parser.context != NULL) {
      lua_pushfstring(c->L, "%s %s at line %d column %d", problem, p->parser.context,
                      (int)p->parser.context_mark.line + 1, (int)p->parser.context_mark.column + 1);
      push_error(c, p->parser.problem_mark, lua_tostring(c->L, -1));
      lua_remove(c->L, -2);
    } else {
      push_error(c, p->parser.problem_mark, problem);
    }
    return 0;
  }
  p->event_held = 1;
  return 1;
}

/* opts.<key> as an integer from 1 to max (default dflt); raises on a bad value. */
static lua_Integer opt_count(lua_State *L, int opts, const char *key, lua_Integer dflt, lua_Integer max) {
  return al_opt_integer(L, opts, key, dflt, 1, max);
}

/* yaml.decode(s [, name [, opts]]) -> value | nil, "name:line:col: msg" */
static int yaml_decode(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  const char *name = luaL_optstring(L, 2, NULL);
  int opts = 0, documents = 0, root = 0;
  Parser *p;
  Ctx c;
  if (!lua_isnoneornil(L, 3)) {
    luaL_checktype(L, 3, LUA_TTABLE);
    opts = 3;
  }
  memset(&c, 0, sizeof c);
  c.L = L;
  c.name = name;
  c.input = s;
  c.len = len;
  c.max_depth = (int)opt_count(L, opts, "max_depth", DEFAULT_MAX_DEPTH, 10000);
  c.budget = opt_count(L, opts, "max_alias_nodes", DEFAULT_MAX_ALIAS_NODES, LUA_MAXINTEGER);
  c.max_alias_bytes = opt_count(L, opts, "max_alias_bytes", DEFAULT_MAX_ALIAS_BYTES, LUA_MAXINTEGER);
  c.byte_budget = c.max_alias_bytes;
  lua_settop(L, 3);                                     /* s, name, opts */

  /* Marked empty before anything can fail, so __gc is always safe. The frames live
   * in the same userdata: Lua owns every byte. */
  p = lua_newuserdatauv(L, sizeof *p + sizeof(Frame) * (size_t)c.max_depth, 0);
  memset(p, 0, sizeof *p);
  luaL_setmetatable(L, PARSER_MT);                    /* s, name, opts, parser */
  c.frames = (Frame *)(p + 1);
  if (!yaml_parser_initialize(&p->parser)) return luaL_error(L, "YAML parser: out of memory");
  p->parser_ready = 1;
  yaml_parser_set_input_string(&p->parser, (const unsigned char *)s, len);
  lua_newtable(L);                                      /* s, name, opts, parser, anchors */
  c.anchors = lua_gettop(L);
  lua_newtable(L);                                      /* ..., parser, anchors, sizes */
  c.sizes = lua_gettop(L);                            /* ..., parser, anchors, sizes */

  for (;;) {
    int r;
    if (!next_event(&c, p)) goto failed;
    if (p->event.type == YAML_STREAM_END_EVENT) break;
    if (p->event.type == YAML_DOCUMENT_START_EVENT && ++documents > 1) {
      push_error(&c, p->event.start_mark, "expected a single document, found another");
      goto failed;
    }
    r = on_event(&c, &p->event);
    if (r < 0) goto failed;
    if (r > 0) root = lua_gettop(L);                  /* the document's value stays on the stack */
  }
  parser_release(p);                                  /* free libyaml's memory now, not at the next GC */
  if (root == 0) lua_pushlightuserdata(L, NULL);     /* an empty stream is null */
  else lua_pushvalue(L, root);                          /* ..., root, root */
  return 1;

failed:
  lua_pushnil(L);                                       /* ..., msg, nil */
  lua_insert(L, -2);                                    /* ..., nil, msg */
  return 2;
}

static const luaL_Reg yaml_funcs[] = {
  {"decode", yaml_decode},
  {"null", NULL},   /* placeholder: the null sentinel */
  {NULL, NULL}
};

static const luaL_Reg parser_meta[] = {
  {"__gc", parser_gc},
  {"__close", parser_gc},
  {NULL, NULL}
};

/* require "allure.yaml" -> module */
int luaopen_allure_yaml(lua_State *L) {
  al_class(L, PARSER_MT, parser_meta, NULL);
  luaL_newlib(L, yaml_funcs);                           /* yaml */
  /* The same sentinel as cjson's null (a NULL light userdata): yaml.null == json.null. */
  lua_pushlightuserdata(L, NULL);                       /* yaml, null */
  lua_setfield(L, -2, "null");                          /* yaml */
  return 1;
}
