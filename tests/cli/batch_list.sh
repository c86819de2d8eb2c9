#!/bin/sh
# A --files-from list is planned a chunk at a time (GALLEY_TEST_LIST_CHUNK
# makes chunks of 3 here): two entries writing one output are still seen in
# chunks far apart (the earlier is converted, the later fails naming both),
# the same path listed twice is converted once, a kill -9 and rerun
# converts exactly the rest, the progress line shows a total for a file
# and none for a pipe, and the parent's peak memory over a list of 16,000
# files is that over 2,000.
. "$(dirname "$0")/lib.sh" "$1"
unset GALLEY_TEST_CRASH_ON GALLEY_TEST_HANG_ON GALLEY_TEST_KILL_AFTER GALLEY_TEST_PEAK_RSS
GALLEY_TEST_LIST_CHUNK=3
export GALLEY_TEST_LIST_CHUNK

mkdir -p in/sub
for f in a b c d e sub/x sub/y; do
    printf '# %s md\n\nBody.\n' "$f" >in/$f.md
done
printf '<h1>a html</h1>\n' >in/a.html
printf '<h1>x html</h1>\n' >in/sub/x.html

# a.md and sub/x.md in the first chunk, their rivals two chunks later; one
# worker, so the first chunk settles (its states let go) before the next.
printf 'a.md\nb.md\nsub/x.md\nc.md\nd.md\ne.md\nsub/y.md\na.html\nsub/x.html\n' >clash.txt
for j in 1 2; do
    run -j $j --files-from clash.txt in -o out$j/
    expect_rc "-j $j: clash across chunks" 1
    expect_err "-j $j: clash across chunks names both" \
        "'in/a.md' and 'in/a.html' would both write 'out$j/a.txt': the second is not converted"
    expect_err "-j $j: clash in a subfolder names both" \
        "'in/sub/x.md' and 'in/sub/x.html' would both write 'out$j/sub/x.txt': the second is not converted"
    expect_err "-j $j: the others converted" "9 inputs: 7 converted, 0 unchanged, 2 failed"
    grep -q 'a md' out$j/a.txt && pass "-j $j: the first wrote a.txt" || fail "-j $j: a.txt: $(cat out$j/a.txt)"
    grep -q 'x md' out$j/sub/x.txt && pass "-j $j: the first wrote sub/x.txt" ||
        fail "-j $j: sub/x.txt: $(cat out$j/sub/x.txt)"
done
# The rerun: the first is up to date and still claims its output.
run -j 1 --files-from clash.txt in -o out1/
expect_err "rerun: the later still fails" \
    "'in/a.md' and 'in/a.html' would both write 'out1/a.txt': the second is not converted"
expect_err "rerun: the rest unchanged" "9 inputs: 0 converted, 7 unchanged, 2 failed"
grep -q 'a md' out1/a.txt && pass "rerun: a.txt kept" || fail "rerun: a.txt: $(cat out1/a.txt)"
# The output recorded from the other input by an earlier run: this run's
# first entry takes it.
printf 'a.html\n' >html.txt
run --files-from html.txt in -o out3/
printf 'a.md\nb.md\nc.md\nd.md\na.html\n' >md_first.txt
run -j 1 --files-from md_first.txt in -o out3/
expect_err "earlier run's record: the later entry fails" \
    "'in/a.md' and 'in/a.html' would both write 'out3/a.txt': the second is not converted"
grep -q 'a md' out3/a.txt && pass "earlier run's record: the first converted" ||
    fail "earlier run's record: a.txt: $(cat out3/a.txt)"

# A clash inside one chunk fails both and still claims the output: a third
# input of that stem chunks later fails too, naming the first.
printf '# t md\n' >in/t.md
printf '<h1>t html</h1>\n' >in/t.html
printf '# t markdown\n' >in/t.markdown
printf 't.md\nt.html\nb.md\nc.md\nd.md\ne.md\nt.markdown\n' >three.txt
run -j 1 --files-from three.txt in -o out6/
expect_err "clash in a chunk: both fail" \
    "'in/t.md' and 'in/t.html' would both write 'out6/t.txt': neither is converted"
expect_err "clash in a chunk, third chunks later: fails naming the first" \
    "'in/t.md' and 'in/t.markdown' would both write 'out6/t.txt': the second is not converted"
expect_err "clash in a chunk: the rest converted" "7 inputs: 4 converted, 0 unchanged, 3 failed"
[ ! -e out6/t.txt ] && pass "clash in a chunk: no t.txt" || fail "clash in a chunk: t.txt: $(cat out6/t.txt)"
rm -f in/t.md in/t.html in/t.markdown

# The same path twice, chunks apart (./ and // normalised): converted once.
printf 'a.md\nb.md\nc.md\nd.md\ne.md\n./a.md\nsub//y.md\nsub/y.md\n' >dup.txt
run -j 1 --files-from dup.txt in -o out4/
expect_rc "duplicates across chunks" 0
expect_err "duplicates across chunks: once" "6 inputs: 6 converted, 0 unchanged, 0 failed"
run -j 2 --files-from dup.txt in -o out4/
expect_err "duplicates: rerun" "6 inputs: 0 converted, 6 unchanged, 0 failed"

# kill -9 after 5 recorded conversions, then the rerun converts exactly the
# rest (an earlier run's claims count for nothing).
mkdir -p many/p many/q
for i in 1 2 3 4 5 6 7 8; do
    printf '# p%s\n' $i >many/p/f$i.md
    printf '# q%s\n' $i >many/q/g$i.md
done
(cd many && find . -name '*.md' | sort -r) >many.txt
all=16
GALLEY_TEST_KILL_AFTER=5 timeout 60 "$GALLEY" -j 1 --files-from many.txt many -o out5/ \
    >/dev/null 2>.stderr
RC=$?
[ "$RC" -eq 137 ] && pass "kill -9: galley died of SIGKILL" || fail "kill -9: exit $RC: $(cat .stderr)"
sleep 1 # the worker dies with its parent (PR_SET_PDEATHSIG)
recorded=$(cat out5/.galley-state/* | grep '\.txt ' | grep -vc ' -1 -1 ')
[ "$recorded" -ge 5 ] && pass "kill -9: $recorded recorded" || fail "kill -9: $recorded recorded"
run -j 2 --files-from many.txt many -o out5/
expect_rc "after kill -9: rerun" 0
expect_err "after kill -9: rerun converts exactly the rest" \
    "$all inputs: $((all - recorded)) converted, $recorded unchanged, 0 failed"
run --files-from many.txt many -o out5/
expect_err "then nothing to do" "$all inputs: 0 converted, $all unchanged, 0 failed"
grep -l ' -1 -1 ' out5/.galley-state/* >/dev/null && fail "claims left in the state" ||
    pass "no claim left in the state"

# Progress on a terminal: a list file is counted ahead, a pipe is not.
script -qfec "$GALLEY -j 1 --files-from many.txt many -o outp/" /dev/null >tty.log 2>&1
grep -q "/$all files, .* files/s, ETA" tty.log && pass "progress: a list file's total" ||
    fail "progress: $(tr '\r' '\n' <tty.log | head -3)"
script -qfec "cat many.txt | $GALLEY -j 1 --force --files-from - many -o outp/" /dev/null \
    >tty.log 2>&1
if grep -q "galley: [0-9]* files, .* files/s, 0 failed" tty.log && ! grep -q '/[0-9]* files' tty.log; then
    pass "progress: a piped list shows no total"
else
    fail "progress, piped: $(tr '\r' '\n' <tty.log | head -3)"
fi

# Memory: the parent's peak over a list of 16,000 files is that over 2,000
# (planned whole, a list cost a few hundred bytes a file).
unset GALLEY_TEST_LIST_CHUNK
memory_trees
for n in 2000 16000; do
    (cd m$n && find . -name '*.md' -print0) >list$n
    GALLEY_TEST_PEAK_RSS=1 "$GALLEY" -j 2 -0 --files-from - m$n -o mo$n/ <list$n >/dev/null 2>.stderr
    grep -q "$n inputs: $n converted" .stderr && pass "memory: $n converted" ||
        fail "memory: $n: $(cat .stderr)"
    eval "kib$n=\$(peak_kib)"
done
GALLEY_TEST_PEAK_RSS=1 "$GALLEY" -j 2 -0 --files-from list16000 m16000 -o mo16000/ >/dev/null 2>.stderr
rerun=$(peak_kib)
grep -q "16000 unchanged" .stderr && pass "memory: rerun unchanged" || fail "rerun: $(cat .stderr)"
expect_flat "$kib2000" "$kib16000" "$rerun"

finish
