#!/bin/sh
# MB/s of the native base64 against the Lua module it replaced, on MB (default 100) of data.
#   tests/bench/base64.sh [MB]     (ALLURE_LUA=path to pick a binary; default build/allure-lua)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${ALLURE_LUA:-$root/build/allure-lua}
old=$(mktemp /tmp/allure-lua-old-base64.XXXXXX.lua)
trap 'rm -f "$old"' EXIT
git -C "$root" show f1e8db8:stdlib/allure/base64.lua >"$old"
exec "$bin" --run "$root/tests/bench/base64.lua" "${1:-100}" "$old"
