#!/bin/sh
# Builds the cmocka test next to this script (Debian's libcmocka-dev) and rewrites
# ../input.tap with its TAP output (then re-run the golden with UPDATE_GOLDEN=1 and review).
set -eu
cd "$(dirname "$0")"
out="${TMPDIR:-/tmp}/allure-lua-cmocka-calc"
cc -o "$out" calc_test.c $(pkg-config --cflags --libs cmocka)
CMOCKA_MESSAGE_OUTPUT=tap "$out" > ../input.tap 2>&1 || true
