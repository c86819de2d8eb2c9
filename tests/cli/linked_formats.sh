#!/bin/sh
# The build with -DGL_MODULES=OFF (every module linked into libgalley.so)
# converts every sample into every format (all from one parse, -o DIR/),
# byte for byte as the tool with modules does: the same objects, only found another way (issue 15). The
# PDFs pass qpdf --check and the XHTML xmllint, as the modules' do in the
# other tests, so that a tree built only one way is still checked. In a
# tree configured with -DGL_MODULES=OFF, REFERENCE is the same tool.
# Usage: linked_formats.sh PATH/TO/linked/galley PATH/TO/galley SAMPLES-DIR
REFERENCE=${2:?usage: linked_formats.sh LINKED-GALLEY GALLEY SAMPLES}
SAMPLES=${3:?usage: linked_formats.sh LINKED-GALLEY GALLEY SAMPLES}
# lib.sh moves into a scratch folder: paths relative to here first.
case $REFERENCE in /*) ;; *) REFERENCE=$PWD/$REFERENCE ;; esac
case $SAMPLES in /*) ;; *) SAMPLES=$PWD/$SAMPLES ;; esac
. "$(dirname "$0")/lib.sh" "$1"
[ -x "$REFERENCE" ] || { fail "not executable: $REFERENCE"; exit 1; }
[ -d "$SAMPLES" ] || { fail "no folder $SAMPLES"; exit 1; }
for tool in qpdf xmllint; do
    command -v $tool >/dev/null || { fail "$tool not installed (scripts/install-deps test)"; exit 1; }
done
# Outputs that record a time record this one, in both runs.
export SOURCE_DATE_EPOCH=1700000000
export XDG_CACHE_HOME="$WORK/xdg"
mkdir -p linked modules
formats=text,xhtml,html,markdown,json,epub,pdf
for in in "$SAMPLES"/*.md "$SAMPLES"/*.html; do
    name=$(basename "$in")
    stem=${name%.*}
    # Every format from one parse: one run a sample and tool.
    "$GALLEY" "$in" -t $formats --now 1700000000 -o "linked/$name/" 2>"$WORK/.stderr"
    RC=$?
    ERR=$(cat "$WORK/.stderr")
    expect_rc "linked: $name -> $formats" 0
    "$REFERENCE" "$in" -t $formats --now 1700000000 -o "modules/$name/" 2>/dev/null
    for ext in txt xhtml html md json epub pdf; do
        out=$name/$stem.$ext
        if [ ! -s "linked/$out" ]; then
            fail "$out: not written by the linked tool"
        elif cmp -s "linked/$out" "modules/$out"; then
            pass "$out: same bytes"
        else
            fail "$out: linked and modules differ"
        fi
    done
    if qpdf --check "linked/$name/$stem.pdf" >/dev/null 2>&1; then pass "$name: qpdf --check"; else
        fail "$name: qpdf --check: $(qpdf --check "linked/$name/$stem.pdf" 2>&1 | tail -1)"
    fi
    if xmllint --noout "linked/$name/$stem.xhtml" 2>/dev/null; then pass "$name: xmllint"; else
        fail "$name: xmllint: $(xmllint --noout "linked/$name/$stem.xhtml" 2>&1 | head -1)"
    fi
done
finish
