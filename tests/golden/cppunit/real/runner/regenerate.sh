#!/bin/sh
# Builds sample_test.cpp with Debian's libcppunit-dev and rewrites ../input.xml with
# what its XmlOutputter writes (then re-run the golden with UPDATE_GOLDEN=1 and
# review the diff).
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
g++ -std=c++17 -o "$tmp/sample_test" sample_test.cpp -lcppunit
(cd "$tmp" && ./sample_test || true)
cp "$tmp/out.xml" ../input.xml
