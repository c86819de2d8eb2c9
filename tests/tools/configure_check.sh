#!/bin/sh
# Configuring without the test dependencies (issue 18): on a machine with only
# the build packages, "cmake -B build" succeeds with the tests off and says
# how to get them; asking for the tests there (-DGL_TESTS=ON, as CI and
# scripts/setup test do) is an error naming -DGL_TESTS=OFF, never a silent
# skip. cmocka's absence is simulated by a CMOCKA_LIB left NOTFOUND.
#   configure_check.sh SOURCE_DIR
set -eu
src=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
missing=-DCMOCKA_LIB=CMOCKA_LIB-NOTFOUND
if ! cmake -S "$src" -B "$dir/off" "$missing" >"$dir/off.log" 2>&1; then
    echo "FAIL: cmake without cmocka failed:"
    cat "$dir/off.log"
    exit 1
fi
grep -q "CMOCKA_LIB:FILEPATH=CMOCKA_LIB-NOTFOUND" "$dir/off/CMakeCache.txt" || {
    echo "FAIL: cmake found cmocka anyway: cmocka's absence was not simulated"
    exit 1
}
grep -q "GL_TESTS:BOOL=OFF" "$dir/off/CMakeCache.txt" || {
    echo "FAIL: without cmocka GL_TESTS did not default to OFF"
    exit 1
}
grep -q "the tests are not built.*scripts/install-deps test" "$dir/off.log" || {
    echo "FAIL: cmake did not say how to get the tests:"
    cat "$dir/off.log"
    exit 1
}
if cmake -S "$src" -B "$dir/on" "$missing" -DGL_TESTS=ON >"$dir/on.log" 2>&1; then
    echo "FAIL: -DGL_TESTS=ON without cmocka configured"
    exit 1
fi
grep -q -- "-DGL_TESTS=OFF" "$dir/on.log" || {
    echo "FAIL: the error does not name -DGL_TESTS=OFF:"
    cat "$dir/on.log"
    exit 1
}
echo "ok: without cmocka the tests default off, and -DGL_TESTS=ON is an error"
