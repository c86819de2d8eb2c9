#!/bin/sh
# --combine (one book of every input): a folder gives its files that a
# reader claims through the one walker (hidden entries and links to folders
# left out), in path order; an input that fails is left out and said; and
# the book never replaces one of its own inputs (issue 14, item 2).
. "$(dirname "$0")/lib.sh" "$1"

mkdir -p notes/sub notes/.hidden
printf '# Beta\n\nSecond.\n' >notes/b.md
printf '# Alpha\n\nFirst.\n' >notes/a.md
printf '# Gamma\n\nThird.\n' >notes/sub/c.md
printf '# Hidden\n\nNever.\n' >notes/.hidden/h.md
printf 'not an input\n' >notes/readme.txt
ln -s sub notes/link-to-sub
: >notes/empty.md

run --combine --sort path -t text notes -o book.txt
expect_rc "folder to a book (an empty input fails)" 1
expect_err "the empty input is said" "notes/empty.md: "
expect_err "the empty input is left out" "(left out of the book)"
order=$(grep -o 'First\|Second\|Third\|Never' book.txt | tr '\n' ' ')
[ "$order" = "First Second Third " ] && pass "chapters in path order, hidden and linked left out" ||
    fail "chapters: '$order'"

# The book named as one of its inputs: refused, the input kept.
cp notes/a.md a.md
run --combine -t text a.md notes/b.md -o a.md
expect_rc "book over an input" 1
expect_err "book over an input" "a.md: refusing to overwrite the input with the book 'a.md'"
grep -q '^# Alpha' a.md && pass "book over an input: the input kept" ||
    fail "book over an input: a.md is now: $(head -3 a.md)"
expect_no_temp "book over an input" .

finish
