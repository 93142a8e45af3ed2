#!/bin/sh
# Builds sample_test.cpp with Debian's catch2 (v2) and rewrites ../input.xml with its
# XML reporter's output: -s for passed assertions too, -d yes for durations (then
# re-run the golden with UPDATE_GOLDEN=1 and review the diff).
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
g++ -std=c++17 -o "$tmp/sample_test" sample_test.cpp
(cd "$tmp" && ./sample_test -r xml -s -d yes -o out.xml || true)
cp "$tmp/out.xml" ../input.xml
