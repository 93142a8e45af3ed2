#!/bin/sh
# Re-runs the tiny crate next to this script with the installed cargo and rewrites
# ../input.json: libtest's JSON (unstable: RUSTC_BOOTSTRAP=1) with standard error merged,
# so cargo's "Running unittests src/lib.rs (target/debug/deps/shop-...)" and "Doc-tests
# shop" lines name each suite. One test thread keeps the order stable, and no backtraces.
# Then re-run the golden with UPDATE_GOLDEN=1 and review the diff.
set -eu
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1 RUST_BACKTRACE=0 CARGO_TERM_COLOR=never
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/allure-lua-libtest-target}"
cargo build --tests --offline -q 2>/dev/null || true
{ cargo test --offline --no-fail-fast -- -Z unstable-options --format json --report-time --test-threads=1 2>&1 || true; } \
  | grep -v '^ *Compiling \|^ *Finished ' > ../input.json
