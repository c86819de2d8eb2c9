#!/bin/sh
# The build with -DGL_MODULES=OFF (every module linked into libgalley.so)
# converts every sample into every format, byte for byte as the tool with
# modules does: the same objects, only found another way (issue 15). The
# PDFs pass qpdf --check and the XHTML xmllint, as the modules' do in the
# other tests, so that a tree built only one way is still checked. In a
# tree configured with -DGL_MODULES=OFF, REFERENCE is the same tool.
# Usage: linked_formats.sh PATH/TO/linked/galley PATH/TO/galley SAMPLES-DIR
. "$(dirname "$0")/lib.sh" "$1"
REFERENCE=${2:?usage: linked_formats.sh LINKED-GALLEY GALLEY SAMPLES}
SAMPLES=${3:?usage: linked_formats.sh LINKED-GALLEY GALLEY SAMPLES}
for tool in qpdf xmllint; do
    command -v $tool >/dev/null || { fail "$tool not installed (scripts/install-deps test)"; exit 1; }
done
# Outputs that record a time record this one, in both runs.
export SOURCE_DATE_EPOCH=1700000000
export XDG_CACHE_HOME="$WORK/xdg"
mkdir -p linked modules
for in in "$SAMPLES"/*.md "$SAMPLES"/*.html; do
    name=$(basename "$in")
    for to in text xhtml html markdown json epub pdf; do
        out=$name.$to
        "$GALLEY" "$in" -t $to --now 1700000000 -o "linked/$out" 2>"$WORK/.stderr"
        RC=$?
        ERR=$(cat "$WORK/.stderr")
        expect_rc "linked: $name -> $to" 0
        "$REFERENCE" "$in" -t $to --now 1700000000 -o "modules/$out" 2>/dev/null
        if cmp -s "linked/$out" "modules/$out"; then pass "$name -> $to: same bytes"; else
            fail "$name -> $to: linked and modules differ"
        fi
        case $to in
        pdf)
            if qpdf --check "linked/$out" >/dev/null 2>&1; then pass "$out: qpdf --check"; else
                fail "$out: qpdf --check: $(qpdf --check "linked/$out" 2>&1 | tail -1)"
            fi
            ;;
        xhtml)
            if xmllint --noout "linked/$out" 2>/dev/null; then pass "$out: xmllint"; else
                fail "$out: xmllint: $(xmllint --noout "linked/$out" 2>&1 | head -1)"
            fi
            ;;
        esac
    done
done
finish
