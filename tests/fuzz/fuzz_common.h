/* Shared by the fuzz targets: the input bytes as a file the readers can open by path
 * (a memfd, no disk), and a lua_State with the native modules. */
#ifndef AL_FUZZ_COMMON_H
#define AL_FUZZ_COMMON_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../c/lstate.h"

/* Writes data to a fresh memfd; fills path with /proc/self/fd/N. Returns the fd or -1. */
static inline int al_fuzz_file(const uint8_t *data, size_t size, char path[64]) {
  int fd = memfd_create("fuzz-input", MFD_CLOEXEC);
  if (fd < 0) return -1;
  for (size_t off = 0; off < size;) {
    ssize_t n = write(fd, data + off, size - off);
    if (n <= 0) { close(fd); return -1; }
    off += (size_t)n;
  }
  snprintf(path, 64, "/proc/self/fd/%d", fd);
  return fd;
}

#endif
