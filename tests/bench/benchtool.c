/*
** benchtool: the measuring half of the benchmark (tests/bench/run.sh, docs/performance.md).
**
**   benchtool run [-i FILE] [-o FILE] -- CMD [ARG...]
**       Runs CMD (stdin from FILE or /dev/null, stdout to FILE or /dev/null) and prints
**       "WALL_S USER_S SYS_S MAXRSS_KB EXIT" for it alone: wall from clock_gettime around
**       fork/wait, CPU and peak RSS from wait4's rusage (children of CMD not included).
**   benchtool write SIZES DIR
**       The write floor: for each size in the file SIZES (one per line) writes a file of that
**       many bytes into DIR the way allure-lua publishes one: openat a temp name (O_EXCL),
**       write, close, renameat2(RENAME_NOREPLACE) to its final name, all relative to the
**       directory fd. The sizes are read first, so the timed work is the writing alone.
**   benchtool lines FILE
**       The line-reading floor for NDJSON: reads FILE through a 64 KiB buffer (as allure.json's
**       line streams do), finds every line and touches its first byte. Prints the line count.
*/
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int die(const char *what) {
  fprintf(stderr, "benchtool: %s: %s\n", what, strerror(errno));
  return 1;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmd_run(int argc, char **argv) {
  const char *in = "/dev/null", *out = "/dev/null";
  struct rusage ru;
  double t0, t1;
  int i = 0, status;
  pid_t pid;
  while (i < argc && strcmp(argv[i], "--") != 0) {
    if (strcmp(argv[i], "-i") == 0 && i + 1 < argc) in = argv[i + 1];
    else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) out = argv[i + 1];
    else break;
    i += 2;
  }
  if (i >= argc || strcmp(argv[i], "--") != 0 || i + 1 >= argc) {
    fprintf(stderr, "usage: benchtool run [-i FILE] [-o FILE] -- CMD [ARG...]\n");
    return 2;
  }
  argv += i + 1;
  t0 = now();
  pid = fork();
  if (pid < 0) return die("fork");
  if (pid == 0) {
    int fi = open(in, O_RDONLY), fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fi < 0 || fo < 0 || dup2(fi, 0) < 0 || dup2(fo, 1) < 0) _exit(126);
    close(fi);
    close(fo);
    execvp(argv[0], argv);
    _exit(127);
  }
  if (wait4(pid, &status, 0, &ru) < 0) return die("wait4");
  t1 = now();
  printf("%.4f %.4f %.4f %ld %d\n", t1 - t0,
         (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6,
         (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6, ru.ru_maxrss,
         WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  return 0;
}

static int cmd_write(const char *sizes_path, const char *dir) {
  FILE *f = fopen(sizes_path, "r");
  size_t n = 0, cap = 1024, i, max = 0;
  long *sizes = malloc(cap * sizeof *sizes), s;
  char *buf;
  int dfd;
  if (f == NULL || sizes == NULL) return die(sizes_path);
  while (fscanf(f, "%ld", &s) == 1) {
    if (n == cap) {
      long *p = realloc(sizes, (cap *= 2) * sizeof *sizes);
      if (p == NULL) return die("realloc");
      sizes = p;
    }
    if (s < 0) s = 0;
    if ((size_t)s > max) max = (size_t)s;
    sizes[n++] = s;
  }
  fclose(f);
  /* JSON-looking bytes: the content does not matter to tmpfs, the size does. */
  buf = malloc(max + 1);
  if (buf == NULL) return die("malloc");
  for (i = 0; i < max; i++) buf[i] = "{\"name\":\"x\",\"status\":\"passed\"}\n"[i % 32];
  mkdir(dir, 0777);
  dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return die(dir);
  for (i = 0; i < n; i++) {
    char tmp[64], name[64];
    int fd;
    /* Names as long as allure-lua's: ".allure-lua-" + 12 + ".tmp", uuid + "-result.json". */
    snprintf(tmp, sizeof tmp, ".allure-lua-%012zx.tmp", i * 2654435761u);
    snprintf(name, sizeof name, "%08zx-%04zx-4%03zx-8%03zx-%012zx-result.json", i, i & 0xffff,
             i & 0xfff, (i >> 12) & 0xfff, i * 40503u);
    fd = openat(dfd, tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) return die(tmp);
    if (write(fd, buf, (size_t)sizes[i]) != sizes[i]) return die("write");
    if (close(fd) != 0) return die("close");
    if (renameat2(dfd, tmp, dfd, name, RENAME_NOREPLACE) != 0) return die(name);
  }
  close(dfd);
  free(buf);
  free(sizes);
  printf("%zu files\n", n);
  return 0;
}

static int cmd_lines(const char *path) {
  static char buf[1 << 16];
  char *carry = NULL;
  size_t carry_len = 0, lines = 0, touched = 0;
  int fd = open(path, O_RDONLY);
  ssize_t r;
  if (fd < 0) return die(path);
  /* A line split across two reads is copied whole, as a line reader must hand it out. */
  while ((r = read(fd, buf, sizeof buf)) > 0) {
    char *p = buf, *end = buf + r, *nl;
    while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
      if (carry_len > 0) {
        char *c = realloc(carry, carry_len + (size_t)(nl - p) + 1);
        if (c == NULL) return die("realloc");
        carry = c;
        memcpy(carry + carry_len, p, (size_t)(nl - p));
        touched += (unsigned char)carry[0];
        carry_len = 0;
      } else {
        touched += (unsigned char)p[0];
      }
      lines++;
      p = nl + 1;
    }
    if (p < end) {
      char *c = realloc(carry, carry_len + (size_t)(end - p));
      if (c == NULL) return die("realloc");
      carry = c;
      memcpy(carry + carry_len, p, (size_t)(end - p));
      carry_len += (size_t)(end - p);
    }
  }
  if (r < 0) return die(path);
  if (carry_len > 0) lines++;
  free(carry);
  close(fd);
  printf("%zu lines (%zu)\n", lines, touched % 10);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "run") == 0) return cmd_run(argc - 2, argv + 2);
  if (argc == 4 && strcmp(argv[1], "write") == 0) return cmd_write(argv[2], argv[3]);
  if (argc == 3 && strcmp(argv[1], "lines") == 0) return cmd_lines(argv[2]);
  fprintf(stderr, "usage: benchtool run [-i FILE] [-o FILE] -- CMD [ARG...] | write SIZES DIR | lines FILE\n");
  return 2;
}
