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

# --metadata is the book's, not each chapter's (issue 18 item 6); each
# chapter's head keeps its byline, and its site beside its date.
mkdir meta
printf -- '---\ntitle: First one\nauthor: Ann Writer\ndate: 2024-01-02\nsite: Daily Planet\n---\n\nBody one.\n' \
    >meta/a.md
printf -- '---\ntitle: Second one\nauthor: Bob Other\ndate: 2024-02-03\n---\n\nBody two.\n' >meta/b.md
run --combine --metadata author="Ed Itor" --metadata lang=fr --metadata date=2025-05-05 \
    --title "My Book" meta -o meta.pdf
expect_rc "book --metadata" 0
pdftotext meta.pdf meta.txt
pdfinfo meta.pdf >meta.info
grep -q '^Author: *Ed Itor$' meta.info && pass "book --metadata: the PDF's author" ||
    fail "book author: $(cat meta.info)"
[ "$(grep -c 'Ed Itor' meta.txt)" -eq 1 ] && grep -q '^By Ann Writer$' meta.txt &&
    grep -q '^By Bob Other$' meta.txt && pass "book --metadata: the chapters keep their bylines" ||
    fail "bylines: $(cat meta.txt)"
grep -q '^Daily Planet · January 2, 2024$' meta.txt && grep -q '^February 3, 2024$' meta.txt &&
    pass "chapter heads: the site beside the date" || fail "chapter heads: $(cat meta.txt)"
finish
