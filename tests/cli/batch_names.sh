#!/bin/sh
# Long file names (issue 14, item 6): a temporary file's name must fit
# NAME_MAX (255 bytes) however long the output's name, so an input of
# 240-255 bytes converts in a batch as it does alone; and a message is
# never cut before its reason, however long the paths it names.
. "$(dirname "$0")/lib.sh" "$1"

long() { python3 -c "import sys; print(sys.argv[1] * int(sys.argv[2]) + sys.argv[3])" "$@"; }

mkdir in
x250=$(long x 247 .md) # 250 bytes; its outputs are 251-252 bytes long
y254=$(long y 251 .md) # 254 bytes: y*251.txt fits in 255, y*251.xhtml does not
printf '# Long\n\nA file with a long name.\n' >"in/$x250"
printf '# Longer\n\nA name one output cannot have.\n' >"in/$y254"
xs=$(long x 247 '')
ys=$(long y 251 '')

# In a batch, every format: the 251-byte outputs need a temporary name
# shorter than ".NAME.galley-tmp" (263 bytes).
run -j 1 -t text,xhtml,json,pdf,epub --report r.jsonl in -o out/
expect_rc "long names: exit 1 (one output cannot be named)" 1
for ext in txt xhtml json pdf epub; do
    expect_file "long name in a batch: .$ext" "out/$xs.$ext"
done
expect_file "254-byte name: .txt (255 bytes) written" "out/$ys.txt"
expect_no_file "254-byte name: .xhtml (257 bytes) cannot exist" "out/$ys.xhtml"
# The reason comes last, after paths of 260 bytes: it must be there.
expect_err "257-byte output: the reason is said" "': File name too long"
grep -q "File name too long\"" r.jsonl && pass "257-byte output: the report has the reason" ||
    fail "257-byte output: the report lacks the reason: $(cat r.jsonl)"
left=$(find out -name '.*' ! -name '.galley-state*' | head -3)
[ -z "$left" ] && pass "long names: no temporary file left" || fail "long names: left $left"

# The rerun finds the long names up to date.
run -j 1 -t text,xhtml,json,pdf,epub in -o out/
expect_err "long names: rerun" "2 inputs: 0 converted, 1 unchanged, 1 failed"

# Alone, into a named file: ".NAME.galley.XXXXXX" would be 266 bytes.
run "in/$x250" -o "$xs.txt"
expect_rc "long name alone" 0
expect_file "long name alone" "$xs.txt"
expect_no_temp "long name alone" .
run -t xhtml "in/$y254" -o "$ys.xhtml"
expect_rc "257-byte output alone" 1
expect_err "257-byte output alone: the reason is said" "': File name too long"

finish
