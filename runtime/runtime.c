/*
** The Lua host of allure-lua: builds the state, installs the loader (user files first, then
** the embedded stdlib/ and scripts/), exposes a few host facts to Lua as "allure.host", and
** runs everything inside one protected call with a C traceback handler (as lua.c does).
*/
#define _GNU_SOURCE
#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

#include "al.h"
#include "embedded.h"
#include "fs.h"
#include "lmods.h"
#include "pool.h"

int luaopen_cjson(lua_State *L);
int luaopen_cjson_safe(lua_State *L);

#define AL_CTX_KEY "allure.ctx"   /* registry: what the run is doing, for error messages */

/* {====================================================================
** Errors
** ===================================================================== */

/* Message handler: adds a C traceback to string errors. Tables that carry an `exit` status
** (input/output errors raised on purpose by the driver) pass through untouched. */
static int msghandler(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (lua_type(L, 1) == LUA_TTABLE && lua_getfield(L, 1, "exit") == LUA_TNUMBER) {
      lua_pop(L, 1);
      return 1;
    }
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
      return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  if (lua_getfield(L, LUA_REGISTRYINDEX, AL_CTX_KEY) == LUA_TSTRING)
    msg = lua_pushfstring(L, "%s (%s)", msg, lua_tostring(L, -1));
  luaL_traceback(L, L, msg, 1);
  return 1;
}

int al_pcall(lua_State *L, int nargs, int nres) {
  int base = lua_gettop(L) - nargs;
  int status;
  lua_pushcfunction(L, msghandler);
  lua_insert(L, base);
  status = lua_pcall(L, nargs, nres, base);
  lua_remove(L, base);
  return status;
}

int al_report(lua_State *L) {
  int status = AL_EXIT_SCRIPT;
  if (lua_type(L, -1) == LUA_TTABLE) {
    if (lua_getfield(L, -1, "exit") == LUA_TNUMBER)
      status = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    lua_getfield(L, -1, "message");              /* stack: err, err.message */
    lua_remove(L, -2);
  }
  fprintf(stderr, "allure-lua: %s\n", lua_isstring(L, -1) ? lua_tostring(L, -1) : "(no message)");
  fflush(stderr);
  lua_pop(L, 1);
  return status;
}

/* }==================================================================== */

/* {====================================================================
** Loader: embedded searcher, text-only chunks
** ===================================================================== */

static const struct al_module *find_embedded(const char *rel) {
  for (const struct al_module *m = al_modules; m->name; m++)
    if (strcmp(m->name, rel) == 0) return m;
  return NULL;
}

/* The embedded files are our own bytecode, compiled at build time with their real chunk names
** and debug information (precompile.c); or source text with AL_EMBED_SOURCE. Only they may be
** bytecode: files from disk are text-only (searcher_file, the prelude). */
#ifdef AL_EMBED_SOURCE
#define AL_EMBED_MODE "t"
#else
#define AL_EMBED_MODE "b"
#endif

/* Loads an embedded file with its real chunk name ("@stdlib/allure/time.lua"). */
static int load_embedded(lua_State *L, const struct al_module *m) {
  lua_pushfstring(L, "@%s", m->name);
  int status = luaL_loadbufferx(L, (const char *)m->src, m->len, lua_tostring(L, -1), AL_EMBED_MODE);
  lua_remove(L, -2);
  return status;
}

/* package.searchers entry after the file searcher: "allure.time" -> stdlib/allure/time.lua
** (or .../init.lua), so a user's file of the same name always wins. */
static int searcher_embedded(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  const char *forms[] = {"stdlib/%s.lua", "stdlib/%s/init.lua"};
  luaL_gsub(L, name, ".", "/");                  /* stack: name, path */
  for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
    const char *rel = lua_pushfstring(L, forms[i], lua_tostring(L, 2));
    const struct al_module *m = find_embedded(rel);
    lua_pop(L, 1);
    if (m) {
      if (load_embedded(L, m) != LUA_OK)
        return luaL_error(L, "error loading embedded module '%s':\n\t%s", name, lua_tostring(L, -1));
      lua_pushfstring(L, "embedded:%s", m->name);
      return 2;
    }
  }
  lua_pushfstring(L, "no embedded module '%s'", name);
  return 1;
}

/* Replaces Lua's file searcher with one that loads text only: crafted bytecode can crash the VM. */
static int searcher_file(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "searchpath");
  lua_pushvalue(L, 1);
  lua_getfield(L, -3, "path");
  lua_call(L, 2, 2);                             /* stack: name, package, path|nil, err */
  if (lua_isnil(L, -2))
    return 1;                                    /* the "no file" list */
  const char *path = lua_tostring(L, -2);
  if (luaL_loadfilex(L, path, "t") != LUA_OK)
    return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, path,
                      lua_tostring(L, -1));
  lua_pushstring(L, path);
  return 2;
}

/* Lua-side guards and glue that are simplest said in Lua. */
static const char prelude[] =
  "local rawload, rawloadfile = load, loadfile\n"
  /* an explicit nil env would become the chunk's _ENV: pass env only when given */
  "function load(chunk, name, mode, ...)\n"
  "  if select('#', ...) > 0 then return rawload(chunk, name, 't', ...) end\n"
  "  return rawload(chunk, name, 't')\n"
  "end\n"
  "function loadfile(file, mode, ...)\n"
  "  if select('#', ...) > 0 then return rawloadfile(file, 't', ...) end\n"
  "  return rawloadfile(file, 't')\n"
  "end\n"
  "function dofile(file) local f = assert(loadfile(file)); return f() end\n";

/* }==================================================================== */

/* {====================================================================
** allure.host: facts the driver needs from the C side
** ===================================================================== */

/* host.script(name) -> loader, chunkname | nil: a bundled script by name ("junit"). */
static int host_script(lua_State *L) {
  const char *rel = lua_pushfstring(L, "scripts/%s.lua", luaL_checkstring(L, 1));
  const struct al_module *m = find_embedded(rel);
  if (m == NULL) return 0;
  if (load_embedded(L, m) != LUA_OK) return lua_error(L);
  lua_pushfstring(L, "embedded:%s", m->name);
  return 2;
}

/* host.scripts() -> { "junit", ... }: names of the bundled scripts. */
static int host_scripts(lua_State *L) {
  int n = 0;
  lua_newtable(L);
  for (const struct al_module *m = al_modules; m->name; m++) {
    size_t len = strlen(m->name);
    if (strncmp(m->name, "scripts/", 8) == 0 && len > 12 && strchr(m->name + 8, '/') == NULL) {
      lua_pushlstring(L, m->name + 8, len - 12);
      lua_rawseti(L, -2, ++n);
    }
  }
  return 1;
}

static int walk_push(const char *path, void *ud) {
  lua_State *L = ud;
  lua_pushstring(L, path);
  lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
  return 0;
}

/* host.walk(dir) -> { files... } | nil, err: regular files below dir, sorted, recursive. */
static int host_walk(lua_State *L) {
  char err[512];
  const char *dir = luaL_checkstring(L, 1);
  lua_newtable(L);
  if (al_walk(dir, walk_push, L, err, sizeof err) != 0) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  return 1;
}

/* host.stat(path) -> "file"|"dir"|"other", mtime_ms, size | nil, err */
static int host_stat(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  struct stat st;
  if (stat(path, &st) != 0) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", path, strerror(errno));
    return 2;
  }
  lua_pushstring(L, S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "dir" : "other");
  lua_pushinteger(L, (lua_Integer)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000);
  lua_pushinteger(L, (lua_Integer)st.st_size);
  return 3;
}

/* host.input_bytes() -> bytes read from inputs so far by every reader (fs.h al_input_bytes);
 * the progress display takes differences. */
static int host_input_bytes(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)al_input_bytes());
  return 1;
}

/* host.realpath(path) -> canonical absolute path | nil, err (symlinks resolved). */
static int host_realpath(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  char real[PATH_MAX];
  if (realpath(path, real) == NULL) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", path, strerror(errno));
    return 2;
  }
  lua_pushstring(L, real);
  return 1;
}

/* host.cwd() -> the working directory */
static int host_cwd(lua_State *L) {
  char cwd[PATH_MAX];
  if (getcwd(cwd, sizeof cwd) == NULL)
    return luaL_error(L, "cannot get the working directory: %s", strerror(errno));
  lua_pushstring(L, cwd);
  return 1;
}

extern char **environ;

/* host.environ() -> { NAME = value, ... }: the whole environment (ALLURE_LABEL_* lookups). */
static int host_environ(lua_State *L) {
  lua_newtable(L);
  for (char **e = environ; e && *e; e++) {
    const char *eq = strchr(*e, '=');
    if (eq == NULL) continue;
    lua_pushlstring(L, *e, (size_t)(eq - *e));
    lua_pushstring(L, eq + 1);
    lua_rawset(L, -3);
  }
  return 1;
}

/* host.now() -> wall-clock ms since the epoch; host.clock() -> monotonic seconds. */
static int host_now(lua_State *L) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  lua_pushinteger(L, (lua_Integer)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
  return 1;
}

static int host_clock(lua_State *L) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  lua_pushnumber(L, (lua_Number)ts.tv_sec + (lua_Number)ts.tv_nsec / 1e9);
  return 1;
}

/* host.context(s | nil): names what is being done, appended to script error messages. */
static int host_context(lua_State *L) {
  lua_settop(L, 1);
  lua_setfield(L, LUA_REGISTRYINDEX, AL_CTX_KEY);
  return 0;
}

static int host_isatty(lua_State *L) {
  lua_pushboolean(L, isatty((int)luaL_checkinteger(L, 1)));
  return 1;
}

/* {--------------------------------------------------------------------
** Running the test command (allure-lua run SCRIPT -- COMMAND)
** --------------------------------------------------------------------- */

/* The tee: copies the command's output to our stdout (the terminal) and to the pipe the
** converter reads as its standard input. If the converter stops reading, the tee keeps
** echoing and draining, so the command never blocks on a full pipe. Never returns. */
static void run_tee(int from, int to) {
  char buf[65536];
  ssize_t n;
  signal(SIGPIPE, SIG_IGN);
  while ((n = read(from, buf, sizeof buf)) != 0) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (ssize_t off = 0; off < n;) {        /* the terminal copy */
      ssize_t w = write(1, buf + off, (size_t)(n - off));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) break;
      off += w;
    }
    for (ssize_t off = 0; to >= 0 && off < n;) {
      ssize_t w = write(to, buf + off, (size_t)(n - off));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) { close(to); to = -1; break; }  /* reader gone: keep draining */
      off += w;
    }
  }
  _exit(0);
}

/* host.spawn({argv...}) -> pid | nil, err: starts the command with its stdout going through
** a tee to the terminal and to our fd 0, which the converter then reads as standard input. */
static int host_spawn(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  int argc = (int)luaL_len(L, 1);
  luaL_argcheck(L, argc > 0, 1, "empty command");
  const char **argv = lua_newuserdatauv(L, sizeof(char *) * (size_t)(argc + 1), 0);
  for (int i = 0; i < argc; i++) {
    lua_geti(L, 1, i + 1);
    argv[i] = luaL_checkstring(L, -1);
    lua_pop(L, 1);                               /* the table keeps the string alive */
  }
  argv[argc] = NULL;
  int out[2], feed[2];
  if (pipe2(out, O_CLOEXEC) != 0) goto fail;
  if (pipe2(feed, O_CLOEXEC) != 0) {
    close(out[0]); close(out[1]);
    goto fail;
  }
  fflush(stdout);
  fflush(stderr);
  pid_t cmd = fork();
  if (cmd < 0) {
    close(out[0]); close(out[1]); close(feed[0]); close(feed[1]);
    goto fail;
  }
  if (cmd == 0) {                                /* the command: stdout into the tee */
    dup2(out[1], 1);
    execvp(argv[0], (char *const *)argv);
    fprintf(stderr, "allure-lua: %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  pid_t tee = fork();
  if (tee == 0) {
    close(out[1]);
    close(feed[0]);
    run_tee(out[0], feed[1]);
  }
  close(out[0]);
  close(out[1]);
  close(feed[1]);
  if (tee < 0) {
    close(feed[0]);
    kill(cmd, SIGTERM);
    waitpid(cmd, NULL, 0);
    goto fail;
  }
  dup2(feed[0], 0);                              /* the converter reads the command's output */
  close(feed[0]);
  lua_pushinteger(L, cmd);
  lua_pushinteger(L, tee);
  return 2;
fail:
  luaL_pushfail(L);
  lua_pushfstring(L, "%s: %s", argv[0], strerror(errno));
  return 2;
}

/* host.wait(pid) -> exit status (128 + signal number for a signal, as shells report it) */
static int host_wait(lua_State *L) {
  pid_t pid = (pid_t)luaL_checkinteger(L, 1);
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return luaL_error(L, "waitpid: %s", strerror(errno));
  }
  lua_pushinteger(L, WIFEXITED(status) ? WEXITSTATUS(status)
                     : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1);
  return 1;
}

/* }-------------------------------------------------------------------- */

/* {--------------------------------------------------------------------
** Attachment files: opened once, below a directory held open
** --------------------------------------------------------------------- */

static int dir_gc(lua_State *L) {
  int *fd = luaL_checkudata(L, 1, AL_DIR_MT);
  if (*fd >= 0) close(*fd);
  *fd = -1;
  return 0;
}

/* host.dir(path) -> Dir | nil, err: the directory attachments must lie under, opened once
 * (O_PATH): later swaps of path itself do not move it. */
static int host_dir(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  int *fd = lua_newuserdatauv(L, sizeof *fd, 0);
  *fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (*fd < 0) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", path, strerror(errno));
    return 2;
  }
  luaL_setmetatable(L, AL_DIR_MT);
  return 1;
}

/* dir:open(rel) -> File | nil, err, kind. rel: canonical, relative to the directory (what
 * realpath gave, less the directory's own path). kind: "other" for a FIFO, device or
 * directory, "link" for a symlink on the way (swapped in since realpath looked), else
 * "error". EMFILE: the garbage collector closes the files no one holds, then one more try. */
static int dir_open(lua_State *L) {
  int *dirfd = luaL_checkudata(L, 1, AL_DIR_MT);
  size_t n;
  const char *rel = luaL_checklstring(L, 2, &n);
  struct al_lfile *f;
  struct stat st;
  int fd, e;
  luaL_argcheck(L, *dirfd >= 0, 1, "closed directory");
  fd = al_open_beneath(*dirfd, rel, &st);
  if (fd < 0 && (errno == EMFILE || errno == ENFILE)) {
    lua_gc(L, LUA_GCCOLLECT);
    fd = al_open_beneath(*dirfd, rel, &st);
  }
  if (fd < 0) {
    e = errno;
    luaL_pushfail(L);
    if (e == EINVAL) {
      lua_pushfstring(L, "%s: not a regular file", rel);
      lua_pushliteral(L, "other");
    } else {
      lua_pushfstring(L, "%s: %s", rel, e == ELOOP || e == ENOTDIR || e == EXDEV
                                             ? "a symlink on the way (changed while it was read?)"
                                             : strerror(e));
      if (e == ELOOP || e == ENOTDIR || e == EXDEV) lua_pushliteral(L, "link");
      else lua_pushliteral(L, "error");
    }
    return 3;
  }
  f = lua_newuserdatauv(L, sizeof *f + n, 1);
  f->fd = fd;
  f->dirfd = *dirfd;
  f->size = (long long)st.st_size;
  memcpy(f->rel, rel, n + 1);
  lua_pushvalue(L, 1);                           /* the Dir outlives its files */
  lua_setiuservalue(L, -2, 1);
  luaL_setmetatable(L, AL_FILE_MT);
  return 1;
}

static struct al_lfile *check_file(lua_State *L) { return luaL_checkudata(L, 1, AL_FILE_MT); }

/* file:size() -> bytes when it was opened */
static int file_size(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)check_file(L)->size);
  return 1;
}

/* file:head(n) -> the first n bytes (fewer for a shorter file) | nil, err. pread: the copy
 * still starts at 0. */
static int file_head(lua_State *L) {
  struct al_lfile *f = check_file(L);
  lua_Integer want = luaL_checkinteger(L, 2);
  char buf[4096];
  ssize_t r;
  luaL_argcheck(L, want >= 0 && want <= (lua_Integer)sizeof buf, 2, "at most 4096 bytes");
  if (f->fd < 0) return luaL_error(L, "attempt to use a closed file");
  do r = pread(f->fd, buf, (size_t)want, 0); while (r < 0 && errno == EINTR);
  if (r < 0) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", f->rel, strerror(errno));
    return 2;
  }
  lua_pushlstring(L, buf, (size_t)r);
  return 1;
}

/* file:close(), also __gc and __close */
static int file_close(lua_State *L) {
  struct al_lfile *f = check_file(L);
  if (f->fd >= 0) close(f->fd);
  f->fd = -1;
  return 0;
}

static int file_tostring(lua_State *L) {
  lua_pushfstring(L, "allure.host.File (%s)", check_file(L)->rel);
  return 1;
}

static void register_files(lua_State *L) {
  static const luaL_Reg dir_meta[] = {{"__gc", dir_gc}, {NULL, NULL}};
  static const luaL_Reg dir_methods[] = {{"open", dir_open}, {NULL, NULL}};
  static const luaL_Reg file_meta[] = {{"__gc", file_close}, {"__close", file_close},
                                       {"__tostring", file_tostring}, {NULL, NULL}};
  static const luaL_Reg file_methods[] = {{"size", file_size}, {"head", file_head},
                                          {"close", file_close}, {NULL, NULL}};
  luaL_newmetatable(L, AL_DIR_MT);
  luaL_setfuncs(L, dir_meta, 0);
  luaL_newlib(L, dir_methods);
  lua_setfield(L, -2, "__index");
  luaL_newmetatable(L, AL_FILE_MT);
  luaL_setfuncs(L, file_meta, 0);
  luaL_newlib(L, file_methods);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 2);
}

/* }-------------------------------------------------------------------- */

static const luaL_Reg host_funcs[] = {
  {"script", host_script},   {"scripts", host_scripts}, {"walk", host_walk},
  {"stat", host_stat},       {"now", host_now},         {"clock", host_clock},
  {"context", host_context}, {"isatty", host_isatty},   {"realpath", host_realpath},
  {"cwd", host_cwd},         {"spawn", host_spawn},     {"wait", host_wait},
  {"environ", host_environ}, {"input_bytes", host_input_bytes}, {"dir", host_dir},
  {NULL, NULL}};

static int luaopen_allure_host(lua_State *L) {
  register_files(L);
  luaL_newlib(L, host_funcs);
  return 1;
}

/* }==================================================================== */

/* The libraries a converter may use: no debug (the C traceback does not need it). */
static const luaL_Reg stdlibs[] = {
  {LUA_GNAME, luaopen_base},          {LUA_LOADLIBNAME, luaopen_package},
  {LUA_COLIBNAME, luaopen_coroutine}, {LUA_TABLIBNAME, luaopen_table},
  {LUA_IOLIBNAME, luaopen_io},        {LUA_OSLIBNAME, luaopen_os},
  {LUA_STRLIBNAME, luaopen_string},   {LUA_MATHLIBNAME, luaopen_math},
  {LUA_UTF8LIBNAME, luaopen_utf8},    {NULL, NULL}};

static const luaL_Reg preloads[] = {
  {"allure.host", luaopen_allure_host},  {"allure.writer", luaopen_allure_writer},
  {"allure.xml", luaopen_allure_xml},    {"allure.json", luaopen_allure_json},
  {"cjson", luaopen_cjson},              {"cjson.safe", luaopen_cjson_safe},
  {"allure.yaml", luaopen_allure_yaml},  {"allure.keyset", luaopen_allure_keyset},
  {"allure.base64", luaopen_allure_base64},
  {NULL, NULL}};

void al_open_runtime(lua_State *L, const char **dirs, int n_dirs) {
  luaL_Buffer b;
  for (const luaL_Reg *lib = stdlibs; lib->func; lib++) {
    luaL_requiref(L, lib->name, lib->func, 1);
    lua_pop(L, 1);
  }
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  for (const luaL_Reg *m = preloads; m->func; m++) {
    lua_pushcfunction(L, m->func);
    lua_setfield(L, -2, m->name);
  }
  lua_pop(L, 1);

  /* package.path: each search directory holds scripts (NAME.lua) and modules (allure/x.lua).
  ** Directories that do not exist (the XDG default, usually) are left out: each would cost
  ** two failed opens for every module required. */
  luaL_buffinit(L, &b);
  for (int i = 0, n = 0; i < n_dirs; i++) {
    struct stat st;
    if (stat(dirs[i], &st) != 0 && errno == ENOENT) continue;
    if (n++) luaL_addchar(&b, ';');
    lua_pushfstring(L, "%s/?.lua;%s/?/init.lua", dirs[i], dirs[i]);
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
  lua_getglobal(L, LUA_LOADLIBNAME);             /* stack: path, package */
  lua_insert(L, -2);
  lua_setfield(L, -2, "path");
  lua_pushliteral(L, "");                        /* no native modules from disk */
  lua_setfield(L, -2, "cpath");

  /* searchers: preload (native modules), text-only files, then the embedded sources. */
  lua_createtable(L, 3, 0);
  lua_getfield(L, -2, "searchers");
  lua_rawgeti(L, -1, 1);
  lua_rawseti(L, -3, 1);
  lua_pop(L, 1);                                 /* stack: package, searchers' */
  lua_pushvalue(L, -2);
  lua_pushcclosure(L, searcher_file, 1);
  lua_rawseti(L, -2, 2);
  lua_pushcfunction(L, searcher_embedded);
  lua_rawseti(L, -2, 3);
  lua_setfield(L, -2, "searchers");
  lua_pop(L, 1);

  if (luaL_loadbufferx(L, prelude, sizeof prelude - 1, "=prelude", "t") != LUA_OK)
    lua_error(L);
  lua_call(L, 0, 0);
}

/* {====================================================================
** Running a configuration
** ===================================================================== */

static void push_strings(lua_State *L, const char **v, int n) {
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    lua_pushstring(L, v[i]);
    lua_rawseti(L, -2, i + 1);
  }
}

#define SETBOOL(f) (lua_pushboolean(L, cfg->f), lua_setfield(L, -2, #f))

/* The configuration as the driver's argument table. */
static void push_config(lua_State *L, const struct al_config *cfg, const char **dirs, int n_dirs) {
  lua_newtable(L);
  lua_pushstring(L, cfg->output);
  lua_setfield(L, -2, "output");
  if (cfg->script) {
    lua_pushstring(L, cfg->script);
    lua_setfield(L, -2, "script");
  }
  push_strings(L, cfg->inputs, cfg->n_inputs);
  lua_setfield(L, -2, "inputs");
  push_strings(L, cfg->opts, cfg->n_opts);
  lua_setfield(L, -2, "opts");
  lua_createtable(L, cfg->n_settings, 0);       /* settings: { {name, value}, ... } */
  for (int i = 0; i < cfg->n_settings; i++) {
    lua_createtable(L, 2, 0);
    lua_pushstring(L, cfg->settings[2 * i]);
    lua_rawseti(L, -2, 1);
    lua_pushstring(L, cfg->settings[2 * i + 1]);
    lua_rawseti(L, -2, 2);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "settings");
  if (cfg->summary_json) {
    lua_pushstring(L, cfg->summary_json);
    lua_setfield(L, -2, "summary_json");
  }
  if (cfg->summary_md) {
    lua_pushstring(L, cfg->summary_md);
    lua_setfield(L, -2, "summary_md");
  }
  if (cfg->command) {
    push_strings(L, (const char **)cfg->command, cfg->n_command);
    lua_setfield(L, -2, "command");
  }
  push_strings(L, dirs, n_dirs);
  lua_setfield(L, -2, "dirs");
  SETBOOL(clean); SETBOOL(deterministic); SETBOOL(quiet); SETBOOL(verbose);
  SETBOOL(list); SETBOOL(help); SETBOOL(print_path); SETBOOL(no_env); SETBOOL(env_from_ci);
  SETBOOL(fail_on_empty);
  lua_pushstring(L, AL_VERSION);
  lua_setfield(L, -2, "version");
}

/* Search directories: -I dirs, then $ALLURE_LUA_PATH (";;" = the defaults), or the defaults:
** $XDG_CONFIG_HOME/allure-lua/scripts (or ~/.config/...). -E ignores the environment. */
static int search_dirs(lua_State *L, const struct al_config *cfg, const char ***out) {
  const char *env = cfg->no_env ? NULL : getenv("ALLURE_LUA_PATH");
  const char *xdg = cfg->no_env ? NULL : getenv("XDG_CONFIG_HOME");
  const char *home = cfg->no_env ? NULL : getenv("HOME");
  int n = 0;
  lua_newtable(L);                               /* keeps the strings alive */
  for (int i = 0; i < cfg->n_includes; i++) {
    lua_pushstring(L, cfg->includes[i]);
    lua_rawseti(L, -2, ++n);
  }
  const char *defaults = NULL;
  if (xdg && *xdg) defaults = lua_pushfstring(L, "%s/allure-lua/scripts", xdg);
  else if (home && *home) defaults = lua_pushfstring(L, "%s/.config/allure-lua/scripts", home);
  if (defaults) lua_insert(L, -2);               /* stack: [defaults], dirs */
  if (env) {
    /* As Lua's setpath: the first ";;" stands for the defaults, empty entries are skipped. */
    const char *mark = strstr(env, ";;");
    const char *p = env;
    for (;;) {
      const char *e = strchr(p, ';');
      if (mark && (e == NULL || e > mark)) e = mark;
      size_t len = e ? (size_t)(e - p) : strlen(p);
      if (len > 0) {
        lua_pushlstring(L, p, len);
        lua_rawseti(L, -2, ++n);
      }
      if (e == NULL) break;
      if (e == mark) {
        if (defaults) {
          lua_pushstring(L, defaults);
          lua_rawseti(L, -2, ++n);
        }
        mark = NULL;
        p = e + 2;
      } else {
        p = e + 1;
      }
    }
  } else if (defaults) {
    lua_pushstring(L, defaults);
    lua_rawseti(L, -2, ++n);
  }
  *out = lua_newuserdatauv(L, sizeof(char *) * (size_t)(n + 1), 0);
  lua_insert(L, -2);                             /* stack: [defaults], ud, dirs */
  for (int i = 0; i < n; i++) {
    lua_rawgeti(L, -1, i + 1);
    (*out)[i] = lua_tostring(L, -1);
    lua_setfield(L, -2, (*out)[i]);              /* anchor: dirs[s] = s */
  }
  return n;
}

/* pmain: everything that can raise runs here, under al_pcall. */
static int pmain(lua_State *L) {
  const struct al_config *cfg = lua_touserdata(L, 1);
  const char **dirs;
  int n_dirs = search_dirs(L, cfg, &dirs);
  al_open_runtime(L, dirs, n_dirs);

  if (cfg->run_file) {                           /* --run FILE ARGS: a plain Lua program */
    lua_createtable(L, cfg->n_run_args, 1);
    lua_pushstring(L, cfg->run_file);
    lua_rawseti(L, -2, 0);
    for (int i = 0; i < cfg->n_run_args; i++) {
      lua_pushstring(L, cfg->run_args[i]);
      lua_rawseti(L, -2, i + 1);
    }
    lua_setglobal(L, "arg");
    if (luaL_loadfilex(L, cfg->run_file, "t") != LUA_OK) {
      lua_newtable(L);                           /* a missing file is a usage error */
      lua_insert(L, -2);
      lua_setfield(L, -2, "message");
      lua_pushinteger(L, AL_EXIT_USAGE);
      lua_setfield(L, -2, "exit");
      return lua_error(L);
    }
    for (int i = 0; i < cfg->n_run_args; i++)
      lua_pushstring(L, cfg->run_args[i]);
    lua_call(L, cfg->n_run_args, 1);
    return 1;
  }
  lua_getglobal(L, "require");
  lua_pushliteral(L, "allure.driver");
  lua_call(L, 1, 1);
  lua_getfield(L, -1, "main");
  push_config(L, cfg, dirs, n_dirs);
  lua_call(L, 1, 1);
  return 1;
}

/* {====================================================================
** Limits: a script that loops forever or allocates without bound is stopped with a clear
** message (exit AL_EXIT_LIMIT); the results it wrote before stay, each complete.
** ===================================================================== */

struct al_limits {
  size_t used, cap;          /* Lua heap bytes; cap 0 = none */
  double deadline;           /* monotonic seconds; 0 = none */
  double timeout, max_mb;    /* as given, for the message */
  int hit;                   /* 1 memory, 2 time */
  struct al_pool pool;       /* the state's small blocks */
};

static double monotonic(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The default allocator with a count: past the cap an allocation fails, and Lua raises
** its memory error through the protected call. */
static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  struct al_limits *lim = ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    al_pool_realloc(&lim->pool, ptr, osize, 0);
    lim->used -= old;
    return NULL;
  }
  if (lim->cap && nsize > old && lim->used - old + nsize > lim->cap) {
    lim->hit = 1;
    return NULL;
  }
  void *p = al_pool_realloc(&lim->pool, ptr, osize, nsize);
  if (p) lim->used = lim->used - old + nsize;
  return p;
}

/* An error outside any protected call (never expected: everything runs in pmain). */
static int panic(lua_State *L) {
  const char *msg = lua_tostring(L, -1);
  fprintf(stderr, "allure-lua: PANIC: unprotected error in call to Lua API (%s)\n", msg ? msg : "?");
  return 0;                                      /* Lua then aborts */
}

/* Runs once, at the first instruction after the timer fired: raise. */
static void deadline_hook(lua_State *L, lua_Debug *ar) {
  struct al_limits *lim;
  (void)ar;
  lua_getallocf(L, (void **)&lim);
  lim->hit = 2;
  lua_sethook(L, NULL, 0, 0);                    /* so the error handling itself may run */
  luaL_error(L, "stopped after --timeout %f s", lim->timeout);
}

/* The deadline is a one-shot timer, not a count hook: any active hook sends every VM
** instruction through the slow path (about 2x). lua_sethook is safe in a signal handler. */
static lua_State *deadline_state;

static void on_deadline(int sig) {
  (void)sig;
  if (deadline_state) lua_sethook(deadline_state, deadline_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

static void arm_deadline(lua_State *L, double seconds) {
  struct itimerval it = {{0, 0}, {0, 0}};
  deadline_state = L;
  if (seconds <= 0) {
    setitimer(ITIMER_REAL, &it, NULL);           /* disarm */
    return;
  }
  signal(SIGALRM, on_deadline);
  it.it_value.tv_sec = (time_t)seconds;
  it.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
  if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0) it.it_value.tv_usec = 1;
  setitimer(ITIMER_REAL, &it, NULL);
}

/* }==================================================================== */

int al_run(const struct al_config *cfg) {
  struct al_limits lim = {0};
  lim.timeout = cfg->timeout;
  lim.max_mb = cfg->max_memory;
  lim.cap = cfg->max_memory > 0 ? (size_t)(cfg->max_memory * 1024 * 1024) : 0;
  lim.deadline = cfg->timeout > 0 ? monotonic() + cfg->timeout : 0;
  lua_State *L = lua_newstate(limited_alloc, &lim);
  int status;
  if (L != NULL) {
    lua_atpanic(L, panic);
    if (lim.deadline > 0) arm_deadline(L, cfg->timeout);
  }
  if (L == NULL) {
    fprintf(stderr, "allure-lua: cannot create Lua state: not enough memory\n");
    return AL_EXIT_SCRIPT;
  }
  lua_pushcfunction(L, pmain);
  lua_pushlightuserdata(L, (void *)cfg);
  if (al_pcall(L, 1, 1) != LUA_OK) {
    if (lim.hit) {
      lim.cap = 0;                               /* room to report */
      lua_pop(L, 1);
      fprintf(stderr, "allure-lua: the script was stopped: %s; the results written before are complete\n",
              lim.hit == 1 ? "it used more than --max-memory" : "it ran longer than --timeout");
      fprintf(stderr, "allure-lua: limits: --timeout %g s, --max-memory %g MB (0 = none)\n",
              lim.timeout, lim.max_mb);
      status = AL_EXIT_LIMIT;
    } else {
      status = al_report(L);
    }
  } else {
    /* The driver returns an exit status; a --run file may return one, or nothing (0),
    ** or false (1), like os.exit. */
    if (lua_isinteger(L, -1)) status = (int)lua_tointeger(L, -1);
    else if (lua_isboolean(L, -1)) status = lua_toboolean(L, -1) ? 0 : 1;
    else status = AL_EXIT_OK;
  }
  fflush(stdout);
  if (lim.deadline > 0) arm_deadline(NULL, 0);   /* no timer may outlive the state */
  lua_close(L);
  al_pool_release(&lim.pool);
  return status;
}

/* }==================================================================== */
