/* allure.xml: a streaming pull reader over libxml2's xmlTextReader.
 *
 * One Reader userdata owns the xmlTextReader, the file descriptor and a scratch
 * buffer; nothing malloc'ed is ever held on the C stack across a call that can
 * raise, so a memory error or a misuse error leaks nothing (__gc frees it all).
 * Bad data comes back as nil, "name:line:col: message"; misuse raises. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlversion.h>

#include <lauxlib.h>
#include <lua.h>

#include "fs.h"
#include "lmods.h"

#define READER_MT "allure.xml.Reader"

/* Safe parse options: no network, no DTD loading, no entity substitution (so no
 * external entity is ever read), libxml2's default depth and amplification limits
 * (no XML_PARSE_HUGE). */
#if LIBXML_VERSION >= 21300
#define READER_OPTIONS (XML_PARSE_NONET | XML_PARSE_COMPACT | XML_PARSE_BIG_LINES | XML_PARSE_NO_XXE)
#else
#define READER_OPTIONS (XML_PARSE_NONET | XML_PARSE_COMPACT | XML_PARSE_BIG_LINES)
#endif

#define TREE_MAX_DEPTH 1000        /* default cap of r:tree() levels */
#define SCRATCH_KEEP (1u << 20)    /* larger tree() text buffers are freed after use */
#define LINE_CAP 65535             /* libxml2 stores element lines in an unsigned short */

/* What the last call left current, which decides what the next call may do. */
enum reader_state {
  R_NONE,    /* before the first event */
  R_START,   /* at a "start" event: attr/attrs/text/tree allowed */
  R_END,     /* at an "end" event */
  R_DONE,    /* text()/tree() consumed an element: positioned after it */
  R_EOF,     /* end of document: next() keeps returning nil */
  R_ERR      /* malformed input: next() keeps returning nil, err */
};

typedef struct Reader {
  xmlTextReaderPtr xr;     /* NULL once closed */
  int fd;                  /* the input, -1 once closed */
  int own_fd;              /* 0 for standard input, which is never closed */
  enum reader_state state;
  int pending_end;         /* an empty element <a/> still owes its "end" event */
  int depth;               /* depth of the current element */
  long line;               /* line of the current element */
  long line_hint;          /* highest line known so far (see element_line) */
  int io_errno;            /* a read(2) failure, reported instead of the parse error */
  size_t bytes;            /* bytes read so far (0 at an error = empty document) */
  int err_fatal;           /* err holds a fatal error (never replaced) */
  char err[768];           /* "line:col: message" of the first error, or "" */
  char *scratch;           /* tree(): text of the open levels, stacked */
  size_t slen, scap;
} Reader;

/* ====================================================================
** libxml2 callbacks
** ==================================================================== */

/* Refuses every external entity or DTD, process-wide: even if an option or a
 * future libxml2 default would try to load one, nothing like file:///etc/passwd
 * is ever opened. */
static xmlParserInputPtr no_entity_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
  (void)url; (void)id; (void)ctxt;
  return NULL;
}

/* 1 when the parser has unparsed, non-blank input left. */
static int input_left(const xmlParserCtxt *c) {
  const xmlChar *q;
  if (c->input == NULL || c->input->cur == NULL) return 0;
  for (q = c->input->cur; q < c->input->end; q++)
    if (!IS_BLANK_CH(*q)) return 1;
  return 0;
}

/* The push parser that xmlTextReader drives words some errors misleadingly:
 * "Extra content at the end of the document" also for a document that ends too
 * early, and "Document is empty" for one that does not start with markup. The
 * parser context (public fields) tells the cases apart. Returns a better message,
 * or NULL to keep libxml2's. */
static const char *better_message(const xmlError *e, char *buf, size_t size) {
  const xmlParserCtxt *c = e->ctxt;
  if (e->domain != XML_FROM_PARSER || c == NULL) return NULL;
  if (e->code == XML_ERR_DOCUMENT_EMPTY)
    return input_left(c) ? "Start tag expected, '<' not found" : NULL;
  if (e->code != XML_ERR_DOCUMENT_END) return NULL;
  if (c->nameNr > 0 && c->name != NULL) {
    snprintf(buf, size, "Premature end of data in tag %s", (const char *)c->name);
    return buf;
  }
  switch (c->instate) {
    case XML_PARSER_EPILOG: return NULL;   /* really extra content */
    case XML_PARSER_START_TAG: return "Premature end of data in a start tag";
    case XML_PARSER_START: case XML_PARSER_MISC: case XML_PARSER_PROLOG:
      /* markup left unparsed (the push parser waits for a whole tag): truncated */
      return input_left(c) ? "Premature end of data" : "Document has no root element";
    default: return "Premature end of data";
  }
}

/* Keeps the first fatal error (the cause; later ones are consequences), or the
 * first plain error until a fatal one arrives. Warnings and recoverable errors
 * (an undeclared namespace prefix) do not stop the reader and are ignored unless
 * the reader then fails. */
static void reader_onerror(void *arg, xmlErrorPtr e) {
  Reader *r = arg;
  char buf[300];
  const char *msg;
  size_t n;
  char *p;
  if (e == NULL || e->level < XML_ERR_ERROR || r->err_fatal) return;
  if (r->err[0] != '\0' && e->level != XML_ERR_FATAL) return;
  msg = better_message(e, buf, sizeof buf);
  if (msg == NULL) msg = (e->message != NULL) ? e->message : "parse error";
  snprintf(r->err, sizeof r->err, "%d:%d: %s", e->line, e->int2, msg);
  /* libxml2 messages end with '\n' and a few carry a second line ("Bytes: 0x..."):
   * make one line of it. */
  n = strlen(r->err);
  while (n > 0 && (r->err[n - 1] == '\n' || r->err[n - 1] == ' ')) r->err[--n] = '\0';
  for (p = r->err; (p = strchr(p, '\n')) != NULL;) *p = ' ';
  r->err_fatal = (e->level == XML_ERR_FATAL);
}

/* Input callback: a plain read(2) loop. A failure is remembered and reported as
 * end of input, so libxml2 prints nothing and we can name the real cause. */
static int reader_ioread(void *ctx, char *buf, int len) {
  Reader *r = ctx;
  ssize_t n;
  do n = read(r->fd, buf, (size_t)len); while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (r->io_errno == 0) r->io_errno = errno;
    return 0;
  }
  r->bytes += (size_t)n;
  return (int)n;
}

/* ====================================================================
** Helpers
** ==================================================================== */

static Reader *check_reader(lua_State *L) {
  Reader *r = luaL_checkudata(L, 1, READER_MT);
  if (r->xr == NULL) luaL_error(L, "attempt to use a closed XML reader");
  return r;
}

static void reader_release(Reader *r) {
  if (r->xr != NULL) xmlFreeTextReader(r->xr);
  r->xr = NULL;
  if (r->own_fd && r->fd >= 0) close(r->fd);
  r->fd = -1;
  free(r->scratch);
  r->scratch = NULL;
  r->slen = r->scap = 0;
}

/* Turns a failed xmlTextReaderRead into the sticky error state, naming the real
 * cause: a read error, an empty input, or libxml2's first error. */
static void reader_set_failed(Reader *r) {
  int line = xmlTextReaderGetParserLineNumber(r->xr);
  int col = xmlTextReaderGetParserColumnNumber(r->xr);
  r->state = R_ERR;
  if (r->io_errno != 0)
    snprintf(r->err, sizeof r->err, "%d:%d: read error: %s", line, col, strerror(r->io_errno));
  else if (r->bytes == 0)
    snprintf(r->err, sizeof r->err, "1:1: Document is empty");
  else if (r->err[0] == '\0')
    snprintf(r->err, sizeof r->err, "%d:%d: parse error", line, col);
}

/* Pushes nil, "name:line:col: message" for the sticky error; returns 2. */
static int push_failure(lua_State *L, int idx, const Reader *r) {
  lua_getiuservalue(L, idx, 1);                               /* name */
  lua_pushnil(L);
  lua_pushfstring(L, "%s:%s", lua_tostring(L, -2), r->err);   /* name, nil, msg */
  return 2;
}

/* Reads the next node: 1 = a node, 0 = end of document, -1 = error (sticky). */
static int reader_advance(Reader *r) {
  int ret = xmlTextReaderRead(r->xr);
  if (ret == 1) return 1;
  if (ret == 0 && r->io_errno == 0) {
    r->state = R_EOF;
    return 0;
  }
  reader_set_failed(r);
  return -1;
}

/* libxml2 records an element's line in an unsigned short, so past line 65534 it
 * only says 65535. Text nodes keep their full line (XML_PARSE_BIG_LINES: the line
 * where the text ends, that is where the next tag starts), and the reader sees every
 * text node in order, so the last one seen gives the line of a capped element:
 * exact for indented reports; a start tag spanning lines, or tags with no text
 * between them past line 65535, may be reported a little early. */
static void note_text_line(Reader *r) {
  long l = xmlGetLineNo(xmlTextReaderCurrentNode(r->xr));
  if (l > r->line_hint) r->line_hint = l;
}

static long element_line(Reader *r) {
  xmlNodePtr n = xmlTextReaderCurrentNode(r->xr);
  long l = (n != NULL) ? (long)n->line : 0;
  if (l >= LINE_CAP) l = (r->line_hint > LINE_CAP) ? r->line_hint : LINE_CAP;
  if (l > r->line_hint) r->line_hint = l;
  return l;
}

static int is_text(int type) {
  return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
         type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* Raises unless the reader is at a "start" event (misuse). */
static void check_start(lua_State *L, const Reader *r, const char *what) {
  if (r->state != R_START)
    luaL_error(L, "%s: the reader is not at a \"start\" event", what);
}

/* Pushes the attributes of the current element as a table keyed by qualified name
 * (as written: "xsi:type"; namespace declarations included). */
static void push_attrs(lua_State *L, Reader *r) {
  int n = xmlTextReaderAttributeCount(r->xr);
  lua_createtable(L, 0, n > 0 ? n : 0);                 /* attrs */
  if (n <= 0) return;
  /* The reader API rather than node->properties: it also lists namespace
   * declarations and resolves entity references in values. The strings it returns
   * belong to the reader (nothing to free if a push raises). */
  if (xmlTextReaderMoveToFirstAttribute(r->xr) == 1) {
    do {
      const xmlChar *v = xmlTextReaderConstValue(r->xr);
      lua_pushstring(L, (const char *)xmlTextReaderConstName(r->xr));
      lua_pushstring(L, v != NULL ? (const char *)v : "");
      lua_rawset(L, -3);                                /* attrs[qname] = value */
    } while (xmlTextReaderMoveToNextAttribute(r->xr) == 1);
    xmlTextReaderMoveToElement(r->xr);                  /* back on the element for the next call */
  }
}

/* Appends to the tree() scratch buffer (owned by the reader: raising here leaks
 * nothing). */
static void scratch_add(lua_State *L, Reader *r, const char *s) {
  size_t n = strlen(s);
  if (n > r->scap - r->slen) {
    size_t cap = r->scap ? r->scap : 256;
    char *p;
    while (cap - r->slen < n) {
      if (cap > ((size_t)-1) / 2) luaL_error(L, "not enough memory");
      cap *= 2;
    }
    p = realloc(r->scratch, cap);
    if (p == NULL) luaL_error(L, "not enough memory");
    r->scratch = p;
    r->scap = cap;
  }
  memcpy(r->scratch + r->slen, s, n);
  r->slen += n;
}

/* The document ended inside an element: libxml2 reports that itself, so this is
 * only a safety net that keeps the error state sticky. Returns -1. */
static int set_truncated(Reader *r) {
  r->state = R_ERR;
  snprintf(r->err, sizeof r->err, "%ld:1: Premature end of data (unclosed element)", r->line_hint);
  return -1;
}

/* Moves past the end of the element started at depth d0 (the reader is inside
 * it). Returns 1, or -1 on a parse error (sticky state set). */
static int skip_to_end(Reader *r, int d0) {
  for (;;) {
    int ret = reader_advance(r);
    if (ret < 0) return -1;
    if (ret == 0) return set_truncated(r);
    if (xmlTextReaderNodeType(r->xr) == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r->xr) == d0)
      return 1;
  }
}

/* ====================================================================
** Reader methods
** ==================================================================== */

/* r:next() -> event, name, depth | nil | nil, err */
static int reader_next(lua_State *L) {
  Reader *r = check_reader(L);
  int type;
  switch (r->state) {
    case R_ERR: return push_failure(L, 1, r);
    case R_EOF: lua_pushnil(L); return 1;
    default: break;
  }
  if (r->pending_end) {   /* the "end" an empty element owes: same node, no read */
    r->pending_end = 0;
    r->state = R_END;
    lua_pushliteral(L, "end");
    lua_pushstring(L, (const char *)xmlTextReaderConstLocalName(r->xr));
    lua_pushinteger(L, r->depth);
    return 3;
  }
  for (;;) {
    int ret = reader_advance(r);
    if (ret < 0) return push_failure(L, 1, r);
    if (ret == 0) {
      lua_pushnil(L);
      return 1;
    }
    type = xmlTextReaderNodeType(r->xr);
    if (type == XML_READER_TYPE_ELEMENT) {
      r->state = R_START;
      r->depth = xmlTextReaderDepth(r->xr);
      r->line = element_line(r);
      r->pending_end = xmlTextReaderIsEmptyElement(r->xr) == 1;
      lua_pushliteral(L, "start");
      break;
    }
    if (type == XML_READER_TYPE_END_ELEMENT) {
      r->state = R_END;
      r->depth = xmlTextReaderDepth(r->xr);
      r->line = r->line_hint;
      lua_pushliteral(L, "end");
      break;
    }
    if (is_text(type)) note_text_line(r);   /* comments, PIs, DTD, entity refs: passed over */
  }
  lua_pushstring(L, (const char *)xmlTextReaderConstLocalName(r->xr));
  lua_pushinteger(L, r->depth);
  return 3;
}

/* r:attr(name) -> string | nil */
static int reader_attr(lua_State *L) {
  Reader *r = check_reader(L);
  const char *name = luaL_checkstring(L, 2);
  check_start(L, r, "attr");
  if (xmlTextReaderMoveToAttribute(r->xr, (const xmlChar *)name) == 1) {
    const xmlChar *v = xmlTextReaderConstValue(r->xr);
    lua_pushstring(L, v != NULL ? (const char *)v : "");
    xmlTextReaderMoveToElement(r->xr);
  } else
    lua_pushnil(L);
  return 1;
}

/* r:attrs() -> table */
static int reader_attrs(lua_State *L) {
  Reader *r = check_reader(L);
  check_start(L, r, "attrs");
  push_attrs(L, r);
  return 1;
}

/* r:text() -> string | nil, err: text and CDATA of the whole subtree, then past
 * its end. */
static int reader_text(lua_State *L) {
  Reader *r = check_reader(L);
  luaL_Buffer b;
  int d0 = r->depth;
  check_start(L, r, "text");
  r->state = R_DONE;
  if (r->pending_end) {   /* <a/> */
    r->pending_end = 0;
    lua_pushliteral(L, "");
    return 1;
  }
  luaL_buffinit(L, &b);
  for (;;) {
    int type, ret = reader_advance(r);
    if (ret <= 0) {   /* the buffer stays below the results: Lua frees it */
      if (ret == 0) set_truncated(r);
      return push_failure(L, 1, r);
    }
    type = xmlTextReaderNodeType(r->xr);
    if (is_text(type)) {
      const xmlChar *v = xmlTextReaderConstValue(r->xr);
      note_text_line(r);
      if (v != NULL) luaL_addstring(&b, (const char *)v);
    } else if (type == XML_READER_TYPE_ELEMENT)
      (void)element_line(r);   /* keeps the line hint exact */
    else if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r->xr) == d0)
      break;
  }
  r->line = r->line_hint;
  luaL_pushresult(&b);
  return 1;
}

/* Creates the table of the element at the reader: {name=, attrs=, line=}. */
static void push_node(lua_State *L, Reader *r, long line) {
  lua_createtable(L, 0, 4);                             /* node (text is set when it closes) */
  lua_pushstring(L, (const char *)xmlTextReaderConstLocalName(r->xr));
  lua_setfield(L, -2, "name");
  push_attrs(L, r);
  lua_setfield(L, -2, "attrs");
  lua_pushinteger(L, line);
  lua_setfield(L, -2, "line");                          /* node */
}

/* Completes the innermost open node (table, text offset on top of the stack):
 * sets its text and, below the tree's root, appends it to its parent. */
static void close_node(lua_State *L, Reader *r, int is_root) {
  size_t off = (size_t)lua_tointeger(L, -1);
  lua_pop(L, 1);                                        /* ..., node */
  /* scratch is NULL until some text was seen: no pointer arithmetic on it then */
  lua_pushlstring(L, r->slen > off ? r->scratch + off : "", r->slen - off);
  lua_setfield(L, -2, "text");
  r->slen = off;                                        /* the parent's text continues here */
  if (!is_root) lua_rawseti(L, -3, (lua_Integer)lua_rawlen(L, -3) + 1);   /* ..., parent, offset */
}

/* r:tree([max_depth]) -> node | nil, err. Built with an explicit stack of
 * (table, text offset) pairs on the Lua stack, never by C recursion. */
static int reader_tree(lua_State *L) {
  Reader *r = check_reader(L);
  lua_Integer max_depth = luaL_optinteger(L, 2, TREE_MAX_DEPTH);
  int d0 = r->depth, level = 0, top = lua_gettop(L);
  luaL_argcheck(L, max_depth >= 1, 2, "must be at least 1");
  check_start(L, r, "tree");
  /* From here the element counts as consumed, whatever happens: a later next()
   * must not hand out attributes of a node the reader has left. */
  r->state = R_DONE;
  r->slen = 0;
  push_node(L, r, r->line);
  lua_pushinteger(L, 0);                                /* root, offset */
  if (r->pending_end) {
    r->pending_end = 0;
    close_node(L, r, 1);
    return 1;
  }
  for (;;) {
    int type, ret = reader_advance(r);
    if (ret <= 0) {
      if (ret == 0) set_truncated(r);
      lua_settop(L, top);
      return push_failure(L, 1, r);
    }
    type = xmlTextReaderNodeType(r->xr);
    if (is_text(type)) {
      const xmlChar *v = xmlTextReaderConstValue(r->xr);
      note_text_line(r);
      if (v != NULL) scratch_add(L, r, (const char *)v);
    } else if (type == XML_READER_TYPE_ELEMENT) {
      long line = element_line(r);
      if (level + 2 > max_depth) {   /* the child would make level + 2 levels */
        /* Too deep: skip the whole tree so the stream can go on after it. */
        lua_settop(L, top);
        if (skip_to_end(r, d0) < 0) return push_failure(L, 1, r);
        r->slen = 0;
        r->line = r->line_hint;
        lua_getiuservalue(L, 1, 1);
        lua_pushnil(L);
        lua_pushfstring(L, "%s:%d: element nested deeper than %d levels in tree()",
                        lua_tostring(L, -2), (int)line, (int)max_depth);
        return 2;
      }
      luaL_checkstack(L, 8, "tree too deep");
      push_node(L, r, line);
      lua_pushinteger(L, (lua_Integer)r->slen);         /* ..., parent, offset, child, offset */
      if (xmlTextReaderIsEmptyElement(r->xr) == 1)
        close_node(L, r, 0);
      else
        level++;
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      close_node(L, r, level == 0);
      if (level == 0) break;
      level--;
    }
  }
  r->line = r->line_hint;
  if (r->scap > SCRATCH_KEEP) {   /* do not pin a huge buffer after one big element */
    free(r->scratch);
    r->scratch = NULL;
    r->scap = 0;
  }
  return 1;
}

/* r:line() -> integer */
static int reader_line(lua_State *L) {
  Reader *r = check_reader(L);
  lua_pushinteger(L, r->line);
  return 1;
}

/* r:depth() -> integer */
static int reader_depth(lua_State *L) {
  Reader *r = check_reader(L);
  lua_pushinteger(L, r->depth);
  return 1;
}

/* r:name() -> string | nil (nil before the first event and at the end) */
static int reader_name(lua_State *L) {
  Reader *r = check_reader(L);
  const xmlChar *name = NULL;
  if (r->state == R_START || r->state == R_END || r->state == R_DONE)
    name = xmlTextReaderConstLocalName(r->xr);
  if (name != NULL) lua_pushstring(L, (const char *)name);
  else lua_pushnil(L);
  return 1;
}

/* r:close(), also __gc and __close: idempotent. */
static int reader_close(lua_State *L) {
  Reader *r = luaL_checkudata(L, 1, READER_MT);
  reader_release(r);
  return 0;
}

static int reader_tostring(lua_State *L) {
  Reader *r = luaL_checkudata(L, 1, READER_MT);
  if (r->xr == NULL) lua_pushliteral(L, "allure.xml.Reader (closed)");
  else lua_pushfstring(L, "allure.xml.Reader (%p)", (void *)r);
  return 1;
}

/* ====================================================================
** Module
** ==================================================================== */

/* xml.open(path|nil [, opts]) -> reader | nil, err */
static int xml_open(lua_State *L) {
  const char *path = luaL_optstring(L, 1, NULL);
  const char *name;
  Reader *r;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_getfield(L, 2, "name");
    if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING)
      luaL_error(L, "opts.name: expected string, got %s", luaL_typename(L, -1));
  } else
    lua_pushnil(L);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushstring(L, path != NULL ? path : "<stdin>");
  }
  name = lua_tostring(L, -1);                           /* ..., name */

  /* Marked closed before anything can fail, so __gc is always safe. */
  r = lua_newuserdatauv(L, sizeof *r, 1);
  memset(r, 0, sizeof *r);
  r->fd = -1;
  luaL_setmetatable(L, READER_MT);
  lua_pushvalue(L, -2);
  lua_setiuservalue(L, -2, 1);                          /* ..., name, reader */

  if (path != NULL) {
    int fd = al_open_input(path, NULL);
    if (fd < 0) return luaL_fileresult(L, 0, name);
    r->fd = fd;
    r->own_fd = 1;
  } else
    r->fd = STDIN_FILENO;
  r->xr = xmlReaderForIO(reader_ioread, NULL, r, path, NULL, READER_OPTIONS);
  if (r->xr == NULL) {
    reader_release(r);
    lua_pushnil(L);
    lua_pushfstring(L, "%s: cannot create an XML reader", name);
    return 2;
  }
  xmlTextReaderSetStructuredErrorHandler(r->xr, reader_onerror, r);
  return 1;
}

static const luaL_Reg xml_funcs[] = {
  {"open", xml_open},
  {NULL, NULL}
};

static const luaL_Reg reader_methods[] = {
  {"next", reader_next},
  {"attr", reader_attr},
  {"attrs", reader_attrs},
  {"text", reader_text},
  {"tree", reader_tree},
  {"line", reader_line},
  {"depth", reader_depth},
  {"name", reader_name},
  {"close", reader_close},
  {NULL, NULL}
};

static const luaL_Reg reader_meta[] = {
  {"__index", NULL},   /* set to the methods below */
  {"__gc", reader_close},
  {"__close", reader_close},
  {"__tostring", reader_tostring},
  {NULL, NULL}
};

int luaopen_allure_xml(lua_State *L) {
  static int initialized;
  if (!initialized) {   /* process-wide libxml2 setup, once */
    LIBXML_TEST_VERSION
    xmlInitParser();
    xmlSetExternalEntityLoader(no_entity_loader);
    initialized = 1;
  }
  if (luaL_newmetatable(L, READER_MT)) {
    luaL_setfuncs(L, reader_meta, 0);
    luaL_newlibtable(L, reader_methods);
    luaL_setfuncs(L, reader_methods, 0);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
  luaL_newlib(L, xml_funcs);
  return 1;
}
