/* Failure injection for the cmocka units: every test executable is linked with
 * -Wl,--wrap=write,renameat2,rename,link,fsync, so these calls made by the runtime go through
 * the wrappers in wraps.c. Arm one with al_fail_after(), e.g. al_fail_after(AL_WRAP_WRITE, 2, ENOSPC):
 * the first 2 calls succeed, the third and later fail with errno ENOSPC until al_fail_reset(). */
#ifndef AL_TEST_WRAPS_H
#define AL_TEST_WRAPS_H

enum al_wrap { AL_WRAP_WRITE, AL_WRAP_RENAME, AL_WRAP_LINK, AL_WRAP_FSYNC, AL_WRAP_COUNT };

void al_fail_after(enum al_wrap which, int ok_calls, int err);
void al_fail_reset(void);
int al_wrap_calls(enum al_wrap which);   /* calls seen since the last reset */

#endif
