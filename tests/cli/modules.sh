#!/bin/sh
# galley loads the libraries of a format only when a conversion needs them
# (src/modules/): Markdown -> text maps none of libxml2, libharu, harfbuzz,
# fontconfig, libhyphen, libzip or libexttextcat; HTML input and PDF and EPUB
# output load their module, a document that declares no language the
# guesser's when an output uses the language (not text without a date to
# write for people), a date shown in a language other than US English
# ICU's. A missing or broken module is a clear error that names it,
# and conversions that do not need it still work. The PDF writer loads
# fontconfig's module only when its font cache does not answer. The tool
# maps libgalley.so, found beside it ($ORIGIN/lib), and libgalley the modules
# from its folder galley/; no conversion maps the libraries the build links in
# from their static archives (GL_STATIC_DEPS: cmark-gfm, libyaml, utf8proc,
# libdeflate). Programs embedding libgalley.so: tools/embed_*.
# A module built against other headers than libgalley (another ABI stamp)
# is refused with an error naming its file. Built with -DGL_MODULES=OFF
# (MODE "linked"), there are no modules: every library is mapped at start,
# and every format works with no folder galley/ at all.
# Usage: modules.sh PATH/TO/galley LINKED-IN;NAMES PATH/TO/abi_stamp.h [modules|linked]
. "$(dirname "$0")/lib.sh" "$1"
LINKED_IN=$(printf '%s' "${2:-}" | tr ';' ' ')
ABI_STAMP_H=${3:?usage: modules.sh GALLEY LINKED-IN ABI_STAMP_H [MODE]}
MODE=${4:-modules}

printf -- '---\ntitle: Modules\nlang: en\n---\n\n# Modules\n\nA *plain* paragraph.\n' >a.md
# Dates shown in US English come from the C locale; in Russian through ICU.
printf -- '---\ntitle: Dated\nlang: en\ndate: 2014-11-12\n---\n\nA paragraph.\n' >en-date.md
printf -- '---\ntitle: Dated\nlang: ru\ndate: 2014-11-12\n---\n\nA paragraph.\n' >ru-date.md
# No language declared: the guesser's module and libexttextcat are mapped
# for an output that uses the language (JSON records it, a text header
# writes an ISO date in it), not for text that shows no such date.
printf -- '# Guess\n\nA paragraph of plain English prose, long enough for its language to be guessed.\n' >guess.md
printf -- '---\ntitle: Guess\ndate: 2014-11-12\n---\n\nA paragraph of plain English prose, long enough for its language to be guessed.\n' >guess-date.md
printf -- '# Raw\n\n<div class="note">\n<p>A block of raw HTML.</p>\n</div>\n' >raw.md
printf '<!doctype html><title>Page</title><article><h1>Page</h1><p>A paragraph of text.</p></article>\n' >a.html

# mapped NAME ARGS...: runs galley under the dynamic loader's trace; MAPPED
# gets the names of the objects it loaded, one a line.
mapped() {
    name=$1
    shift
    LD_DEBUG=files "$GALLEY" "$@" >/dev/null 2>"$WORK/.trace"
    RC=$?
    ERR=$(cat "$WORK/.trace")
    MAPPED=$(sed -n 's/.*file=\([^ ]*\).*/\1/p' "$WORK/.trace" | sort -u)
    expect_rc "$name" 0
    # The trace must be there for the absence checks to mean anything.
    has "$name" libc.so
    has "$name" libgalley.so.0
    if [ "$MODE" != linked ]; then
        for lib in $LINKED_IN; do lacks "$name: linked in" "$lib.so"; done
        return
    fi
    # Linked (every library mapped at start), librsvg's pango maps its own
    # libthai and FriBidi: what libgalley links in is checked in what it
    # asks the loader for.
    needed=$(readelf -d "$(dirname "$GALLEY")/lib/libgalley.so.0" |
        sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')
    if printf '%s\n' "$needed" | grep -qF libc.so; then pass "$name: libgalley.so's NEEDED read"; else
        fail "$name: no NEEDED entries read from libgalley.so"
    fi
    for lib in $LINKED_IN; do
        if printf '%s\n' "$needed" | grep -qF -- "$lib.so"; then
            fail "$name: libgalley.so needs $lib.so, which it links in"
        else
            pass "$name: libgalley.so does not need $lib.so"
        fi
    done
}

has() {
    if printf '%s\n' "$MAPPED" | grep -qF -- "$2"; then pass "$1: maps $2"; else
        fail "$1: does not map $2; mapped: $(echo $MAPPED)"
    fi
}

lacks() {
    if printf '%s\n' "$MAPPED" | grep -qF -- "$2"; then fail "$1: maps $2"; else
        pass "$1: does not map $2"
    fi
}

if [ "$MODE" = linked ]; then
    export XDG_CACHE_HOME="$WORK/xdg"
    mapped "linked: markdown -> text" a.md -t text -o a.txt
    # The newer modules' too: the guesser's, ICU's dates, the fetcher's,
    # the image decoders' and SVG's.
    for lib in libxml2 libhpdf libharfbuzz libfontconfig libhyphen libzip libexttextcat \
        libicui18n libcurl libpng libjpeg libwebp libgif librsvg; do
        has "linked: markdown -> text" "$lib"
    done
    lacks "linked: markdown -> text" galley-
    mkdir -p bare/lib
    cp "$GALLEY" bare/galley
    cp "$(dirname "$GALLEY")/lib/libgalley.so.0" bare/lib/
    for to in pdf epub text xhtml; do
        "$WORK/bare/galley" a.html -t $to -o "linked.$to" 2>"$WORK/.stderr"
        RC=$?
        ERR=$(cat "$WORK/.stderr")
        expect_rc "linked, no module folder: html -> $to" 0
        expect_file "linked, no module folder: html -> $to" "linked.$to"
    done
    finish
fi

# Not libstdc++ (ICU's, through libxml2): the sanitizer runtime maps it too.
heavy="libxml2 libicu libhpdf libharfbuzz libfontconfig libfreetype libhyphen libzip libnettle libcrypto
libexttextcat galley-html galley-pdf galley-epub galley-langid libcurl galley-fetch galley-image galley-svg
librsvg libwebp libgif"

mapped "markdown -> text" a.md -t text -o a.txt
for lib in $heavy; do lacks "markdown -> text" "$lib"; done
expect_file "markdown -> text" a.txt

mapped "markdown, no lang -> text" guess.md -t text -o guess.txt
lacks "markdown, no lang -> text" galley-langid
lacks "markdown, no lang -> text" libexttextcat
lacks "markdown, no lang -> text" libxml2
mapped "markdown, no lang, date -> text --body-only" guess-date.md -t text --body-only -o guess-bo.txt
lacks "markdown, no lang, date -> text --body-only" galley-langid
mapped "markdown, no lang, date -> text" guess-date.md -t text -o guess-date.txt
has "markdown, no lang, date -> text" galley/galley-langid.so
has "markdown, no lang, date -> text" libexttextcat
mapped "markdown, no lang -> json" guess.md -t json -o guess.json
has "markdown, no lang -> json" galley/galley-langid.so
has "markdown, no lang -> json" libexttextcat
if grep -q '"lang": "detected"' guess.json; then pass "markdown, no lang -> json: lang detected"; else
    fail "markdown, no lang -> json: no detected lang in $(cat guess.json)"
fi
mapped "markdown, no lang -> text --explain" guess.md -t text --explain -o guess-ex.txt
has "markdown, no lang -> text --explain" galley/galley-langid.so
mapped "markdown, no lang -> text + json" guess.md -t text,json -o both/
has "markdown, no lang -> text + json" galley/galley-langid.so
if cmp -s guess.txt both/guess.txt; then pass "text alone or with json: the same text"; else
    fail "text alone or with json: the text differs"
fi
mapped "markdown, --metadata lang -> json" guess.md -t json --metadata lang=en -o guess-en.json
lacks "markdown, --metadata lang -> json" galley-langid

mapped "english date -> text" en-date.md -t text -o en-date.txt
for lib in $heavy galley-dates; do lacks "english date -> text" "$lib"; done
mapped "russian date -> text" ru-date.md -t text -o ru-date.txt
has "russian date -> text" galley/galley-dates.so
has "russian date -> text" libicui18n

mapped "markdown -> xhtml" a.md -t xhtml -o a.xhtml
for lib in $heavy; do lacks "markdown -> xhtml" "$lib"; done

mapped "html -> text" a.html -t text -o b.txt
has "html -> text" galley/galley-html.so
has "html -> text" libxml2
lacks "html -> text" galley-pdf
lacks "html -> text" libhpdf
lacks "html -> text" libcurl

# A font cache of this test's own: the first PDF asks fontconfig and writes
# it, the second reads it and maps neither fontconfig nor its module.
export XDG_CACHE_HOME="$WORK/xdg"
mapped "markdown -> pdf" a.md -t pdf -o a.pdf
has "markdown -> pdf" galley/galley-pdf.so
has "markdown -> pdf" libhpdf
has "markdown -> pdf, no font cache" galley/galley-fonts.so
has "markdown -> pdf, no font cache" libfontconfig
lacks "markdown -> pdf" libxml2
lacks "markdown -> pdf" libzip
# No network without a URL input or --fetch-images, and no SVG renderer
# without an SVG.
lacks "markdown -> pdf" libcurl
lacks "markdown -> pdf" librsvg
expect_file "markdown -> pdf: font cache written" xdg/galley/fonts

mapped "markdown -> pdf, font cache" a.md -t pdf -o a2.pdf
has "markdown -> pdf, font cache" galley/galley-pdf.so
lacks "markdown -> pdf, font cache" galley-fonts
lacks "markdown -> pdf, font cache" libfontconfig
lacks "markdown -> pdf, font cache" libexpat
if cmp -s a.pdf a2.pdf; then pass "font cache: the same PDF"; else fail "font cache: the PDF differs"; fi

mapped "markdown -> epub" a.md -t epub -o a.epub
has "markdown -> epub" galley/galley-epub.so
has "markdown -> epub" libzip
lacks "markdown -> epub" libxml2
lacks "markdown -> epub" libhpdf

# A block of raw HTML inside Markdown goes through the HTML reader's mapping.
mapped "markdown with raw html" raw.md -t text -o raw.txt
has "markdown with raw html" galley/galley-html.so

# A copy of the tool and libgalley.so without the module folder: what needs
# no module works, the rest fails naming the module and where it was looked
# for (the folder galley/ beside libgalley).
mkdir -p bare/lib
cp "$GALLEY" bare/galley
cp "$(dirname "$GALLEY")/lib/libgalley.so.0" bare/lib/
bare() {
    "$WORK/bare/galley" "$@" >"$WORK/.stdout" 2>"$WORK/.stderr"
    RC=$?
    ERR=$(cat "$WORK/.stderr")
}

bare a.md -t text -o bare.txt
expect_rc "no modules: markdown -> text" 0
expect_file "no modules: markdown -> text" bare.txt

bare guess.md -t json -o bare-guess.json
expect_rc "no modules: no lang" 1
expect_err "no modules: no lang" "cannot load galley-langid.so (the language guesser (libexttextcat))"
expect_no_file "no modules: no lang" bare-guess.json

bare guess.md -t text -o bare-guess.txt
expect_rc "no modules: no lang -> text (no guess)" 0
expect_file "no modules: no lang -> text (no guess)" bare-guess.txt

bare a.html -t text -o bare-html.txt
expect_rc "no modules: html" 1
expect_err "no modules: html" "cannot load galley-html.so (the HTML reader): $WORK/bare/lib/galley/galley-html.so: cannot open shared object file"
expect_no_file "no modules: html" bare-html.txt

bare a.md -t pdf -o bare.pdf
expect_rc "no modules: pdf" 1
expect_err "no modules: pdf" "cannot load galley-pdf.so (the PDF writer)"
expect_no_file "no modules: pdf" bare.pdf
expect_no_temp "no modules: pdf" .

bare a.md -t epub -o bare.epub
expect_rc "no modules: epub" 1
expect_err "no modules: epub" "cannot load galley-epub.so (the EPUB writer)"

bare raw.md -t text -o bare-raw.txt
expect_rc "no modules: raw html in markdown" 1
expect_err "no modules: raw html in markdown" "cannot load galley-html.so"

# A module that is not a shared object: an error, not a crash.
mkdir bare/lib/galley
printf 'not an ELF file\n' >bare/lib/galley/galley-html.so
bare a.html -t text -o broken.txt
expect_rc "broken module" 1
expect_err "broken module" "cannot load galley-html.so (the HTML reader): $WORK/bare/lib/galley/galley-html.so:"
expect_no_file "broken module" broken.txt

# A copy of the HTML module with another ABI stamp in its table, as a module
# built against other headers would carry: refused, naming its file.
STAMP=$(sed -n 's/^#define GL_ABI_STAMP "\([0-9a-f]*\)"$/\1/p' "$ABI_STAMP_H")
if python3 - "$(dirname "$GALLEY")/lib/galley/galley-html.so" bare/lib/galley/galley-html.so \
    "$STAMP" <<'PY'; then
import sys
src, dst, stamp = sys.argv[1], sys.argv[2], (sys.argv[3] + "\0").encode()
data = open(src, "rb").read()
if len(stamp) != 17 or data.count(stamp) != 1:
    sys.exit("the stamp %r is not once in %s" % (stamp, src))
open(dst, "wb").write(data.replace(stamp, b"0123456789abcdef\0"))
PY
    pass "other ABI stamp: module copied with another stamp"
else
    fail "other ABI stamp: cannot make the module copy"
fi
bare a.html -t text -o stamped.txt
expect_rc "other ABI stamp" 1
expect_err "other ABI stamp" "cannot load galley-html.so (the HTML reader): $WORK/bare/lib/galley/galley-html.so was built against other galley headers (ABI stamp 0123456789abcdef, not libgalley's $STAMP)"
expect_no_file "other ABI stamp" stamped.txt
bare a.md -t text -o stamped.txt
expect_rc "other ABI stamp: markdown -> text" 0

# The PDF module without fontconfig's: with the font cache the PDF is made;
# without it the error names the missing module.
cp "$(dirname "$GALLEY")/lib/galley/galley-pdf.so" bare/lib/galley/
bare a.md -t pdf -o bare-cached.pdf
expect_rc "no fonts module, font cache" 0
expect_file "no fonts module, font cache" bare-cached.pdf
XDG_CACHE_HOME="$WORK/xdg-empty" bare a.md -t pdf -o bare-uncached.pdf
expect_rc "no fonts module, no font cache" 1
expect_err "no fonts module, no font cache" "cannot load galley-fonts.so (fontconfig, which finds the PDF writer's fonts): $WORK/bare/lib/galley/galley-fonts.so: cannot open shared object file"
expect_no_file "no fonts module, no font cache" bare-uncached.pdf

finish
