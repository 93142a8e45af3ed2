/* allure.xml: a streaming pull reader over libxml2's SAX2 push parser.
 *
 * The input is read in chunks and pushed to the parser; its callbacks queue the
 * events of each chunk (names, attributes and text copied into an arena), and
 * next()/text()/tree() hand them out. Every event parsed before an error is
 * delivered, then the error: a truncated report keeps its complete test cases.
 * With documents = "many" a new document may follow the end of the root element
 * (a log and a report written to one file), read by a fresh parser; a document
 * that is only an XML declaration gives an "empty" event.
 *
 * One Reader userdata owns the parser, the file descriptor and every buffer;
 * nothing malloc'ed is ever held on the C stack across a call that can raise, so a
 * memory error or a misuse error leaks nothing (__gc frees it all). Bad data comes
 * back as nil, "name:line:col: message"; misuse raises. */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

#include <lauxlib.h>
#include <lua.h>

#include "fs.h"
#include "lbind.h"
#include "lmods.h"

#define READER_MT "allure.xml.Reader"

/* r->next_doc: where the next document starts (0: this one goes on). */
#define NEXT_AT 1        /* the root ended: at chunk + next_off */
#define NEXT_CARRIED 2   /* a document without an element ended: its successor is in carry */

/* Safe parse options: no network, no DTD loading, no entity substitution (so no
 * external entity is ever read), libxml2's default depth and amplification limits
 * (no XML_PARSE_HUGE). */
#if LIBXML_VERSION >= 21300
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NO_XXE)
#else
#define PARSE_OPTIONS (XML_PARSE_NONET)
#endif

#define CHUNK (64 * 1024)          /* bytes read and pushed at a time (opts.chunk: fewer, for tests) */
#define MAX_TEXT (10u << 20)       /* default cap of one element's text (opts.max_text) */
#define MAX_WARN 4                 /* warnings queued between two deliveries */
#define MAX_DEPTH 256              /* element nesting allowed (libxml2's tree builder limit) */
#define TREE_MAX_DEPTH 1000        /* default cap of r:tree() levels */
#define SCRATCH_KEEP (1u << 20)    /* larger tree() text buffers are freed after use */
#define ARENA_KEEP (4u << 20)      /* a larger event arena is freed after use */

/* What the last call left current, which decides what the next call may do. */
enum reader_state {
  R_NONE,    /* before the first event */
  R_START,   /* at a "start" event: attr/attrs/text/tree allowed */
  R_END,     /* at an "end" event */
  R_EMPTY,   /* at an "empty" event (a document without an element) */
  R_DONE,    /* text()/tree() consumed an element: positioned after it */
  R_EOF,     /* end of input: next() keeps returning nil */
  R_ERR      /* malformed input: next() keeps returning nil, err */
};

enum event_kind { EV_START, EV_END, EV_TEXT, EV_EMPTY };

/* A queued event; its strings live in the reader's arena until the queue is
 * refilled. */
typedef struct Event {
  enum event_kind kind;
  int depth;
  long line;
  size_t off, len;     /* START/END: the local name; TEXT: the text */
  size_t attrs;        /* START: "qname\0value\0" pairs from here */
  int nattrs;
} Event;

typedef struct Reader {
  xmlParserCtxtPtr ctxt;   /* the current document's parser, NULL between documents */
  int fd;                  /* the input, -1 once closed */
  int own_fd;              /* 0 for standard input, which is never closed */
  int many;                /* documents = "many" */
  int closed;
  enum reader_state state;
  /* the event queue of the last chunk */
  Event *q;
  size_t qlen, qpos, qcap;
  char *arena;
  size_t alen, acap;
  int nomem;               /* a callback could not queue an event */
  /* the current event */
  int depth;               /* depth of the current element */
  long line;               /* line of the current event */
  size_t cur_attrs;        /* START: its attributes in the arena */
  int cur_nattrs;
  char *name;              /* its local name (kept across refills) */
  size_t name_cap;
  /* the input */
  char *buf;               /* CHUNK bytes */
  size_t bytes;            /* bytes read so far */
  int io_errno;            /* a read(2) failure, reported instead of the parse error */
  int at_eof;              /* the input is exhausted and the parser told so */
  int failed;              /* the parser reported a fatal error: queue, then error */
  /* documents: the parser's view of the chunk being pushed, to find where the
   * next document starts */
  int doc_depth;           /* open elements in the current document */
  int docs;                /* documents finished (many) */
  int doc_started;         /* the current document has a root element */
  int doc_empty;           /* the current document was queued as an "empty" event */
  int doc_line;            /* the line where the current document starts */
  const char *chunk;       /* the bytes being pushed */
  size_t chunk_len;
  long chunk_base;         /* bytes pushed to this parser before them */
  long fed;                /* bytes pushed to this parser */
  int next_doc;            /* NEXT_AT: the next document starts at chunk + next_off;
                            * NEXT_CARRIED: it is in carry */
  size_t next_off;
  char *carry;             /* the start of the document after an empty one (owned) */
  size_t carry_len, carry_cap;
  int next_line;
  int err_fatal;           /* err holds a fatal error (never replaced) */
  char err[768];           /* "line:col: message" of the first error, or "" */
  char *scratch;           /* tree(): text of the open levels, stacked */
  size_t slen, scap;
  size_t *dropped;         /* tree(): bytes of text not kept, per open level */
  size_t dcap;
  size_t max_text;         /* text kept per element (text(): the subtree; tree(): each node) */
  size_t chunk_size;       /* bytes read and pushed at a time */
  int warned_entity;       /* an entity reference was kept as written (warned once) */
  int nwarn;               /* warnings queued: "line\0message" */
  char warn[MAX_WARN][320];
  char relabel[64];        /* a malformed encoding label read by the BOM instead, or "" */
} Reader;

/* ====================================================================
** The event queue
** ==================================================================== */

/* Grows a buffer to hold `need` more bytes; 0 when memory is short. */
static int grow(char **p, size_t *cap, size_t len, size_t need) {
  size_t cap2 = *cap ? *cap : 4096;
  char *q;
  if (need <= *cap - len) return 1;
  while (cap2 - len < need) {
    if (cap2 > ((size_t)-1) / 2) return 0;
    cap2 *= 2;
  }
  q = realloc(*p, cap2);
  if (q == NULL) return 0;
  *p = q;
  *cap = cap2;
  return 1;
}

/* Copies n bytes and a NUL into the arena; returns their offset, or (size_t)-1. */
static size_t arena_add(Reader *r, const char *s, size_t n) {
  size_t off = r->alen;
  if (!grow(&r->arena, &r->acap, r->alen, n + 1)) return (size_t)-1;
  memcpy(r->arena + off, s, n);
  r->arena[off + n] = '\0';
  r->alen += n + 1;
  return off;
}

static Event *queue_add(Reader *r, enum event_kind kind) {
  Event *e;
  if (r->qlen == r->qcap) {
    size_t cap = r->qcap ? r->qcap * 2 : 256;
    Event *q = realloc(r->q, cap * sizeof *q);
    if (q == NULL) return NULL;
    r->q = q;
    r->qcap = cap;
  }
  e = &r->q[r->qlen++];
  memset(e, 0, sizeof *e);
  e->kind = kind;
  e->line = r->ctxt->input != NULL ? r->ctxt->input->line : 0;
  return e;
}

/* The reader behind a callback's context (the parser: libxml2's SAX2 defaults,
 * which keep the DTD, need it as their context), or NULL when the callback is to
 * be ignored: what a parser reports while it checks the replacement text of an
 * entity (another parser, or ctxt->depth > 0: never content of the document,
 * since entities are not substituted), and anything after a fatal error. */
static Reader *reader_of(void *ctx) {
  xmlParserCtxtPtr c = ctx;
  Reader *r = c->_private;
  if (r == NULL || c != r->ctxt || r->nomem || r->failed || c->depth > 0 || !c->wellFormed) return NULL;
  return r;
}

/* Queues a warning for the next delivery (callbacks cannot call Lua). */
static void queue_warning(Reader *r, long line, const char *fmt, const char *arg) {
  if (r->nwarn == MAX_WARN) return;
  snprintf(r->warn[r->nwarn], sizeof r->warn[0], "%ld:", line);
  {
    size_t n = strlen(r->warn[r->nwarn]);
    snprintf(r->warn[r->nwarn] + n, sizeof r->warn[0] - n, fmt, arg);
  }
  r->nwarn++;
}

static void out_of_memory(Reader *r) {
  r->nomem = 1;
  xmlStopParser(r->ctxt);
}

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

/* Adds "qname\0value\0" to the arena (qname: "prefix:local" or "local"); 0 when
 * memory is short. */
static int add_attr(Reader *r, const char *prefix, const char *local, const char *value, size_t vlen) {
  size_t pl = prefix != NULL ? strlen(prefix) + 1 : 0, ll = strlen(local);
  char *p;
  if (!grow(&r->arena, &r->acap, r->alen, pl + ll + vlen + 2)) return 0;
  p = r->arena + r->alen;
  if (prefix != NULL) {
    memcpy(p, prefix, pl - 1);
    p[pl - 1] = ':';
    p += pl;
  }
  memcpy(p, local, ll);
  p[ll] = '\0';
  p += ll + 1;
  memcpy(p, value, vlen);
  p[vlen] = '\0';
  r->alen += pl + ll + 1 + vlen + 1;
  return 1;
}

/* Rewrites the value just added by add_attr (vlen bytes and a NUL ending the
 * arena): "&#38;" to "&"; "&name;" is kept, with a warning the first time. */
static void attr_amp(Reader *r, size_t vlen) {
  char *v = r->arena + r->alen - vlen - 1, *w = v, *end = v + vlen;
  const char *p = v;
  while (p < end) {
    if (*p == '&' && end - p >= 5 && memcmp(p, "&#38;", 5) == 0) {
      *w++ = '&';
      p += 5;
      continue;
    }
    if (*p == '&' && !r->warned_entity) {
      char name[64];
      const char *semi = memchr(p, ';', (size_t)(end - p));
      size_t n = semi != NULL ? (size_t)(semi - p - 1) : 0;
      if (n >= sizeof name) n = sizeof name - 1;
      memcpy(name, p + 1, n);
      name[n] = '\0';
      r->warned_entity = 1;
      queue_warning(r, r->ctxt->input->line,
                    "the reference &%s; is kept as written: entities declared in a DTD are not substituted", name);
    }
    *w++ = *p++;
  }
  *w = '\0';
  r->alen -= (size_t)(end - w);
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                     int nb_defaulted, const xmlChar **attributes) {
  Reader *r = reader_of(ctx);
  Event *e;
  int i;
  (void)prefix; (void)uri; (void)nb_defaulted;
  if (r == NULL) return;
  if (r->doc_depth >= MAX_DEPTH) {   /* without a tree, libxml2 would not stop it */
    snprintf(r->err, sizeof r->err, "%ld:%d: Excessive depth in document: more than %d levels",
             (long)r->ctxt->input->line, r->ctxt->input->col, MAX_DEPTH);
    r->err_fatal = 1;
    r->failed = 1;
    xmlStopParser(r->ctxt);
    return;
  }
  if ((e = queue_add(r, EV_START)) == NULL) { out_of_memory(r); return; }
  e->depth = r->doc_depth++;
  r->doc_started = 1;
  e->len = strlen((const char *)localname);
  if ((e->off = arena_add(r, (const char *)localname, e->len)) == (size_t)-1) { out_of_memory(r); return; }
  e->attrs = r->alen;
  /* Namespace declarations are listed as attributes, as written ("xmlns:x"). */
  for (i = 0; i < nb_namespaces; i++) {
    const xmlChar *p = namespaces[2 * i], *u = namespaces[2 * i + 1];
    const char *v = u != NULL ? (const char *)u : "";
    if (!add_attr(r, p != NULL ? "xmlns" : NULL, p != NULL ? (const char *)p : "xmlns", v, strlen(v))) {
      out_of_memory(r);
      return;
    }
  }
  for (i = 0; i < nb_attributes; i++) {
    const xmlChar **a = attributes + 5 * i;   /* local, prefix, URI, value, value end */
    size_t vlen = (size_t)(a[4] - a[3]);
    int ok;
    /* Without entity substitution the parser leaves "&#38;" for "&amp;" (and for
     * "&#38;") and "&name;" for other entities in the value, character references
     * decoded: "&#38;" becomes "&", an entity reference stays as written. */
    if (memchr(a[3], '&', vlen) != NULL) {
      ok = add_attr(r, (const char *)a[1], (const char *)a[0], (const char *)a[3], vlen);
      if (ok) attr_amp(r, vlen);
    } else
      ok = add_attr(r, (const char *)a[1], (const char *)a[0], (const char *)a[3], vlen);
    if (!ok) { out_of_memory(r); return; }
  }
  e->nattrs = nb_namespaces + nb_attributes;
}

/* The root element of a document ended: with documents = "many", stop this
 * parser there; the next document (if any) starts right after the end tag. */
static void root_ended(Reader *r, long line) {
  xmlParserCtxtPtr c = r->ctxt;
  long consumed, rel;
  if (!r->many || c->input == NULL || c->input->buf == NULL || c->input->buf->encoder != NULL)
    return;   /* with a decoder in between, byte offsets do not map back: one document */
  consumed = xmlByteConsumed(c);
  rel = consumed - r->chunk_base;
  if (consumed < 0 || rel < 0 || (size_t)rel > r->chunk_len) return;
  r->next_doc = NEXT_AT;
  r->next_off = (size_t)rel;
  r->next_line = (int)line;   /* the next document starts on this line */
  xmlStopParser(c);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri) {
  Reader *r = reader_of(ctx);
  Event *e;
  (void)prefix; (void)uri;
  if (r == NULL) return;
  if ((e = queue_add(r, EV_END)) == NULL) { out_of_memory(r); return; }
  e->depth = --r->doc_depth;
  e->len = strlen((const char *)localname);
  if ((e->off = arena_add(r, (const char *)localname, e->len)) == (size_t)-1) { out_of_memory(r); return; }
  if (r->doc_depth == 0) root_ended(r, e->line);
}

/* Text and CDATA; consecutive pieces make one event. */
static void on_text(void *ctx, const xmlChar *ch, int len) {
  Reader *r = reader_of(ctx);
  Event *e;
  if (r == NULL || len <= 0) return;
  e = r->qlen > r->qpos ? &r->q[r->qlen - 1] : NULL;
  if (e != NULL && e->kind == EV_TEXT && e->off + e->len + 1 == r->alen) {
    /* extend the last text in place (it ends the arena) */
    if (!grow(&r->arena, &r->acap, r->alen, (size_t)len)) { out_of_memory(r); return; }
    memcpy(r->arena + e->off + e->len, ch, (size_t)len);
    e->len += (size_t)len;
    r->arena[e->off + e->len] = '\0';
    r->alen += (size_t)len;
    e->line = r->ctxt->input->line;
    return;
  }
  if ((e = queue_add(r, EV_TEXT)) == NULL) { out_of_memory(r); return; }
  e->depth = r->doc_depth;
  e->len = (size_t)len;
  if ((e->off = arena_add(r, (const char *)ch, (size_t)len)) == (size_t)-1) out_of_memory(r);
}

/* A reference to an entity declared in the DTD (or an external one), in text:
 * kept as written, "&name;", never substituted. In an attribute value (the
 * parser is in a start tag) on_start keeps it. */
static void on_reference(void *ctx, const xmlChar *name) {
  Reader *r = reader_of(ctx);
  char buf[80];
  size_t n = strlen((const char *)name);
  if (r == NULL || r->ctxt->instate != XML_PARSER_CONTENT) return;
  if (n > sizeof buf - 3) n = sizeof buf - 3;   /* names longer than that are cut */
  buf[0] = '&';
  memcpy(buf + 1, name, n);
  buf[n + 1] = ';';
  on_text(ctx, (const xmlChar *)buf, (int)n + 2);
  if (!r->warned_entity) {
    r->warned_entity = 1;
    queue_warning(r, r->ctxt->input->line,
                  "the reference &%s; is kept as written: entities declared in a DTD are not substituted",
                  (const char *)name);
  }
}

/* Entity declarations are kept (a reference to a declared entity is no error)
 * but with an empty replacement text: libxml2 checks an internal entity's text
 * at every reference even when it does not substitute it, which made a quadratic
 * document take half a minute. Parameter entities expand to nothing too. */
static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content) {
  if (type == XML_INTERNAL_GENERAL_ENTITY || type == XML_INTERNAL_PARAMETER_ENTITY)
    content = (xmlChar *)"";
  xmlSAX2EntityDecl(ctx, name, type, public_id, system_id, content);
}

/* 1 when the parser has unparsed, non-blank input left. */
static int input_left(const xmlParserCtxt *c) {
  const xmlChar *q;
  if (c->input == NULL || c->input->cur == NULL) return 0;
  for (q = c->input->cur; q < c->input->end; q++)
    if (!IS_BLANK_CH(*q)) return 1;
  return 0;
}

/* The push parser words some errors misleadingly: "Extra content at the end of
 * the document" also for a document that ends too early, and "Document is empty"
 * for one that does not start with markup. The parser context (public fields)
 * tells the cases apart. Returns a better message, or NULL to keep libxml2's. */
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

/* A document after the first that holds no element is only what followed the
 * last one (blanks, comments): not an error. */
static int trailing_blank(const Reader *r, int code) {
  return r->docs > 0 && !r->doc_started &&
         (code == XML_ERR_DOCUMENT_EMPTY || code == XML_ERR_DOCUMENT_END) && !input_left(r->ctxt);
}

/* Whether the current document began with an XML declaration: libxml2 sets
 * ctxt->standalone from it (-2 when it has no standalone="..."), -1 without one. */
static int declared(const Reader *r) {
  return r->ctxt->standalone != -1;
}

/* Queues an "empty" event: the current document, which began on r->doc_line with
 * an XML declaration, ended without an element (a program wrote the declaration
 * and exited: libtest's JUnit formatter writes the rest of its report when the
 * binary's tests end, and a test calling process::exit() ends it before). */
static void queue_empty(Reader *r) {
  Event *e;
  if (r->doc_empty) return;   /* libxml2 may report the end twice */
  r->doc_empty = 1;
  e = queue_add(r, EV_EMPTY);
  if (e == NULL || (e->off = arena_add(r, "", 0)) == (size_t)-1) { out_of_memory(r); return; }
  e->line = r->doc_line;
}

/* With documents = "many", a document without an element ends where another
 * document's XML declaration begins (libxml2 raises "XML declaration allowed
 * only at the start of the document" just past its "<?xml"). Everything pushed
 * from that "<?xml" on is copied to r->carry, where the next document's parser
 * starts: the declaration may have begun in an earlier chunk, so the chunk's
 * offsets cannot say it. A document that had a declaration is an "empty" event;
 * one of only blanks and comments after a document is a gap between two. Returns
 * 1 when the error is taken so (the parser stopped). */
static int split_empty(Reader *r, const xmlError *e) {
  xmlParserCtxtPtr c = r->ctxt;
  const xmlChar *from;
  size_t n;
  if (!r->many || r->doc_started || e->code != XML_ERR_RESERVED_XML_NAME || c == NULL || c->input == NULL
      || c->input->buf == NULL || c->input->buf->encoder != NULL)   /* decoded: not the input's bytes */
    return 0;
  from = c->input->cur - 5;
  if (from < c->input->base || memcmp(from, "<?xml", 5) != 0) return 0;
  if (!declared(r) && r->docs == 0) return 0;   /* a misplaced declaration in the first document */
  n = (size_t)(c->input->end - from);
  if (!grow(&r->carry, &r->carry_cap, 0, n)) { out_of_memory(r); return 1; }
  memcpy(r->carry, from, n);
  r->carry_len = n;
  if (declared(r)) queue_empty(r);
  r->next_doc = NEXT_CARRIED;
  r->next_line = c->input->line;   /* the line of that "<?xml" */
  xmlStopParser(c);
  return 1;
}

/* Keeps the first fatal error (the cause; later ones are consequences), or the
 * first plain error until a fatal one arrives. Warnings and recoverable errors
 * (an undeclared namespace prefix) do not stop the reader and are ignored unless
 * the parser then fails. */
static void on_error(void *arg, xmlErrorPtr e) {
  Reader *r = ((xmlParserCtxtPtr)arg)->_private;
  char buf[300];
  const char *msg;
  size_t n;
  char *p;
  if (r == NULL || e == NULL || e->level < XML_ERR_ERROR || r->err_fatal) return;
  if (trailing_blank(r, e->code)) {
    /* the input ended: a declaration there was a document without an element */
    if (declared(r)) queue_empty(r);
    return;
  }
  if (split_empty(r, e)) return;
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

static xmlSAXHandler sax;   /* set up once in luaopen_allure_xml */

static void sax_init(void) {
  /* SAX2 defaults keep the DTD's entity declarations (so references are
   * checked and refused as libxml2 does); the document itself is never built. */
  xmlSAXVersion(&sax, 2);
  sax.startElement = NULL;
  sax.endElement = NULL;
  sax.startElementNs = on_start;
  sax.endElementNs = on_end;
  sax.characters = on_text;
  sax.cdataBlock = on_text;
  sax.ignorableWhitespace = on_text;
  sax.reference = on_reference;
  sax.entityDecl = on_entity_decl;
  sax.comment = NULL;
  sax.processingInstruction = NULL;
  sax.warning = NULL;
  sax.error = NULL;
  sax.fatalError = NULL;
  sax.serror = on_error;
}

/* ====================================================================
** Reading: input chunks to queued events
** ==================================================================== */

static void parser_free(Reader *r) {
  if (r->ctxt == NULL) return;
  if (r->ctxt->myDoc != NULL) xmlFreeDoc(r->ctxt->myDoc);   /* holds only the DTD */
  r->ctxt->myDoc = NULL;
  xmlFreeParserCtxt(r->ctxt);
  r->ctxt = NULL;
}

static int parser_new(Reader *r, lua_State *L) {
  const char *url;
  lua_getiuservalue(L, 1, 1);                           /* r, ..., name */
  url = lua_tostring(L, -1);
  r->ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, url);
  lua_pop(L, 1);                                        /* r, ... */
  if (r->ctxt == NULL) return 0;
  r->ctxt->_private = r;
  /* lines count from the start of the file, in libxml2's messages too */
  if (r->ctxt->input != NULL) r->ctxt->input->line = r->doc_line;
  xmlCtxtUseOptions(r->ctxt, PARSE_OPTIONS);
  r->fed = 0;
  r->doc_depth = 0;
  r->doc_started = 0;
  r->doc_empty = 0;
  return 1;
}

/* libxml2's push parser delivers a CDATA section whose end it has not seen in
 * blocks of XML_PARSER_BIG_BUFFER_SIZE (300) bytes, one block a call. */
#define CDATA_PIECE 300

/* Empty pushes until the CDATA the parser holds is down to a couple of blocks
 * (each call hands on one block), or the section ends, or nothing moves. */
static void drain_cdata(Reader *r) {
  xmlParserCtxtPtr c = r->ctxt;
  while (c->instate == XML_PARSER_CDATA_SECTION && c->input != NULL
         && c->input->end - c->input->cur > 2 * CDATA_PIECE) {
    const xmlChar *before = c->input->cur;
    r->next_doc = 0;
    r->chunk = NULL;
    r->chunk_len = 0;
    r->chunk_base = r->fed;
    xmlParseChunk(c, NULL, 0, 0);
    if (r->nomem || r->failed || r->next_doc || c->input == NULL || c->input->cur == before) return;
    if (!c->wellFormed && r->err[0] != '\0') { r->failed = 1; return; }
  }
}

/* Pushes len bytes to the current document's parser (terminate: they end the
 * input), starting a parser per document where one ends (documents = "many"). */
static void feed(lua_State *L, Reader *r, const char *p, size_t len, int terminate) {
  for (;;) {
    if (r->ctxt == NULL) {
      /* Between documents: an XML declaration must be a document's first bytes,
       * so the blanks before it are passed over here (their lines counted). */
      for (; r->docs > 0 && len > 0 && IS_BLANK_CH(*p); p++, len--)
        if (*p == '\n') r->doc_line++;
      if (len == 0) {
        if (terminate) r->at_eof = 1;
        return;
      }
      if (!parser_new(r, L)) { r->nomem = 1; return; }
    }
    size_t piece = len;
    if (r->ctxt->instate == XML_PARSER_CDATA_SECTION) {
      /* Inside a CDATA section the push parser hands on CDATA_PIECE bytes a call
       * and keeps the rest until it sees "]]>": fed whole, a section over 10 MB
       * filled its buffer ("Huge input lookup", the input lost). Drained, then fed
       * in pieces, its buffer stays small and the text cap applies as to text. */
      drain_cdata(r);
      if (r->nomem || r->failed) return;
      if (piece > CDATA_PIECE) piece = CDATA_PIECE;
    }
    r->next_doc = 0;
    r->chunk = p;
    r->chunk_len = piece;
    r->chunk_base = r->fed;
    r->fed += (long)piece;
    xmlParseChunk(r->ctxt, p, (int)piece, terminate && piece == len);
    if (r->nomem || r->failed) return;
    if (r->next_doc == NEXT_CARRIED) {
      /* All of this piece was pushed (outside an element: no CDATA pieces) and is in
       * carry from the next document's "<?xml" on, but for a final CR libxml2 keeps
       * back until the next push. */
      if (!(terminate && piece == len) && piece > 0 && p[piece - 1] == '\r') {
        if (!grow(&r->carry, &r->carry_cap, r->carry_len, 1)) { r->nomem = 1; return; }
        r->carry[r->carry_len++] = '\r';
      }
      p = r->carry;
      len = r->carry_len;
      r->doc_line = r->next_line;
      r->docs++;
      parser_free(r);
      continue;
    }
    if (!r->ctxt->wellFormed && r->err[0] != '\0') {   /* not only trailing blanks */
      r->failed = 1;
      return;
    }
    if (!r->next_doc && piece < len) {
      p += piece;
      len -= piece;
      continue;
    }
    if (!r->next_doc) {
      if (terminate) r->at_eof = 1;
      return;
    }
    /* The root ended and the parser stopped there: what follows is the next
     * document. */
    p = r->chunk + r->next_off;
    len -= r->next_off;          /* of all that is left: a CDATA piece may be short of it */
    r->doc_line = r->next_line;
    r->docs++;
    parser_free(r);
  }
}

/* Hands the queued warnings to opts.warn(message, "name:line"), or prints them
 * as "allure-lua: name:line: warning: message" without one. The reader is at
 * stack index 1 (every method's first argument). */
static void deliver_warnings(lua_State *L, Reader *r) {
  int i, n = r->nwarn;
  r->nwarn = 0;
  for (i = 0; i < n; i++) {
    const char *w = r->warn[i], *colon = strchr(w, ':');
    int top = lua_gettop(L);
    lua_getiuservalue(L, 1, 1);                                          /* name */
    lua_pushfstring(L, "%s:%s", lua_tostring(L, -1), w);                 /* name, "name:line:message" */
    lua_pushlstring(L, lua_tostring(L, -1), strlen(lua_tostring(L, -2)) + 1 + (size_t)(colon - w)); /* name, full, "name:line" */
    if (lua_getiuservalue(L, 1, 2) == LUA_TFUNCTION) {                   /* name, full, where, warn */
      lua_pushstring(L, colon + 1);                     /* name, full, where, warn, message */
      lua_pushvalue(L, -3);                             /* ..., warn, message, where */
      lua_call(L, 2, 0);                                /* name, full, where */
    } else
      fprintf(stderr, "allure-lua: %s: warning: %s\n", lua_tostring(L, -2), colon + 1);
    lua_settop(L, top);                                 /* as it was */
  }
}

/* A byte-order mark followed by a declaration whose encoding label is not an
 * EncName ("UTF-16 LE", with a space: xunit-viewer's fixture): libxml2 rejects
 * the declaration, yet the BOM says the encoding. The label's bad characters are
 * overwritten with '-' in the first chunk (so the declaration parses) and the
 * label is ignored (XML_PARSE_IGNORE_ENC): the BOM decides. The label is kept in
 * r->relabel for the caller's warning. Only the first chunk of the input. */
static void bom_relabel(Reader *r, char *p, size_t len) {
  size_t unit, lo, i, start, n = 0;
  unsigned char *u = (unsigned char *)p;
  int changed = 0;
  if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) { unit = 1; lo = 0; i = 3; }
  else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) { unit = 2; lo = 0; i = 2; }
  else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) { unit = 2; lo = 1; i = 2; }
  else return;
#define CH(k) (((k) + unit <= len && (unit == 1 || u[(k) + 1 - lo] == 0)) ? u[(k) + lo] : 0)
  if (CH(i) != '<' || CH(i + unit) != '?') return;
  /* find encoding= inside the declaration */
  for (; i + 9 * unit <= len && CH(i) != '>' && CH(i) != 0; i += unit) {
    static const char key[] = "encoding";
    size_t k;
    for (k = 0; k < 8 && CH(i + k * unit) == (unsigned char)key[k]; k++) {}
    if (k < 8) continue;
    i += 8 * unit;
    while (CH(i) == ' ' || CH(i) == '=' ) i += unit;
    if (CH(i) != '"' && CH(i) != '\'') return;
    {
      unsigned char q = CH(i);
      i += unit;
      start = i;
      for (; CH(i) != 0 && CH(i) != q && CH(i) != '>'; i += unit) {
        unsigned char c = CH(i);
        if (n + 1 < sizeof r->relabel) r->relabel[n++] = (char)c;
        if (!(isalnum(c) || c == '.' || c == '_' || c == '-') || (i == start && !isalpha(c))) {
          u[i + lo] = (i == start) ? 'X' : '-';
          changed = 1;
        }
      }
      r->relabel[n] = '\0';
      if (CH(i) != q || !changed) {        /* not a label we can mend, or a good one */
        r->relabel[0] = '\0';
        return;
      }
      xmlCtxtUseOptions(r->ctxt, PARSE_OPTIONS | XML_PARSE_IGNORE_ENC);
      return;
    }
  }
#undef CH
}

/* Reads and parses until the queue holds events, the input ends or fails. */
static void fill(lua_State *L, Reader *r) {
  r->qlen = r->qpos = 0;
  r->alen = 0;
  if (r->acap > ARENA_KEEP) {   /* do not pin a huge arena after one big chunk */
    free(r->arena);
    r->arena = NULL;
    r->acap = 0;
  }
  while (r->qlen == 0 && !r->at_eof && !r->failed && !r->nomem) {
    ssize_t n;
    if (r->buf == NULL && (r->buf = malloc(CHUNK)) == NULL) { r->nomem = 1; break; }
    n = al_read_some(r->fd, r->buf, r->chunk_size);   /* counted for the progress display */
    if (n < 0) {
      r->io_errno = errno;
      r->failed = 1;
      break;
    }
    r->bytes += (size_t)n;
    if (r->bytes == 0) {   /* nothing at all */
      r->failed = 1;
      break;
    }
    if (r->bytes == (size_t)n && n > 0) {   /* the first chunk: a BOM and a bad label? */
      if (r->ctxt == NULL && !parser_new(r, L)) { r->nomem = 1; break; }
      bom_relabel(r, r->buf, (size_t)n);
    }
    feed(L, r, r->buf, (size_t)n, n == 0);
  }
  deliver_warnings(L, r);
  if (r->nomem) {
    r->nomem = 0;
    r->failed = 1;
    snprintf(r->err, sizeof r->err, "%ld:1: not enough memory", r->line);
    r->err_fatal = 1;
    luaL_error(L, "not enough memory");
  }
}

/* Turns a failure into the sticky error state, naming the real cause: a read
 * error, an empty input, or libxml2's first error. */
static void set_failed(Reader *r) {
  long line = r->doc_line, col = 1;
  if (r->ctxt != NULL && r->ctxt->input != NULL) {
    line = r->ctxt->input->line;
    col = r->ctxt->input->col;
  }
  r->state = R_ERR;
  if (r->io_errno != 0)
    snprintf(r->err, sizeof r->err, "%ld:%ld: read error: %s", line, col, strerror(r->io_errno));
  else if (r->bytes == 0)
    snprintf(r->err, sizeof r->err, "1:1: Document is empty");
  else if (r->err[0] == '\0')
    snprintf(r->err, sizeof r->err, "%ld:%ld: parse error", line, col);
}

/* The next event, NULL at the end (R_EOF) or on an error (R_ERR). The event is
 * valid until the next call. */
static const Event *advance(lua_State *L, Reader *r) {
  if (r->qpos == r->qlen) {
    if (r->at_eof && !r->failed) { r->state = R_EOF; return NULL; }
    if (!r->failed) fill(L, r);
    if (r->qpos == r->qlen) {
      if (r->failed) set_failed(r);
      else r->state = R_EOF;
      return NULL;
    }
  }
  return &r->q[r->qpos++];
}

/* The input ended inside an element: libxml2 reports that itself, so this is
 * only a safety net that keeps the error state sticky. */
static void set_truncated(Reader *r) {
  r->state = R_ERR;
  if (r->err[0] == '\0')
    snprintf(r->err, sizeof r->err, "%ld:1: Premature end of data (unclosed element)", r->line);
}

/* Makes ev the current event. */
static void set_current(lua_State *L, Reader *r, const Event *ev) {
  r->depth = ev->depth;
  r->line = ev->line;
  if (ev->len + 1 > r->name_cap) {
    size_t cap = ev->len + 64;
    char *p = realloc(r->name, cap);
    if (p == NULL) luaL_error(L, "not enough memory");
    r->name = p;
    r->name_cap = cap;
  }
  memcpy(r->name, r->arena + ev->off, ev->len + 1);
  r->cur_attrs = ev->attrs;
  r->cur_nattrs = ev->nattrs;
}

/* ====================================================================
** Helpers
** ==================================================================== */

static Reader *check_reader(lua_State *L) {
  Reader *r = luaL_checkudata(L, 1, READER_MT);
  if (r->closed) luaL_error(L, "attempt to use a closed XML reader");
  return r;
}

static void reader_release(Reader *r) {
  parser_free(r);
  if (r->own_fd && r->fd >= 0) close(r->fd);
  r->fd = -1;
  r->closed = 1;
  free(r->q);
  free(r->arena);
  free(r->name);
  free(r->buf);
  free(r->scratch);
  free(r->carry);
  r->carry = NULL;
  r->carry_len = r->carry_cap = 0;
  free(r->dropped);
  r->dropped = NULL;
  r->dcap = 0;
  r->q = NULL;
  r->arena = r->name = r->buf = r->scratch = NULL;
  r->qlen = r->qpos = r->qcap = r->alen = r->acap = r->name_cap = r->slen = r->scap = 0;
}

/* Pushes nil, "name:line:col: message" for the sticky error; returns 2. */
static int push_failure(lua_State *L, int idx, const Reader *r) {
  lua_getiuservalue(L, idx, 1);                               /* name */
  lua_pushnil(L);                                       /* name, nil */
  lua_pushfstring(L, "%s:%s", lua_tostring(L, -2), r->err);   /* name, nil, msg */
  return 2;
}

/* Raises unless the reader is at a "start" event (misuse). */
static void check_start(lua_State *L, const Reader *r, const char *what) {
  if (r->state != R_START)
    luaL_error(L, "%s: the reader is not at a \"start\" event", what);
}

/* Pushes the attributes of the current element as a table keyed by qualified name
 * (as written: "xsi:type"; namespace declarations included). */
static void push_attrs(lua_State *L, Reader *r) {
  const char *p = r->arena + r->cur_attrs;
  int i;
  lua_createtable(L, 0, r->cur_nattrs);                 /* attrs */
  for (i = 0; i < r->cur_nattrs; i++) {
    const char *v = p + strlen(p) + 1;
    lua_pushstring(L, p);                               /* attrs, qname */
    lua_pushstring(L, v);                               /* attrs, qname, value */
    lua_rawset(L, -3);                                  /* attrs */
    p = v + strlen(v) + 1;
  }
}

/* Appends to the tree() scratch buffer (owned by the reader: raising here leaks
 * nothing). */
static void scratch_add(lua_State *L, Reader *r, const char *s, size_t n) {
  if (!grow(&r->scratch, &r->scap, r->slen, n)) luaL_error(L, "not enough memory");
  memcpy(r->scratch + r->slen, s, n);
  r->slen += n;
}

/* Moves past the end of the element started at depth d0 (the reader is inside
 * it). Returns 1, or -1 on a parse error (sticky state set). */
static int skip_to_end(lua_State *L, Reader *r, int d0) {
  for (;;) {
    const Event *ev = advance(L, r);
    if (ev == NULL) {
      if (r->state == R_EOF) set_truncated(r);
      return -1;
    }
    r->line = ev->line;
    if (ev->kind == EV_END && ev->depth == d0) return 1;
  }
}

/* ====================================================================
** Reader methods
** ==================================================================== */

/* r:next() -> event, name, depth | "empty" | nil | nil, err */
static int reader_next(lua_State *L) {
  Reader *r = check_reader(L);
  const Event *ev;
  switch (r->state) {
    case R_ERR: return push_failure(L, 1, r);
    case R_EOF: lua_pushnil(L); return 1;               /* nil: the end */
    default: break;
  }
  do {
    ev = advance(L, r);
    if (ev == NULL) {
      if (r->state == R_ERR) return push_failure(L, 1, r);
      lua_pushnil(L);                                   /* nil: the end */
      return 1;
    }
  } while (ev->kind == EV_TEXT);
  set_current(L, r, ev);
  if (ev->kind == EV_EMPTY) {
    r->state = R_EMPTY;
    lua_pushliteral(L, "empty");                        /* event */
    return 1;
  }
  r->state = ev->kind == EV_START ? R_START : R_END;
  if (ev->kind == EV_START) lua_pushliteral(L, "start"); /* event */
  else lua_pushliteral(L, "end");                       /* event */
  lua_pushlstring(L, r->name, ev->len);                 /* event, name */
  lua_pushinteger(L, r->depth);                         /* event, name, depth */
  return 3;
}

/* r:attr(name) -> string | nil */
static int reader_attr(lua_State *L) {
  Reader *r = check_reader(L);
  const char *name = luaL_checkstring(L, 2);
  const char *p;
  int i;
  check_start(L, r, "attr");
  p = r->arena + r->cur_attrs;
  for (i = 0; i < r->cur_nattrs; i++) {
    const char *v = p + strlen(p) + 1;
    if (strcmp(p, name) == 0) {
      lua_pushstring(L, v);                             /* value */
      return 1;
    }
    p = v + strlen(v) + 1;
  }
  lua_pushnil(L);                                       /* nil: no such attribute */
  return 1;
}

/* r:attrs() -> table */
static int reader_attrs(lua_State *L) {
  Reader *r = check_reader(L);
  check_start(L, r, "attrs");
  push_attrs(L, r);
  return 1;
}

/* Of n more bytes of text after `kept`, how many are kept under max_text. */
static size_t keep(const Reader *r, size_t kept, size_t n) {
  if (r->max_text == 0) return n;
  if (kept >= r->max_text) return 0;
  return n < r->max_text - kept ? n : r->max_text - kept;
}

/* The marker that ends a cut text; returns its length. */
static size_t truncation_note(char *buf, size_t size, size_t dropped) {
  return (size_t)snprintf(buf, size, "\n[truncated: %zu bytes not kept]", dropped);
}

static void warn_truncated(Reader *r, long line, const char *name, size_t dropped) {
  char fmt[160];
  /* queue_warning takes one string argument: the numbers go into the format */
  snprintf(fmt, sizeof fmt, "the text of <%%s> is longer than %zu bytes (opts.max_text): "
           "the first %zu are kept, %zu bytes are not", r->max_text, r->max_text, dropped);
  queue_warning(r, line, fmt, name);
}

/* r:text() -> string | nil, err: text and CDATA of the whole subtree, then past
 * its end. */
static int reader_text(lua_State *L) {
  Reader *r = check_reader(L);
  luaL_Buffer b;
  int d0 = r->depth;
  long line0 = r->line;
  size_t kept = 0, dropped = 0;
  check_start(L, r, "text");
  r->state = R_DONE;
  luaL_buffinit(L, &b);
  for (;;) {
    const Event *ev = advance(L, r);
    if (ev == NULL) {   /* the buffer stays below the results: Lua frees it */
      if (r->state == R_EOF) set_truncated(r);
      return push_failure(L, 1, r);
    }
    r->line = ev->line;
    if (ev->kind == EV_TEXT) {
      size_t take = keep(r, kept, ev->len);
      luaL_addlstring(&b, r->arena + ev->off, take);
      kept += take;
      dropped += ev->len - take;
    } else if (ev->kind == EV_END && ev->depth == d0)
      break;
  }
  r->state = R_DONE;
  if (dropped > 0) {
    char note[80];
    luaL_addlstring(&b, note, truncation_note(note, sizeof note, dropped));
    warn_truncated(r, line0, r->name, dropped);
  }
  luaL_pushresult(&b);
  deliver_warnings(L, r);
  return 1;
}

/* Creates the table of an element: {name=, attrs=, line=}. */
static void push_node(lua_State *L, Reader *r, const Event *ev) {
  lua_createtable(L, 0, 4);                             /* node (text is set when it closes) */
  lua_pushlstring(L, r->arena + ev->off, ev->len);      /* node, name */
  lua_setfield(L, -2, "name");                          /* node */
  r->cur_attrs = ev->attrs;
  r->cur_nattrs = ev->nattrs;
  push_attrs(L, r);
  lua_setfield(L, -2, "attrs");                         /* node */
  lua_pushinteger(L, ev->line);                         /* node, line */
  lua_setfield(L, -2, "line");                          /* node */
}

/* Completes the innermost open node (table, text offset on top of the stack):
 * sets its text and, below the tree's root, appends it to its parent. */
static void close_node(lua_State *L, Reader *r, int is_root) {
  size_t off = (size_t)lua_tointeger(L, -1);            /* ..., node, offset */
  lua_pop(L, 1);                                        /* ..., node */
  /* scratch is NULL until some text was seen: no pointer arithmetic on it then */
  lua_pushlstring(L, r->slen > off ? r->scratch + off : "", r->slen - off); /* ..., node, text */
  lua_setfield(L, -2, "text");                          /* ..., node */
  r->slen = off;                                        /* the parent's text continues here */
  if (!is_root) lua_rawseti(L, -3, (lua_Integer)lua_rawlen(L, -3) + 1);   /* ..., parent, offset */
}

/* Starts the count of text not kept at a tree() level. */
static void set_dropped(lua_State *L, Reader *r, int level) {
  if ((size_t)level >= r->dcap) {
    size_t cap = r->dcap ? r->dcap * 2 : 16;
    size_t *d = realloc(r->dropped, cap * sizeof *d);
    if (d == NULL) luaL_error(L, "not enough memory");
    r->dropped = d;
    r->dcap = cap;
  }
  r->dropped[level] = 0;
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
  lua_createtable(L, 0, 4);                             /* root, from the current event */
  lua_pushstring(L, r->name);                           /* root, name */
  lua_setfield(L, -2, "name");                          /* root */
  push_attrs(L, r);
  lua_setfield(L, -2, "attrs");                         /* root */
  lua_pushinteger(L, r->line);                          /* root, line */
  lua_setfield(L, -2, "line");                          /* root */
  lua_pushinteger(L, 0);                                /* root, offset */
  set_dropped(L, r, 0);
  for (;;) {
    const Event *ev = advance(L, r);
    if (ev == NULL) {
      if (r->state == R_EOF) set_truncated(r);
      lua_settop(L, top);                               /* r [, max_depth]: the partial tree dropped */
      return push_failure(L, 1, r);
    }
    r->line = ev->line;
    if (ev->kind == EV_TEXT) {
      size_t off = (size_t)lua_tointeger(L, -1), take = keep(r, r->slen - off, ev->len); /* ..., node, offset */
      scratch_add(L, r, r->arena + ev->off, take);
      r->dropped[level] += ev->len - take;
    } else if (ev->kind == EV_START) {
      if (level + 2 > max_depth) {   /* the child would make level + 2 levels */
        /* Too deep: skip the whole tree so the stream can go on after it. */
        long line = ev->line;
        lua_settop(L, top);                             /* r [, max_depth] */
        if (skip_to_end(L, r, d0) < 0) return push_failure(L, 1, r);
        r->slen = 0;
        r->state = R_DONE;
        lua_getiuservalue(L, 1, 1);                     /* r [, max_depth], name */
        lua_pushnil(L);                                 /* ..., name, nil */
        lua_pushfstring(L, "%s:%d: element nested deeper than %d levels in tree()",
                        lua_tostring(L, -2), (int)line, (int)max_depth);
        return 2;
      }
      luaL_checkstack(L, 8, "tree too deep");           /* room for a child and its offset */
      push_node(L, r, ev);
      lua_pushinteger(L, (lua_Integer)r->slen);         /* ..., parent, offset, child, offset */
      level++;
      set_dropped(L, r, level);
    } else {
      if (r->dropped[level] > 0) {
        char note[80];
        scratch_add(L, r, note, truncation_note(note, sizeof note, r->dropped[level]));
        lua_getfield(L, -2, "name");                    /* ..., node, offset, name */
        lua_getfield(L, -3, "line");                    /* ..., node, offset, name, line */
        warn_truncated(r, (long)lua_tointeger(L, -1), lua_tostring(L, -2), r->dropped[level]);
        lua_pop(L, 2);                                  /* ..., node, offset */
      }
      close_node(L, r, level == 0);
      if (level == 0) break;
      level--;
    }
  }
  r->state = R_DONE;
  deliver_warnings(L, r);
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
  lua_pushinteger(L, r->line);                          /* line */
  return 1;
}

/* r:relabelled() -> the malformed encoding label the BOM overrode, or nil */
static int reader_relabelled(lua_State *L) {
  Reader *r = check_reader(L);
  if (r->relabel[0] == '\0') lua_pushnil(L);            /* nil: no relabelling */
  else lua_pushstring(L, r->relabel);                   /* the encoding name written */
  return 1;
}

/* r:depth() -> integer */
static int reader_depth(lua_State *L) {
  Reader *r = check_reader(L);
  lua_pushinteger(L, r->depth);                         /* depth */
  return 1;
}

/* r:name() -> string | nil (nil before the first event and at the end) */
static int reader_name(lua_State *L) {
  Reader *r = check_reader(L);
  if (r->state == R_START || r->state == R_END || r->state == R_DONE) lua_pushstring(L, r->name);
  else lua_pushnil(L);
  return 1;
}

/* r:close(), also __gc and __close: idempotent. */
static int reader_close(lua_State *L) {
  Reader *r = luaL_checkudata(L, 1, READER_MT);
  reader_release(r);
  return 0;
}

/* tostring(r) -> "allure.xml.Reader (...)" */
static int reader_tostring(lua_State *L) {
  Reader *r = luaL_checkudata(L, 1, READER_MT);
  if (r->closed) lua_pushliteral(L, "allure.xml.Reader (closed)"); /* text */
  else lua_pushfstring(L, "allure.xml.Reader (%p)", (void *)r); /* text */
  return 1;
}

/* ====================================================================
** Module
** ==================================================================== */

/* xml.open(path|nil [, opts]) -> reader | nil, err
 * opts.name: the name in messages; opts.documents: "one" (default) or "many". */
static int xml_open(lua_State *L) {
  const char *path = luaL_optstring(L, 1, NULL);
  const char *name;
  int many = 0, opts = 0;
  lua_Integer max_text, chunk;
  Reader *r;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    opts = 2;
  }
  max_text = al_opt_integer(L, opts, "max_text", MAX_TEXT, 0, LUA_MAXINTEGER);
  chunk = al_opt_integer(L, opts, "chunk", CHUNK, 1, CHUNK);
  al_opt_check(L, opts, "warn", LUA_TFUNCTION);
  if (al_opt_check(L, opts, "documents", LUA_TSTRING)) {
    const char *d;
    lua_getfield(L, opts, "documents");                 /* path, opts, d */
    d = lua_tostring(L, -1);
    if (strcmp(d, "one") != 0 && strcmp(d, "many") != 0) luaL_error(L, "opts.documents: expected \"one\" or \"many\"");
    many = strcmp(d, "many") == 0;
    lua_pop(L, 1);                                      /* path, opts */
  }
  name = al_push_input_name(L, opts, path);             /* ..., name */

  /* Marked closed before anything can fail, so __gc is always safe. */
  r = lua_newuserdatauv(L, sizeof *r, 2);               /* ..., name, reader */
  memset(r, 0, sizeof *r);
  r->fd = -1;
  r->closed = 1;
  luaL_setmetatable(L, READER_MT);                      /* (from here its __gc closes it) */
  lua_pushvalue(L, -2);                                 /* ..., name, reader, name */
  lua_setiuservalue(L, -2, 1);                          /* ..., name, reader */
  if (lua_istable(L, 2)) {
    lua_getfield(L, 2, "warn");                         /* ..., name, reader, warn */
    lua_setiuservalue(L, -2, 2);                        /* ..., name, reader */
  }
  r->max_text = (size_t)max_text;
  r->chunk_size = (size_t)chunk;

  if (path != NULL) {
    int fd = al_open_input(path, NULL);
    if (fd < 0) return luaL_fileresult(L, 0, name);
    r->fd = fd;
    r->own_fd = 1;
  } else
    r->fd = STDIN_FILENO;
  r->closed = 0;
  r->many = many;
  r->doc_line = 1;
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
  {"relabelled", reader_relabelled},
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

/* require "allure.xml" -> module */
int luaopen_allure_xml(lua_State *L) {
  static int initialized;
  if (!initialized) {   /* process-wide libxml2 setup, once */
    LIBXML_TEST_VERSION
    xmlInitParser();
    xmlSetExternalEntityLoader(no_entity_loader);
    sax_init();
    initialized = 1;
  }
  al_class(L, READER_MT, reader_meta, reader_methods);
  luaL_newlib(L, xml_funcs);                            /* xml */
  return 1;
}
