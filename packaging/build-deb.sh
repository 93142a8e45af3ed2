#!/bin/sh
# Builds allure-lua from this checkout and makes its Debian package:
#   packaging/build-deb.sh [OUT_DIR]          (default: build-deb/ in the checkout)
# prints the path of OUT_DIR/allure-lua_VERSION_ARCH.deb. Run as root on Debian 12 (a CI image,
# the Dockerfile's build stage) it first installs what the build needs. Then:
#   apt-get install ./allure-lua_*.deb
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$src/build-deb}
packages="gcc make cmake pkg-config file dpkg-dev liblua5.4-dev lua-cjson-dev libxml2-dev libmd-dev libyaml-dev"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=""
  for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi
mkdir -p "$out"
cmake -S "$src" -B "$out/build" -DCMAKE_BUILD_TYPE=Release -DAL_TESTS=OFF >/dev/null
cmake --build "$out/build" -j"$(nproc)" >/dev/null
(cd "$out/build" && cpack -G DEB -B "$out" >/dev/null)
ls "$out"/allure-lua_*.deb
