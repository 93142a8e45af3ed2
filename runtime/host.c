/*
** allure.host: the facts the driver needs from the C side (bundled scripts, files, clocks,
** the environment, the error context), attachment files opened below a directory held
** open, the exit statuses (al.h) as host.EXIT, and spawn/wait from spawn.c.
*/
#define _GNU_SOURCE
#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>

#include "al.h"
#include "embedded.h"
#include "fs.h"
#include "lmods.h"

/* {====================================================================
** allure.host: facts the driver needs from the C side
** ===================================================================== */

/* host.script(name) -> loader, chunkname | nil: a bundled script by name ("junit"). */
static int host_script(lua_State *L) {
  const char *rel = lua_pushfstring(L, "scripts/%s.lua", luaL_checkstring(L, 1));
  const struct al_module *m = al_find_embedded(rel);
  if (m == NULL) return 0;
  if (al_load_embedded(L, m) != LUA_OK) return lua_error(L);
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

/* host.clock() -> seconds (monotonic) */
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

/* host.isatty(fd) -> boolean */
static int host_isatty(lua_State *L) {
  lua_pushboolean(L, isatty((int)luaL_checkinteger(L, 1)));
  return 1;
}

/* {--------------------------------------------------------------------
** Attachment files: opened once, below a directory held open
** --------------------------------------------------------------------- */

/* __gc(dir): closes its descriptor (idempotent) */
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

/* tostring(file) -> "allure.host.File (rel)" */
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
  {"cwd", host_cwd},         {"environ", host_environ}, {"input_bytes", host_input_bytes},
  {"dir", host_dir},         {NULL, NULL}};

/* host.EXIT: the exit statuses of al.h, by the names the driver uses (one list, here). */
static const struct {
  const char *name;
  int status;
} exits[] = {
  {"ok", AL_EXIT_OK},         {"input", AL_EXIT_INPUT},   {"usage", AL_EXIT_USAGE},
  {"script", AL_EXIT_SCRIPT}, {"output", AL_EXIT_OUTPUT}, {"limit", AL_EXIT_LIMIT},
  {"unreadable", AL_EXIT_UNREADABLE}, {"empty", AL_EXIT_EMPTY}, {"signal", AL_EXIT_SIGNAL}};

/* require "allure.host" -> module */
int luaopen_allure_host(lua_State *L) {
  register_files(L);
  luaL_newlib(L, host_funcs);
  al_spawn_register(L);
  lua_createtable(L, 0, (int)(sizeof exits / sizeof exits[0]));
  for (size_t i = 0; i < sizeof exits / sizeof exits[0]; i++) {
    lua_pushinteger(L, exits[i].status);
    lua_setfield(L, -2, exits[i].name);
  }
  lua_setfield(L, -2, "EXIT");                   /* stack: host */
  return 1;
}

/* }==================================================================== */
