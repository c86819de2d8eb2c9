#!/bin/sh
# valgrind memcheck over the samples (and the seed, when ../shared has it):
#   valgrind_samples.sh GALLEY SOURCE_DIR SHARED_DIR WRITER [all|few]
# converts each (or, with "few", three: one Markdown with every construct,
# one HTML page, one multi-script text) into WRITER with the galley command
# under memcheck; memcheck is slow and the readers are the same for every
# writer. Any
# invalid read or write, use of uninitialised memory, or definitely or
# indirectly lost block fails the run.
set -eu
galley=$1 src=$2 shared=$3 writer=$4 which=${5:-all}
command -v valgrind >/dev/null || { echo "valgrind is missing (scripts/install-deps test)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# A cache folder of the run's own: the first conversion finds the fonts with
# fontconfig and parses the hyphenation dictionary, and writes both caches;
# the others read them. Both paths are checked, whatever the user's cache holds.
export XDG_CACHE_HOME="$out/cache"
inputs="$src/samples/*.md $src/samples/*.html"
[ "$which" = few ] && inputs="$src/samples/structures.md $src/samples/news.html $src/samples/multiscript.md"
[ -f "$shared/seed/article.md" ] && inputs="$inputs $shared/seed/article.md"
n=0
for f in $inputs; do
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --show-leak-kinds=definite,indirect --num-callers=30 \
        --suppressions="$src/tests/valgrind.supp" "$galley" "$f" -t "$writer" \
        -o "$out/$(basename "$f").$writer" 2>"$out/log" || {
        echo "memcheck: $f -> $writer" >&2
        cat "$out/log" >&2
        exit 1
    }
    n=$((n + 1))
done
echo "memcheck clean: $n inputs -> $writer"
