#!/bin/sh
# Builds the libFuzzer targets as fuzz/run does (clang, -DGL_FUZZ=ON) in a
# folder of the test build, then runs each for a few inputs over samples/:
# the fuzzers are not part of the ordinary builds, so without this a change
# could break them unnoticed until the next fuzzing session.
#   fuzz_build_check.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1
bin=$2
command -v clang >/dev/null 2>&1 || { echo "clang missing (scripts/install-deps test)"; exit 1; }
CC=clang cmake -S "$src" -B "$bin" -DGL_FUZZ=ON -DGL_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$bin" -j "$(nproc 2>/dev/null || echo 2)" >"$bin.log" 2>&1 || {
    tail -30 "$bin.log"
    exit 1
}
export LSAN_OPTIONS="suppressions=$src/tests/lsan.supp"
# tests/CMakeLists.txt says why.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}intercept_tls_get_addr=0"
fails=0
for t in markdown html frontmatter date image text xhtml json pdf epub; do
    # libFuzzer adds new inputs to the first folder and writes findings to
    # the current one: both are scratch folders here, never samples/.
    rm -rf "$bin/corpus-$t" && mkdir -p "$bin/corpus-$t"
    if (cd "$bin" && "$bin/fuzz/fuzz_$t" -runs=30 -max_len=65536 -artifact_prefix="$bin/$t-" \
        "$bin/corpus-$t" "$src/samples") >"$bin/$t.log" 2>&1; then
        echo "ok   - fuzz_$t built and ran"
    else
        echo "FAIL - fuzz_$t:"
        tail -20 "$bin/$t.log"
        fails=$((fails + 1))
    fi
done
[ "$fails" -eq 0 ]
