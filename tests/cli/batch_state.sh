#!/bin/sh
# Incremental batch runs: the state in OUT (one file per folder of outputs)
# skips outputs whose input, options and galley version are unchanged;
# --force, a touched input, a changed option, a new format, a deleted output
# or another version redo exactly what they affect. A file survives a torn
# line, one of another folder is taken over, an older galley's single state
# file is replaced, and the state is locked.
. "$(dirname "$0")/lib.sh" "$1"

mkdir -p in/sub
for i in 1 2 3 4 5; do printf '# Note %s\n\nText %s.\n' $i $i >in/n$i.md; done
printf '<!doctype html><title>Six</title><p>Six.</p>\n' >in/sub/n6.html

# summary NAME EXPECTED: the summary line of the last run says EXPECTED
summary() { expect_err "$1" "6 inputs: $2"; }

run in -o out/
expect_rc "first run" 0
summary "first run converts all" "6 converted, 0 unchanged, 0 failed"
[ -d out/.galley-state ] && pass "state folder" || fail "state folder missing"
# One file per folder of outputs, named by 16 hex digits, saying its folder.
n=$(ls out/.galley-state | grep -cx '[0-9a-f]\{16\}')
[ "$n" -eq 2 ] && pass "state: one file per folder" || fail "state: $(ls out/.galley-state)"
for f in out/.galley-state/*; do
    head -1 "$f" | grep -qx 'galley-state 2' && pass "state header" || fail "state header of $f"
    tail -n +3 "$f" | LC_ALL=C sort -c && pass "state sorted" || fail "state $f not sorted"
done
dirs=$(for f in out/.galley-state/*; do sed -n 2p "$f"; done | LC_ALL=C sort | tr '\n' '|')
[ "$dirs" = "dir |dir sub|" ] && pass "state: folders named inside" || fail "state folders: $dirs"
root_state=$(grep -lx 'dir ' out/.galley-state/*)
sub_state=$(grep -lx 'dir sub' out/.galley-state/*)
grep -q '^sub/n6.txt sub/n6.html ' "$sub_state" && pass "state: sub's record in sub's file" ||
    fail "state: $(cat "$sub_state")"
[ "$(tail -n +3 "$root_state" | wc -l)" -eq 5 ] && pass "state: 5 records at the top" ||
    fail "state: $(cat "$root_state")"
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
# Every option that shapes an output redoes what it shapes: the PDF type
# and the present HTML dates are judged against were missing.
for opt in --font-size=12 --font-family=Serif --now=1700000000 --max-memory=512M; do
    run --width 40 --metadata title=X $opt in -o out/
    summary "$opt is an option" "6 converted, 0 unchanged"
done

run --width 40 --metadata title=X -t text,json in -o out/
summary "a new format is converted" "6 converted, 0 unchanged"
cat out/.galley-state/* | grep -c '\.json ' | grep -qx 6 && pass "json recorded" || fail "json not recorded"
run --width 40 --metadata title=X -t json in -o out/
summary "each format has its record" "0 converted, 6 unchanged"

run --force --width 40 --metadata title=X in -o out/
summary "--force redoes all" "6 converted, 0 unchanged"

# Another galley version: every record is stale.
sed -i '3,$s/ [0-9.]*$/ 0.0.0-old/' out/.galley-state/*
run --width 40 --metadata title=X in -o out/
summary "other version redoes all" "6 converted, 0 unchanged"

# A torn last line (a crash mid-append) and junk are ignored.
printf 'garbage line\nn1.txt n1.md 12' >>"$root_state"
run --width 40 --metadata title=X in -o out/
expect_rc "torn line" 0
summary "torn line ignored" "0 converted, 6 unchanged"
tail -c 1 "$root_state" | od -c | grep -q '\\n' && pass "state rewritten whole" ||
    fail "state still torn"
! grep -q garbage "$root_state" && pass "junk dropped" || fail "junk kept"

# A file that names another folder (as a hash collision would): its
# records are not used, and it is taken over.
cp "$root_state" "$sub_state"
run --width 40 --metadata title=X in -o out/
summary "foreign state file ignored" "1 converted, 5 unchanged"
sed -n 2p "$sub_state" | grep -qx 'dir sub' && pass "foreign file taken over" ||
    fail "foreign file: $(head -2 "$sub_state")"
run --width 40 --metadata title=X in -o out/
summary "taken-over file used" "0 converted, 6 unchanged"

# The single state file of an older galley: replaced, all converted once.
mkdir old
printf 'galley-state 1\nn1.txt n1.md 17 1 0000000000000000 0.0.1\n' >old/.galley-state
run in -o old/
summary "old state file: started afresh" "6 converted, 0 unchanged"
[ -d old/.galley-state ] && pass "old state file replaced by a folder" || fail "old state kept"
run in -o old/
summary "old state file: then incremental" "0 converted, 6 unchanged"

# Two runs into one folder at once: the second is refused.
flock out/.galley-state.lock sleep 3 &
sleep 1
run in -o out/
expect_rc "locked" 1
expect_err "locked" "another galley run is converting into this folder"
wait

# Sharded runs keep their own state; the unsharded one is untouched.
run --shard 1/2 in -o out/
[ -d out/.galley-state-1-of-2 ] && pass "shard state" || fail "shard state folder missing"

finish
