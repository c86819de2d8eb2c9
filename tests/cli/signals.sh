#!/bin/sh
# What a killed or stopped conversion leaves, and where an output is never
# written (issue 14, item 8): SIGTERM or SIGHUP during a single conversion
# remove its temporary file; after kill -9 the next conversion of the same
# output removes the one left, but never a live writer's; an output path
# that is a symbolic link is refused, not replaced nor followed; and a
# SIGTERM that reaches a batch once everything is converted is no failure.
. "$(dirname "$0")/lib.sh" "$1"
unset GALLEY_TEST_KILL_AFTER GALLEY_TEST_TERM_AFTER

printf '# Title\n\nSome text.\n' >a.md

# A conversion reading standard input from a FIFO this shell holds open:
# its output is opened (the temporary file made) before the input is read,
# so it waits there with the temporary file in place. Sets PID.
mkfifo feed
start_waiting() {
    exec 3<>feed
    "$GALLEY" - -o "$1" <feed 2>"$WORK/.waiting.err" 3>&- &
    PID=$!
    n=0
    while [ ! -e ".$1.galley-tmp" ] && [ $n -lt 100 ]; do
        sleep 0.1
        n=$((n + 1))
    done
    [ -e ".$1.galley-tmp" ] && pass "$2: waiting with its temporary file" ||
        fail "$2: no temporary file: $(ls -a)"
}

for sig in TERM HUP; do
    start_waiting "sig-$sig.txt" "SIG$sig"
    kill -$sig $PID
    wait $PID
    RC=$?
    exec 3>&-
    [ $RC -gt 128 ] && pass "SIG$sig: ended by the signal ($RC)" || fail "SIG$sig: exit $RC"
    expect_no_file "SIG$sig: no output" "sig-$sig.txt"
    expect_no_temp "SIG$sig: temporary file removed" .
done

# kill -9 cannot be caught: the next conversion of that output removes
# what it left, once no process holds it.
start_waiting killed.txt "kill -9"
kill -9 $PID
wait $PID
exec 3>&-
[ -e .killed.txt.galley-tmp ] && pass "kill -9: the temporary file stays" ||
    fail "kill -9: no temporary file left to clean up"
run a.md -o killed.txt
expect_rc "after kill -9: converts" 0
grep -q "Some text" killed.txt && pass "after kill -9: output written" || fail "after kill -9: output"
expect_no_temp "after kill -9: the stale temporary file removed" .

# A live writer's temporary file is never taken: a second conversion of the
# same output at the same time uses a name of its own; both finish.
start_waiting shared.txt "live writer"
run a.md -o shared.txt
expect_rc "second writer" 0
[ -e .shared.txt.galley-tmp ] && pass "second writer: the live one's file kept" ||
    fail "second writer: removed the live writer's temporary file"
printf '# Late\n\nWritten last.\n' >&3
exec 3>&-
wait $PID
RC=$?
[ $RC -eq 0 ] && pass "live writer: finished" || fail "live writer: exit $RC: $(cat .waiting.err)"
grep -q "Written last" shared.txt && pass "live writer: its output is complete" ||
    fail "live writer: shared.txt: $(cat shared.txt)"
expect_no_temp "two writers" .

# An output path that is a symbolic link: refused, the link and what it
# points to left as they were.
printf 'keep\n' >target.txt
ln -s target.txt link.txt
run a.md -o link.txt
expect_rc "link to a file" 1
expect_err "link to a file" "galley: a.md: 'link.txt' is a symbolic link: refusing"
[ -L link.txt ] && pass "link to a file: the link stays" || fail "link to a file: replaced"
[ "$(cat target.txt)" = keep ] && pass "link to a file: its target untouched" ||
    fail "link to a file: target.txt changed"
ln -s nowhere.txt dangling.txt
run a.md -o dangling.txt
expect_rc "dangling link" 1
expect_no_file "dangling link: nothing made" nowhere.txt
[ -L dangling.txt ] && pass "dangling link: the link stays" || fail "dangling link: replaced"
# A link to a device is written in place, as the device would be.
ln -s /dev/null null.txt
run a.md -o null.txt
expect_rc "link to /dev/null" 0
[ -L null.txt ] && pass "link to /dev/null: the link stays" || fail "link to /dev/null: replaced"
# In a batch, where outputs are files of the output folder.
mkdir in out
cp a.md in/a.md
printf 'keep\n' >elsewhere.txt
ln -s ../elsewhere.txt out/a.txt
run in -o out/
expect_rc "batch: output is a link" 1
expect_err "batch: output is a link" "'out/a.txt' is a symbolic link: refusing"
[ -L out/a.txt ] && [ "$(cat elsewhere.txt)" = keep ] && pass "batch: link and target kept" ||
    fail "batch: out/a.txt replaced or followed"

# SIGTERM once the last file is converted: nothing was stopped.
rm -rf out
GALLEY_TEST_TERM_AFTER=1 "$GALLEY" --report r.jsonl in -o out/ >/dev/null 2>.stderr
RC=$?
ERR=$(cat .stderr)
expect_rc "SIGTERM after the last file" 0
expect_no_err "SIGTERM after the last file" "interrupted"
grep -q '"interrupted":false' r.jsonl && pass "SIGTERM after the last file: report" ||
    fail "SIGTERM after the last file: report: $(tail -1 r.jsonl)"
# ... but one before the last is an interruption.
printf '# B\n\nMore.\n' >in/b.md
rm -rf out
GALLEY_TEST_TERM_AFTER=1 "$GALLEY" -j 1 in -o out/ >/dev/null 2>.stderr
RC=$?
ERR=$(cat .stderr)
expect_rc "SIGTERM before the last file" 1
expect_err "SIGTERM before the last file" "interrupted"

finish
