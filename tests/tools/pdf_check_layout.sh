#!/bin/sh
# End-to-end checks of the PDF writer on samples/multiscript.md and the seed
# article (issue 5): sizes, fonts, warnings, text order, justification, no
# word outside the column, qpdf, bookmarks and links, rendering.
# usage: pdf_check_layout.sh GALLEY SOURCE_DIR SHARED_DIR WORK_DIR
# A missing tool fails; the seed may be absent outside CI (then only its
# checks are skipped, unless CI is set).
set -u
galley=$1
src=$2
shared=$3
dir=$4
mkdir -p "$dir" || exit 1
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1700000000 XDG_CACHE_HOME="$dir/cache"
check="python3 $src/tests/tools/pdf_check_layout.py"
# A4 with the default measure (pdf.c: two and a half alphabets of DejaVu
# Serif at 11 pt, the side margins what is left, 93.92 pt each): the text
# column's edges in points.
left=93.92
right=501.36

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

for tool in pdftotext pdffonts pdfinfo qpdf pdftoppm python3; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed"
done

size_at_most() { # FILE BYTES
    n=$(wc -c <"$1")
    [ "$n" -le "$2" ] || fail "$1 is $n bytes, over $2"
    echo "size: $1 is $n bytes (limit $2)"
}

all_embedded() {
    pdffonts "$1" >"$dir/fonts.txt" 2>&1 || fail "pdffonts $1"
    awk 'NR > 2 { n++; if ($(NF - 4) != "yes") bad = 1 } END { exit (n == 0 || bad) }' \
        "$dir/fonts.txt" || fail "a font is not embedded: $(cat "$dir/fonts.txt")"
}

clean_tools() { # PDF: qpdf and poppler accept it without a word
    qpdf --check "$1" >"$dir/qpdf.txt" 2>&1 || fail "qpdf --check $1: $(cat "$dir/qpdf.txt")"
    pdftotext "$1" /dev/null 2>"$dir/poppler.txt" || fail "pdftotext $1"
    [ ! -s "$dir/poppler.txt" ] || fail "poppler warns on $1: $(head -3 "$dir/poppler.txt")"
    pdftoppm -r 30 -png -f 1 -l 1 "$1" "$dir/page" || fail "pdftoppm $1"
    [ -s "$dir/page-1.png" ] || fail "pdftoppm rendered nothing for $1"
    rm -f "$dir/page-1.png"
}

# ---- the multi-script sample ----
m=$dir/multiscript.pdf
"$galley" "$src/samples/multiscript.md" -o "$m" 2>"$dir/warnings.txt" || fail "galley multiscript"
# Every character has a font now, U+1F600 Symbola's (fonts-symbola).
[ ! -s "$dir/warnings.txt" ] || fail "expected no warning: $(cat "$dir/warnings.txt")"
all_embedded "$m"
grep -q DroidSansFallback "$dir/fonts.txt" || fail "no CJK fallback font in $m"
grep -q Symbola "$dir/fonts.txt" || fail "no emoji from Symbola in $m"
clean_tools "$m"
# Issue 5 sets 40 KB.
size_at_most "$m" 40960
$check order "$m" "$src/tests/tools/pdf_check_multiscript.txt" || exit 1
$check justify "$m" "$right" || exit 1
$check bounds "$m" "$left" "$right" || exit 1
qpdf --json "$m" >"$dir/multiscript.json" || fail "qpdf --json"
grep -q '"/Outlines"' "$dir/multiscript.json" || fail "no outline"
[ "$(grep -c '"/Subtype": "/Link"' "$dir/multiscript.json")" -ge 3 ] || fail "too few links"
# The second conversion reads the font cache instead of asking fontconfig.
[ -s "$dir/cache/galley/fonts" ] || fail "no font cache written"
"$galley" "$src/samples/multiscript.md" -o "$dir/again.pdf" 2>/dev/null || fail "galley again"
cmp -s "$m" "$dir/again.pdf" || fail "the font cache changed the output"

# ---- characters no font has: one warning a Unicode block; --strict fails ----
printf '# Missing\n\nPrivate use: \364\217\277\275 \364\217\277\274 and \363\260\200\200.\n' >"$dir/pua.md"
"$galley" "$dir/pua.md" -o "$dir/pua.pdf" 2>"$dir/pua.txt" || fail "galley pua.md"
[ "$(grep -c 'warning' "$dir/pua.txt")" -eq 2 ] &&
    grep -q '2 characters of the Unicode block Supplementary Private Use Area-B' "$dir/pua.txt" ||
    fail "expected one warning for each of two blocks: $(cat "$dir/pua.txt")"
rm -f "$dir/strict.pdf"
if "$galley" --strict "$dir/pua.md" -o "$dir/strict.pdf" 2>/dev/null; then
    fail "--strict accepted characters no font has"
fi
[ ! -e "$dir/strict.pdf" ] || fail "--strict left an output file"

# ---- page options (lengths in mm unless suffixed) ----
page_size() { # ARGS... -> "W x H" of the multiscript sample's first page
    "$galley" "$src/samples/multiscript.md" -q "$@" -o "$dir/opt.pdf" || fail "galley $*"
    pdfinfo "$dir/opt.pdf" | sed -n 's/^Page size: *\([0-9.]* x [0-9.]*\) pts.*/\1/p'
}
[ "$(page_size --paper 4x6in)" = "288 x 432" ] || fail "--paper 4x6in"
[ "$(page_size --paper 105x148)" = "$(page_size --paper a6)" ] || fail "--paper 105x148 is not a6"
[ "$(page_size --preset ereader)" = "255.118 x 345.827" ] || fail "--preset ereader"
$check bounds "$dir/opt.pdf" 14.17 240.95 || exit 1
"$galley" "$src/samples/multiscript.md" -q --margin 1,5 -o "$dir/bad.pdf" 2>/dev/null
[ $? -eq 2 ] || fail "--margin 1,5 is not a usage error"
# Type size: the body's words are as tall as --font-size says (11 pt by
# default, 10 pt with --preset ereader), 0.05 pt either way.
word_height() { # ARGS... -> height of the first "Put" of samples/inline.md
    "$galley" "$src/samples/inline.md" -q "$@" -o "$dir/size.pdf" || fail "galley $*"
    pdftotext -bbox -f 1 -l 1 "$dir/size.pdf" - |
        sed -n 's/.*yMin="\([0-9.]*\)".*yMax="\([0-9.]*\)">Put<.*/\1 \2/p' | head -1 |
        awk '{ printf "%.2f", $2 - $1 }'
}
base=$(word_height)
for args in "--font-size 22:2" "--font-size 7.5pt:0.681818" "--preset ereader:0.909091"; do
    h=$(word_height ${args%%:*})
    awk -v b="$base" -v h="$h" -v r="${args##*:}" 'BEGIN { d = h - b * r; exit !(d < 0.06 && d > -0.06) }' ||
        fail "${args%%:*}: body words $h pt tall, expected $base x ${args##*:}"
done
"$galley" "$src/samples/inline.md" -q --font-size 3 -o "$dir/bad.pdf" 2>/dev/null
[ $? -eq 2 ] || fail "--font-size 3 is not a usage error"
# Family: the body faces from another installed family; an unknown one is an error.
"$galley" "$src/samples/inline.md" -q --font-family "DejaVu Sans" -o "$dir/family.pdf" ||
    fail "--font-family 'DejaVu Sans'"
pdffonts "$dir/family.pdf" | grep -q '+DejaVuSans ' || fail "--font-family: no DejaVuSans body"
pdffonts "$dir/family.pdf" | grep -q '+DejaVuSerif' && fail "--font-family: DejaVu Serif still used"
"$galley" "$src/samples/inline.md" -q --font-family "No Such Family" -o "$dir/bad.pdf" \
    2>"$dir/family.txt" && fail "an unknown --font-family converts"
grep -q "no font of the family 'No Such Family'" "$dir/family.txt" ||
    fail "unknown family: $(cat "$dir/family.txt")"
"$galley" "$src/samples/multiscript.md" -q --ragged -o "$dir/ragged.pdf" || fail "--ragged"
if $check justify "$dir/ragged.pdf" "$right" >/dev/null 2>&1; then
    fail "--ragged still justifies"
fi
# --justify undoes --ragged and --preset ereader's ragged right: the last
# of the two given wins.
"$galley" "$src/samples/multiscript.md" -q -o "$dir/default.pdf" || fail "default"
"$galley" "$src/samples/multiscript.md" -q --ragged --justify -o "$dir/justify.pdf" ||
    fail "--ragged --justify"
"$galley" "$src/samples/multiscript.md" -q --justify --ragged -o "$dir/ragged2.pdf" ||
    fail "--justify --ragged"
cmp -s "$dir/default.pdf" "$dir/justify.pdf" || fail "--ragged --justify is not justified"
cmp -s "$dir/ragged.pdf" "$dir/ragged2.pdf" || fail "--justify --ragged is not ragged"
"$galley" "$src/samples/multiscript.md" -q --preset ereader -o "$dir/er.pdf" || fail "ereader"
"$galley" "$src/samples/multiscript.md" -q --preset ereader --ragged -o "$dir/er-r.pdf" ||
    fail "ereader --ragged"
"$galley" "$src/samples/multiscript.md" -q --preset ereader --justify -o "$dir/er-j.pdf" ||
    fail "ereader --justify"
cmp -s "$dir/er.pdf" "$dir/er-r.pdf" || fail "--preset ereader is not ragged right"
cmp -s "$dir/er.pdf" "$dir/er-j.pdf" && fail "--preset ereader --justify is still ragged"

# ---- the seed article ----
seed=$shared/seed/article.md
if [ ! -f "$seed" ]; then
    [ -z "${CI:-}" ] || fail "$seed is missing"
    echo "seed: absent, skipped"
    exit 0
fi
s=$dir/seed.pdf
"$galley" "$seed" -o "$s" || fail "galley seed"
all_embedded "$s"
clean_tools "$s"
# WeasyPrint 57.2 makes 16.9 KB of the same article.
size_at_most "$s" 16900
$check justify "$s" "$right" || exit 1
$check bounds "$s" "$left" "$right" || exit 1
echo "pdf layout: ok"
