#!/bin/sh
# Checks the PDF writer's output with real readers (see tests/cmake/pdf.cmake).
# usage: pdf_check.sh PDF_CHECK_BINARY WORK_DIR
# A missing tool fails the test: it is never skipped.
set -u
bin=$1
dir=$2
pdf=$dir/check.pdf
mkdir -p "$dir" || exit 1
export LC_ALL=C.UTF-8

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

for tool in pdftotext pdffonts pdfinfo qpdf; do
    command -v "$tool" >/dev/null 2>&1 ||
        fail "$tool is not installed (apt-get install poppler-utils qpdf)"
done

"$bin" "$pdf" "$dir/expected.txt" || fail "pdf_check could not render the document"

# Words in reading order: each expected word must be found after the previous
# one in the extracted text with white space removed (so a long URL broken
# across lines still matches; page numbers and list markers may sit between).
pdftotext -enc UTF-8 "$pdf" "$dir/got.txt" 2>"$dir/pdftotext.err" || fail "pdftotext failed"
LC_ALL=C awk -v got="$dir/got.txt" '
    BEGIN {
        text = ""
        while ((getline line < got) > 0) text = text line
        gsub(/[ \t\f\r]/, "", text)
    }
    {
        for (i = 1; i <= NF; i++) {
            at = index(text, $i)
            if (at == 0) {
                printf "FAIL: word %d \"%s\" missing or out of order; text from there: %.80s\n",
                    n + 1, $i, text > "/dev/stderr"
                exit 1
            }
            text = substr(text, at + length($i))
            n++
        }
    }
    END { if (n < 100) { print "FAIL: only " n " words checked" > "/dev/stderr"; exit 1 } }
' "$dir/expected.txt" || fail "pdftotext words differ from the expected ones"

# Every font embedded: the "emb" column (5th from the end) says yes.
pdffonts "$pdf" >"$dir/fonts.txt" 2>/dev/null || fail "pdffonts failed"
awk 'NR > 2 { n++; if ($(NF - 4) != "yes") bad = 1 } END { exit (n == 0 || bad) }' \
    "$dir/fonts.txt" || fail "a font is not embedded: $(cat "$dir/fonts.txt")"

qpdf --check "$pdf" >"$dir/qpdf-check.txt" 2>&1 || fail "qpdf --check: $(cat "$dir/qpdf-check.txt")"

pdfinfo "$pdf" >"$dir/info.txt" 2>/dev/null || fail "pdfinfo failed"
grep -q "^Title: *Galley PDF check — Ünïcode\$" "$dir/info.txt" || fail "pdfinfo Title"
grep -q "^Author: *Ann Lee, Bo Chen\$" "$dir/info.txt" || fail "pdfinfo Author"
grep -q "^Pages: *[2-9]" "$dir/info.txt" || fail "expected several pages"

qpdf --json --json-key=outlines "$pdf" >"$dir/outlines.json" || fail "qpdf --json outlines"
for title in Introduction Кириллица Ελληνικά "Section 3"; do
    grep -q "\"title\": \"$title\"" "$dir/outlines.json" || fail "no bookmark \"$title\""
done
grep -q '"kids": \[$' "$dir/outlines.json" || fail "bookmarks are not nested"

qpdf --json --json-key=qpdf "$pdf" >"$dir/objects.json" || fail "qpdf --json objects"
# The title block's URL, the inline link, and the long URL's three lines.
links=$(grep -c '"/Subtype": "/Link"' "$dir/objects.json")
[ "$links" -ge 5 ] || fail "expected 5 link annotations, found $links"
grep -q '"/URI": "[ub]:https://example.org/docs"' "$dir/objects.json" ||
    fail "no URI action for https://example.org/docs"
echo "pdf tools: ok"
