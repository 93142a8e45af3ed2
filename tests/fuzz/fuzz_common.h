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

/* The push size of the reader under test, from the input's first byte: a control byte
 * 0x01-0x08 or 0x0e-0x1f (never the start of a meaningful document) selects one of the
 * sizes below and is not part of the document; any other start reads with the
 * default (0). libFuzzer mutates the byte like any other, so chunk boundaries fall
 * anywhere in a document, as in libxml2's own OSS-Fuzz target. */
static inline size_t al_fuzz_chunk(const uint8_t **data, size_t *size) {
  static const size_t sizes[] = { 1, 2, 3, 4, 5, 7, 8, 11, 13, 16, 17, 31, 64, 100, 127, 128, 255,
                                  256, 300, 511, 512, 1000, 4095, 4096, 4097, 8191, 65535 };
  uint8_t c;
  if (*size == 0) return 0;
  c = (*data)[0];
  if (c == 0 || (c > 0x08 && c < 0x0e) || c > 0x1f) return 0;
  (*data)++;
  (*size)--;
  return sizes[(c <= 0x08 ? c - 1 : c - 0x0e + 8) % (sizeof sizes / sizeof sizes[0])];
}

#endif
