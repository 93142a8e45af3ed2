#!/bin/sh
# Re-runs the tiny crate in cargo/ with the installed cargo and copies each stream, byte for
# byte except for the suite's path (made /ci/app), into its golden case. A maintenance
# tool: the test suite never runs it. Then:
#   cmake --build build && UPDATE_GOLDEN=1 ctest --test-dir build -R 'golden/(libtest|junit)/runner-'
# and review the diff: the streams carry durations and thread ids that change from run to run.
#
#   tests/golden/libtest/runners/regenerate.sh
#
# Cases (README.md has what each shows and the counts libtest prints):
#   ../runner-cargo-json           cargo test --no-fail-fast -- <json> --test-threads=1 2>&1
#   ../runner-cargo-parallel       cargo test --lib -- <json> 2>&1          (default threads)
#   ../runner-cargo-build-failed   cargo test --features broken -- <json> 2>&1
#   ../../junit/runner-libtest-junit        --format junit, standard output only (one
#                                  document per test binary, concatenated)
#   ../../junit/runner-libtest-junit-crash  the same with the test whose message has a newline,
#                                  on which libtest's junit formatter panics mid-document
#   ../runner-cargo-misc-json, ../../junit/runner-libtest-junit-exit0[-last]  cargo-misc/ (below)
# <json> is -Z unstable-options --format json --report-time (RUSTC_BOOTSTRAP=1: the format is
# unstable). Needs cargo and rustc (rustup's, in ~/.cargo/bin); no crates, no network.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
CASES=$(dirname "$HERE")

# put, from the runners' shared helpers: the working directory's path made /ci/app.
GOLDEN=$CASES
. "$CASES/../runners.sh"

PATH=$HOME/.cargo/bin:$PATH
cd "$HERE/cargo"
rm -rf out
mkdir out
export RUSTC_BOOTSTRAP=1 RUST_BACKTRACE=0 CARGO_TERM_COLOR=never CARGO_TARGET_DIR="$HERE/cargo/out/target"
json="-Z unstable-options --format json --report-time"
# Built first, so that the streams below have no compiler progress of their own build.
cargo build --tests --offline -q 2>/dev/null
{ cargo test --offline --no-fail-fast -- $json --test-threads=1 2>&1 || true; } > out/json.json
{ cargo test --offline --lib -- $json 2>&1 || true; } > out/parallel.json
{ cargo test --offline --no-fail-fast --features broken -- $json 2>&1 || true; } > out/build-failed.json
{ cargo test --offline --no-fail-fast -- -Z unstable-options --format junit --report-time \
    --test-threads=1 --skip should_panic_other_message 2>/dev/null || true; } > out/junit.xml
{ cargo test --offline --no-fail-fast -- -Z unstable-options --format junit --report-time \
    --test-threads=1 2>/dev/null || true; } > out/junit-crash.xml
put out/json.json runner-cargo-json
put out/parallel.json runner-cargo-parallel
put out/build-failed.json runner-cargo-build-failed
put out/junit.xml ../junit/runner-libtest-junit input.xml
put out/junit-crash.xml ../junit/runner-libtest-junit-crash input.xml

# cargo-misc/: a second crate, shaped otherwise: --ensure-time with RUST_TEST_TIME_UNIT (a
# test over its critical time fails with "reason": "time limit exceeded"), --show-output,
# a panic in a spawned thread, one test name in two modules, process::exit(0) in a test.
cd "$HERE/cargo-misc"
rm -rf out
mkdir out
export CARGO_TARGET_DIR="$HERE/cargo-misc/out/target"
cargo build --tests --offline -q 2>/dev/null
{ RUST_TEST_TIME_UNIT=100,200 cargo test --offline --no-fail-fast -- $json --ensure-time --show-output \
    --test-threads=1 2>&1 || true; } > out/json.json
put out/json.json runner-cargo-misc-json
# --format junit: exit0's document is only the XML declaration (libtest writes the rest when
# its tests end), then the doc tests' document follows; with --lib --test exit0 it is the last.
{ cargo test --offline --no-fail-fast -- -Z unstable-options --format junit --report-time \
    --test-threads=1 2>/dev/null || true; } > out/junit.xml
{ cargo test --offline --no-fail-fast --lib --test exit0 -- -Z unstable-options --format junit \
    --report-time --test-threads=1 2>/dev/null || true; } > out/junit-last.xml
put out/junit.xml ../junit/runner-libtest-junit-exit0 input.xml
put out/junit-last.xml ../junit/runner-libtest-junit-exit0-last input.xml
