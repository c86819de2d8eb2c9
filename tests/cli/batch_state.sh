#!/bin/sh
# Incremental batch runs: the state file in OUT skips outputs whose input,
# options and galley version are unchanged; --force, a touched input, a
# changed option, a new format, a deleted output or another version redo
# exactly what they affect. The file survives a torn line and is locked.
. "$(dirname "$0")/lib.sh" "$1"

mkdir -p in/sub
for i in 1 2 3 4 5; do printf '# Note %s\n\nText %s.\n' $i $i >in/n$i.md; done
printf '<!doctype html><title>Six</title><p>Six.</p>\n' >in/sub/n6.html

# summary NAME EXPECTED: the summary line of the last run says EXPECTED
summary() { expect_err "$1" "6 inputs: $2"; }

run in -o out/
expect_rc "first run" 0
summary "first run converts all" "6 converted, 0 unchanged, 0 failed"
expect_file "state file" out/.galley-state
head -1 out/.galley-state | grep -qx 'galley-state 1' && pass "state header" || fail "state header"
tail -n +2 out/.galley-state | LC_ALL=C sort -c && pass "state sorted" || fail "state not sorted"
before=$(stat -c %Y.%y out/n1.txt)

run in -o out/
expect_rc "no change" 0
summary "no change skips all" "0 converted, 6 unchanged, 0 failed"
[ "$(stat -c %Y.%y out/n1.txt)" = "$before" ] && pass "no change: output untouched" ||
    fail "no change: out/n1.txt rewritten"

touch -d '2001-01-01' in/n2.md
run in -o out/
summary "touched input redone" "1 converted, 5 unchanged"

rm out/sub/n6.txt
run in -o out/
summary "deleted output redone" "1 converted, 5 unchanged"
expect_file "deleted output redone" out/sub/n6.txt

run --width 40 in -o out/
summary "changed option redoes all" "6 converted, 0 unchanged"
run --width 40 in -o out/
summary "same option again" "0 converted, 6 unchanged"
run --width 40 --metadata title=X in -o out/
summary "--metadata is an option" "6 converted, 0 unchanged"

run --width 40 --metadata title=X -t text,json in -o out/
summary "a new format is converted" "6 converted, 0 unchanged"
grep -c '\.json ' out/.galley-state | grep -qx 6 && pass "json recorded" || fail "json not recorded"
run --width 40 --metadata title=X -t json in -o out/
summary "each format has its record" "0 converted, 6 unchanged"

run --force --width 40 --metadata title=X in -o out/
summary "--force redoes all" "6 converted, 0 unchanged"

# Another galley version: every record is stale.
sed -i 's/ [0-9.]*$/ 0.0.0-old/' out/.galley-state
run --width 40 --metadata title=X in -o out/
summary "other version redoes all" "6 converted, 0 unchanged"

# A torn last line (a crash mid-append) and junk are ignored.
printf 'garbage line\nn1.txt n1.md 12' >>out/.galley-state
run --width 40 --metadata title=X in -o out/
expect_rc "torn line" 0
summary "torn line ignored" "0 converted, 6 unchanged"
tail -c 1 out/.galley-state | od -c | grep -q '\\n' && pass "state rewritten whole" ||
    fail "state still torn"

# Two runs into one folder at once: the second is refused.
flock out/.galley-state.lock sleep 3 &
sleep 1
run in -o out/
expect_rc "locked" 1
expect_err "locked" "another galley run is converting into this folder"
wait

# Sharded runs keep their own state; the unsharded one is untouched.
run --shard 1/2 in -o out/
expect_file "shard state" out/.galley-state-1-of-2

finish
