#!/bin/sh
# Runs an embed_consumer (tests/tools/embed_consumer.c) twice with a font
# cache of its own: first empty (the PDF module asks fontconfig, through its
# module, and writes the cache), then written (it does not).
# Usage: embed_twice.sh CONSUMER [LIBGALLEY.so] FILE.html FILE.md
set -eu
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
export EMBED_FONT_CACHE="$cache/fonts"
"$@"
[ -s "$cache/fonts" ] || { echo "embed_twice: no font cache written"; exit 1; }
"$@"
