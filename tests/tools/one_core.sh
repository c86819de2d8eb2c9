#!/bin/sh
# One core (issue 15): no module, nor the tool, defines a gl_* function that
# libgalley.so defines; they call libgalley's. Also: libgalley.so exports
# each function the public headers declare as GALLEY_0 and nothing but gl_*
# symbols (the static archives it links in stay hidden).
# Usage: one_core.sh LIBGALLEY.so TOOL [MODULE.so...]
set -u
absolute() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
lib=$(absolute "$1")
shift
objects=
for object in "$@"; do objects="$objects $(absolute "$object")"; done
status=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
fail() {
    echo "one_core: $*"
    status=1
}

# The functions libgalley.so defines and exports, without their version.
nm -D --defined-only "$lib" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' | sort -u >core.txt
grep -q '^gl_read$' core.txt || fail "$lib exports no gl_read: $(wc -l <core.txt) functions"
others=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDRB]$/ && $3 !~ /^gl_/ && $3 !~ /^GALLEY_/ { print $3 }')
[ -z "$others" ] || fail "$lib exports symbols other than gl_*: $(echo $others | head -c 300)"
api=$(objdump -T "$lib" | awk 'NF >= 2 { if ($(NF - 1) == "GALLEY_0") print $NF }' | sort -u)
for f in gl_read gl_options_init gl_doc_root gl_doc_root_mut gl_writers gl_book_new; do
    printf '%s\n' "$api" | grep -qx "$f" || fail "$f is not in $lib's GALLEY_0"
done

for object in $objects; do
    # Every function the object defines, local ones too: a module's copies of
    # core functions would be hidden, so only the full symbol table shows them.
    nm --defined-only "$object" >symbols.txt 2>nm.err
    if ! [ -s symbols.txt ]; then
        fail "$object: no symbol table ($(cat nm.err))"
        continue
    fi
    awk '$2 ~ /^[Tt]$/ && $3 ~ /^gl_/ { print $3 }' symbols.txt | sort -u >defined.txt
    copies=$(comm -12 core.txt defined.txt)
    if [ -n "$copies" ]; then
        fail "$object defines $(printf '%s\n' "$copies" | wc -l) functions of libgalley.so: $(echo $copies | head -c 400)"
    else
        echo "one_core: $object: no copy of libgalley's $(wc -l <core.txt) functions"
    fi
done
exit $status
