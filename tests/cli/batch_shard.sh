#!/bin/sh
# --shard K/N splits the inputs so that N runs convert each exactly once:
# all shards run here one after another, then through GNU parallel (-S :,
# the local machine, as docs/batch.md runs it across machines).
. "$(dirname "$0")/lib.sh" "$1"

mkdir -p in/a in/b
i=0
while [ $i -lt 40 ]; do
    printf '# Doc %s\n\nText %s.\n' $i $i >in/a/d$i.md
    printf '# Page %s\n\nText %s.\n' $i $i >in/b/p$i.md
    i=$((i + 1))
done
printf '# X\n' >in/a/clash.md
printf '<p>X</p>\n' >in/a/clash.html

# converted REPORT...: the inputs the reports say were converted or failed
attempted() { cat "$@" | grep -o '"input":"[^"]*","outputs":[^]]*\],"status":"[a-z]*"' |
    grep -v '"unchanged"' | sed 's/"input":"\([^"]*\)".*/\1/' | sort; }

# check NAME REPORTS...: every input attempted exactly once over the shards
check() {
    name=$1
    shift
    attempted "$@" >got.txt
    dups=$(uniq -d got.txt)
    [ -z "$dups" ] && pass "$name: no input twice" || fail "$name: twice: $dups"
    n=$(wc -l <got.txt)
    [ "$n" -eq 82 ] && pass "$name: all 82 inputs" || fail "$name: $n of 82"
    # The two inputs for one output always land in the same shard.
    shard_of_clash=$(grep -l 'clash.md' "$@" | xargs grep -l 'clash.html' | wc -l)
    [ "$shard_of_clash" -eq 1 ] && pass "$name: clash seen in one shard" ||
        fail "$name: clash split over shards"
}

for k in 1 2 3 4 5; do
    "$GALLEY" -q --shard $k/5 --report r$k.jsonl in -o out/ >/dev/null 2>&1
done
check "5 shards in turn" r1.jsonl r2.jsonl r3.jsonl r4.jsonl r5.jsonl
for k in 1 2 3 4 5; do
    n=$(grep -c '"input"' r$k.jsonl)
    [ "$n" -gt 0 ] && [ "$n" -lt 40 ] && pass "shard $k/5 takes a share ($n)" ||
        fail "shard $k/5 takes $n"
    [ -d out/.galley-state-$k-of-5 ] && pass "shard $k/5 state" || fail "shard $k/5: no state folder"
done
n=$(find out -name '*.txt' | wc -l)
[ "$n" -eq 80 ] && pass "shards: 80 outputs" || fail "shards: $n outputs"

run --shard 0/5 in -o x/
expect_rc "--shard 0/5" 2
run --shard 6/5 in -o x/
expect_rc "--shard 6/5" 2
run --shard 1 in -o x/
expect_rc "--shard 1" 2

# GNU parallel, as across machines: -S : is this machine, no ssh.
parallel --will-cite -S : -j 3 "$GALLEY" -q -j 1 --shard {}/3 --report "$WORK/p{}.jsonl" \
    "$WORK/in" -o "$WORK/pout/" ::: 1 2 3 >/dev/null 2>parallel.err
RC=$?
[ "$RC" -eq 1 ] && pass "GNU parallel: the clash fails one shard (exit $RC)" ||
    fail "GNU parallel: exit $RC: $(cat parallel.err)"
(cd "$WORK" && sed "s|$WORK/||g" p1.jsonl p2.jsonl p3.jsonl) >pall.jsonl
check "GNU parallel -S :" pall.jsonl
n=$(find pout -name '*.txt' | wc -l)
[ "$n" -eq 80 ] && pass "GNU parallel: 80 outputs" || fail "GNU parallel: $n outputs"

finish
