#!/usr/bin/env bash
# The whole test suite, from a clean clone: installs what is missing (Debian packages; the real
# Allure 2/3 generators from npm when ALLURE_LUA_INSTALL_GENERATORS=1 or in CI), builds into
# build/, and runs every tier with ctest. The last lines are ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(gcc make cmake pkg-config liblua5.4-dev lua-cjson-dev libxml2-dev libmd-dev libcmocka-dev libyaml-dev
          libxml2-utils valgrind lua5.4)
if [ "${CI:-}" = true ] || [ "${ALLURE_LUA_INSTALL_GENERATORS:-}" = 1 ]; then
  export ALLURE_LUA_INSTALL_GENERATORS=1
  packages+=(default-jre-headless)
  command -v npm >/dev/null || packages+=(nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 1. The release build: every tier (units, units under valgrind, Lua units, golden, corpus,
#    hostile inputs, and the real Allure generators when installed).
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
(cd build && ctest --output-on-failure -j"$(nproc)" "$@")

# 2. The same suite built with AddressSanitizer and UndefinedBehaviorSanitizer (valgrind and
#    the generators excepted: the first cannot run sanitized code, the second tests no C).
echo "== sanitizer build (AL_SANITIZE=ON)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DAL_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
cd build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --output-on-failure -j"$(nproc)" -E '^acceptance/' "$@"
