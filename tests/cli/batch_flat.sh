#!/bin/sh
# A batch run plans one folder at a time, so the parent's memory does not
# grow with the number of files: its state is one file per folder of
# outputs (written as the folder settles), a kill -9 and rerun still
# converts exactly the rest, clashes between operands are still seen, the
# progress line still knows the total, and the parent's peak memory over
# 16,000 files is that over 2,000.
. "$(dirname "$0")/lib.sh" "$1"
unset GALLEY_TEST_CRASH_ON GALLEY_TEST_HANG_ON GALLEY_TEST_KILL_AFTER GALLEY_TEST_PEAK_RSS

# A tree: 2 files at the top, 3 folders of 4, one of them with a subfolder.
mkdir -p in/a in/b in/c/deep
for f in top1 top2 a/x1 a/x2 a/x3 a/x4 b/y1 b/y2 b/y3 b/y4 c/z1 c/z2 c/z3 c/z4 c/deep/w1; do
    printf '# %s\n\nBody of %s.\n' "$f" "$f" >in/$f.md
done
all=15

# state_ok NAME OUT: one file per folder of outputs, each holding only the
# records of the folder it names.
state_ok() {
    python3 - "$2/.galley-state" <<'PY' && pass "$1: state per folder" || fail "$1: state per folder"
import os, sys
folder = sys.argv[1]
seen = {}
for name in os.listdir(folder):
    if name.endswith(".galley-tmp"):
        sys.exit("temporary file left: " + name)
    lines = open(os.path.join(folder, name), encoding="utf-8").read().split("\n")
    assert lines[0] == "galley-state 2", lines[0]
    d = lines[1][4:]
    for rec in filter(None, lines[2:]):
        out = rec.split(" ")[0]
        assert os.path.dirname(out) == d, (name, d, out)
    seen[d] = len([l for l in lines[2:] if l])
want = {"": 2, "a": 4, "b": 4, "c": 4, "c/deep": 1}
assert seen == want, seen
PY
}

# kill -9 after 6 recorded conversions, one worker: the state holds what
# was done, folder by folder; the rerun converts exactly the rest.
GALLEY_TEST_KILL_AFTER=6 timeout 60 "$GALLEY" -j 1 in -o out/ >/dev/null 2>.stderr
RC=$?
[ "$RC" -eq 137 ] && pass "kill -9: galley died of SIGKILL" || fail "kill -9: exit $RC: $(cat .stderr)"
sleep 1 # the worker dies with its parent (PR_SET_PDEATHSIG)
n=$(ls out/.galley-state | wc -l)
[ "$n" -ge 2 ] && pass "kill -9: state in $n folder files" || fail "kill -9: $n state files"
recorded=$(cat out/.galley-state/* | grep -c '\.txt ')
[ "$recorded" -ge 6 ] && pass "kill -9: $recorded recorded" || fail "kill -9: $recorded recorded"
run -j 2 in -o out/
expect_rc "after kill -9: rerun" 0
expect_err "after kill -9: rerun converts exactly the rest" \
    "$all inputs: $((all - recorded)) converted, $recorded unchanged, 0 failed"
state_ok "after kill -9 and rerun" out
run in -o out/
expect_err "then nothing to do" "$all inputs: 0 converted, $all unchanged, 0 failed"
n=$(find out -name '*.txt' | wc -l)
[ "$n" -eq $all ] && pass "all $all outputs" || fail "$n outputs"

# A --files-from list in any order keeps the same per-folder state.
printf 'c/z2.md\ntop1.md\na/x1.md\nc/deep/w1.md\nc/z1.md\n' >list.txt
run --files-from list.txt in -o outl/
expect_err "files-from" "5 inputs: 5 converted"
run --files-from list.txt in -o outl/
expect_err "files-from rerun" "5 inputs: 0 converted, 5 unchanged"
n=$(ls outl/.galley-state | wc -l)
[ "$n" -eq 4 ] && pass "files-from: 4 folder files" || fail "files-from: $n state files"

# Operands that give one output folder the same name: the later one fails,
# naming both; the same file twice is converted once.
mkdir -p in2/a
printf '# Clash\n' >in2/a/x1.md
printf '# New\n' >in2/a/new.md
run in in2 -o out2/
expect_rc "operands clash" 1
expect_err "operands clash names both" \
    "'in/a/x1.md' and 'in2/a/x1.md' would both write 'out2/a/x1.txt': the second is not converted"
expect_file "operands clash: the first converted" out2/a/x1.txt
expect_file "operands clash: the others too" out2/a/new.txt
grep -q Clash out2/a/x1.txt && fail "operands clash: the second overwrote" ||
    pass "operands clash: the second wrote nothing"
run in/top1.md in/top1.md in/a/x1.md in2/a/x1.md -o out3/
expect_err "files clash" \
    "'in/a/x1.md' and 'in2/a/x1.md' would both write 'out3/x1.txt': neither is converted"
expect_err "same file twice: once" "3 inputs: 1 converted, 0 unchanged, 2 failed"
# Files named on the command line come before the folders.
run in/top1.md in -o out4/
expect_err "a file also in a folder: once" "$all inputs: $all converted, 0 unchanged, 0 failed"
run in2/a/x1.md in/a -o out5/
expect_err "file and a folder's file clash" \
    "'in2/a/x1.md' and 'in/a/x1.md' would both write 'out5/x1.txt': the second is not converted"

# Progress on a terminal: the total is counted ahead.
script -qfec "$GALLEY -j 1 --force in -o outp/" /dev/null >tty.log 2>&1
grep -q "/$all files" tty.log && pass "progress total counted ahead" ||
    fail "progress: $(tr '\r' '\n' <tty.log | head -3)"

# Memory: the parent's peak over 16,000 files is that over 2,000 (a list
# of every file cost ~230 bytes a file, 3.2 MB here).
memory_trees
for n in 2000 16000; do
    GALLEY_TEST_PEAK_RSS=1 "$GALLEY" -j 2 m$n -o mo$n/ >/dev/null 2>.stderr
    grep -q "$n inputs: $n converted" .stderr && pass "memory: $n converted" ||
        fail "memory: $n: $(cat .stderr)"
    eval "kib$n=\$(peak_kib)"
done
GALLEY_TEST_PEAK_RSS=1 "$GALLEY" -j 2 m16000 -o mo16000/ >/dev/null 2>.stderr
rerun=$(peak_kib)
grep -q "16000 unchanged" .stderr && pass "memory: rerun unchanged" || fail "rerun: $(cat .stderr)"
expect_flat "$kib2000" "$kib16000" "$rerun"

finish
