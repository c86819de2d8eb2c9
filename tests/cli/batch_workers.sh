#!/bin/sh
# Batch runs survive their files: a worker that crashes or hangs is replaced
# and its file reported, the others are converted, the exit status says so
# at the end; a kill -9 of galley itself leaves only complete outputs, and
# the rerun converts exactly the rest and leaves no temporary file.
. "$(dirname "$0")/lib.sh" "$1"
unset GALLEY_TEST_CRASH_ON GALLEY_TEST_HANG_ON GALLEY_TEST_KILL_AFTER

mkdir in
for i in 01 02 03 04 05 06 07 08 09 10 11 12; do
    printf '# Article %s\n\nBody of article %s.\n' "$i" "$i" >in/a$i.md
done

# no_temp DIR: no temporary file anywhere below DIR
no_temp() {
    left=$(find "$2" -name '.*.galley-tmp' -o -name '.*.galley-??????' -o -name '.*.??????' | head -5)
    if [ -z "$left" ]; then pass "$1: no temporary file"; else fail "$1: left $left"; fi
}

# A segfault in the worker converting a05.md.
GALLEY_TEST_CRASH_ON=a05.md timeout 60 "$GALLEY" -j 2 -t text,pdf in -o out/ >/dev/null 2>.stderr
RC=$?
ERR=$(cat .stderr)
expect_rc "crash: exit once all are done" 1
expect_err "crash: reported" "galley: in/a05.md: the worker converting this file crashed (signal 11"
expect_err "crash: summary" "12 inputs: 11 converted, 0 unchanged, 1 failed"
n=$(ls out/*.txt | wc -l)
[ "$n" -eq 11 ] && pass "crash: the 11 others converted" || fail "crash: $n texts"
expect_no_file "crash: no output of the crashed file" out/a05.txt
no_temp "crash" out
# The rerun converts only the file that failed.
run -j 2 -t text,pdf in -o out/
expect_rc "after crash: rerun" 0
expect_err "after crash: rerun converts the rest" "12 inputs: 1 converted, 11 unchanged, 0 failed"
expect_file "after crash: rerun" out/a05.pdf

# A hang in one file: stopped by --timeout, the rest converted.
rm -rf out
start=$(date +%s)
GALLEY_TEST_HANG_ON=a03.md timeout 60 "$GALLEY" -j 2 --timeout 2 in -o out/ >/dev/null 2>.stderr
RC=$?
ERR=$(cat .stderr)
took=$(($(date +%s) - start))
expect_rc "hang: exit" 1
expect_err "hang: reported" "galley: in/a03.md: stopped after --timeout 2 seconds"
expect_err "hang: summary" "12 inputs: 11 converted, 0 unchanged, 1 failed"
[ "$took" -lt 20 ] && pass "hang: run ends in ${took}s" || fail "hang: took ${took}s"
no_temp "hang" out

# With a single worker, the crashed one is replaced and the run finishes.
rm -rf out
GALLEY_TEST_CRASH_ON=a01.md timeout 60 "$GALLEY" -j 1 in -o out/ >/dev/null 2>.stderr
RC=$?
ERR=$(cat .stderr)
expect_rc "crash with -j 1" 1
expect_err "crash with -j 1: the worker is replaced" "12 inputs: 11 converted"

# kill -9 of galley after K=5 recorded conversions.
rm -rf out
GALLEY_TEST_KILL_AFTER=5 timeout 60 "$GALLEY" -j 2 -t text,pdf in -o out/ >/dev/null 2>.stderr
RC=$?
[ "$RC" -eq 137 ] && pass "kill -9: galley died of SIGKILL" || fail "kill -9: exit $RC: $(cat .stderr)"
sleep 1 # the workers die with their parent (PR_SET_PDEATHSIG)
recorded=$(cat out/.galley-state/* | grep -c '\.txt ')
[ "$recorded" -ge 5 ] && pass "kill -9: $recorded texts recorded" || fail "kill -9: $recorded recorded"
# Whatever is there under its final name is complete.
for f in out/*.pdf; do
    [ -e "$f" ] || continue
    qpdf --check "$f" >/dev/null 2>&1 || fail "kill -9: $f is not a complete PDF"
done
pass "kill -9: every PDF under its final name is complete"
run -j 2 -t text,pdf in -o out/
expect_rc "after kill -9: rerun" 0
expect_err "after kill -9: rerun converts exactly the rest" \
    "12 inputs: $((12 - recorded)) converted, $recorded unchanged, 0 failed"
n=$(ls out/*.txt out/*.pdf | wc -l)
[ "$n" -eq 24 ] && pass "after kill -9: all 24 outputs" || fail "after kill -9: $n outputs"
no_temp "after kill -9" out

# Ctrl-C (SIGINT to the process group) mid-run: in-flight outputs removed.
rm -rf out
GALLEY_TEST_HANG_ON=a02.md "$GALLEY" -j 1 in -o out/ >/dev/null 2>.stderr &
pid=$!
sleep 1
kill -INT $pid
wait $pid
RC=$?
ERR=$(cat .stderr)
expect_rc "SIGINT: exit" 1
expect_err "SIGINT: summary" "interrupted"
no_temp "SIGINT" out

# A write error on one output is that file's failure; nothing half-written.
rm -rf out
GALLEY_TEST_FAIL_WRITE_AFTER=10 "$GALLEY" -j 2 in -o out/ >/dev/null 2>.stderr
RC=$?
ERR=$(cat .stderr)
expect_rc "write refused" 1
no_temp "write refused" out
expect_no_file "write refused" out/a01.txt

finish
