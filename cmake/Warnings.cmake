# The warning set Lua's own makefile uses, minus the C89-only ones (C11 allows declarations after statements).
set(AL_WARNINGS -Wall -Wextra -Wshadow -Wundef -Wwrite-strings -Wmissing-prototypes
    -Wstrict-prototypes -Wno-unused-parameter)
if(AL_WERROR)
  list(APPEND AL_WARNINGS -Werror)
endif()
