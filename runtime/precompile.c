/*
** Build tool: compiles the bundled Lua files to bytecode for cmake/embed.cmake, so the binary
** loads its own modules without parsing them at every start (docs/performance.md, start-up).
**
**   al_precompile OUTDIR ROOT FILE...
**
** Each FILE (relative to ROOT, "stdlib/allure/time.lua") is compiled with the chunk name
** "@FILE", the one the embedded searcher gives source, and written to OUTDIR/FILE with its
** debug information (line numbers, local names): tracebacks read as they do from source.
** Built against the same Lua as the binary; a mismatch would make every embedded load fail
** with Lua's own "version mismatch" message, never run wrong code. User files stay text-only.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>
#include <lua.h>

static int write_chunk(lua_State *L, const void *p, size_t size, void *ud) {
  (void)L;
  return fwrite(p, 1, size, ud) == size ? 0 : 1;
}

/* mkdir -p of the directories above path. */
static int make_parents(char *path) {
  for (char *s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
    *s = '\0';
    int bad = mkdir(path, 0777) != 0 && errno != EEXIST;
    *s = '/';
    if (bad) return -1;
  }
  return 0;
}

static int compile(lua_State *L, const char *outdir, const char *root, const char *rel) {
  char *in = NULL, *out = NULL, *src = NULL;
  FILE *f = NULL;
  long len;
  int ok = 0;
  lua_pushfstring(L, "%s/%s", root, rel);
  in = strdup(lua_tostring(L, -1));
  lua_pushfstring(L, "%s/%s", outdir, rel);
  out = strdup(lua_tostring(L, -1));
  lua_pop(L, 2);
  if (!in || !out) goto done;
  if ((f = fopen(in, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0
      || fseek(f, 0, SEEK_SET) != 0 || (src = malloc((size_t)len + 1)) == NULL
      || fread(src, 1, (size_t)len, f) != (size_t)len) {
    fprintf(stderr, "al_precompile: %s: %s\n", in, strerror(errno));
    goto done;
  }
  fclose(f);
  f = NULL;
  lua_pushfstring(L, "@%s", rel);
  if (luaL_loadbufferx(L, src, (size_t)len, lua_tostring(L, -1), "t") != LUA_OK) {
    fprintf(stderr, "al_precompile: %s\n", lua_tostring(L, -1));
    goto done;
  }
  if (make_parents(out) != 0 || (f = fopen(out, "wb")) == NULL) {
    fprintf(stderr, "al_precompile: %s: %s\n", out, strerror(errno));
    goto done;
  }
  if (lua_dump(L, write_chunk, f, 0) != 0 || fclose(f) != 0) {
    f = NULL;
    fprintf(stderr, "al_precompile: %s: write error\n", out);
    goto done;
  }
  f = NULL;
  ok = 1;
done:
  if (f) fclose(f);
  lua_settop(L, 0);
  free(in);
  free(out);
  free(src);
  return ok;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: al_precompile OUTDIR ROOT FILE...\n");
    return 2;
  }
  lua_State *L = luaL_newstate();
  if (L == NULL) return 1;
  for (int i = 3; i < argc; i++) {
    if (!compile(L, argv[1], argv[2], argv[i])) {
      lua_close(L);
      return 1;
    }
  }
  lua_close(L);
  return 0;
}
