#!/bin/sh
# cmake --install puts the tool, library, headers, pkg-config file and man page
# in place, and a program builds against them through pkg-config. The tool
# finds libgalley.so through its $ORIGIN-relative RUNPATH alone: installed
# under any prefix, moved after installing, or unpacked the way a package is
# (DESTDIR, files under /usr).
set -eu
build=$1
src=$2
extra_cflags=${3:-} # the sanitizer flags when the library was built with them
modules=${4:-}      # the modules built, "html;pdf;epub;fonts"; none with -DGL_MODULES=OFF
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
cmake --install "$build" --prefix "$dest/usr" >/dev/null
for f in bin/galley include/galley/galley.h share/man/man1/galley.1; do
    [ -e "$dest/usr/$f" ] || { echo "install_check: $f not installed"; exit 1; }
done
pc=$(find "$dest/usr" -name galley.pc | head -n 1)
[ -n "$pc" ] || { echo "install_check: galley.pc not installed"; exit 1; }
lib=$(dirname "$(dirname "$pc")")
ls "$lib"/libgalley.so* >/dev/null || { echo "install_check: libgalley.so not installed"; exit 1; }
export PKG_CONFIG_PATH="$(dirname "$pc")"
# shellcheck disable=SC2086
cc $extra_cflags -o "$dest/consumer" "$src/tests/tools/pkgconfig_consumer.c" \
    $(pkg-config --define-variable=prefix="$dest/usr" --cflags --libs galley)
LD_LIBRARY_PATH="$lib" "$dest/consumer"
"$dest/usr/bin/galley" --version >/dev/null
# The installed tool finds the installed libgalley, and libgalley its modules
# beside itself: HTML in, PDF and EPUB out.
for m in $(printf '%s' "$modules" | tr ';' ' '); do
    [ -e "$lib/galley/galley-$m.so" ] || { echo "install_check: galley-$m.so not installed"; exit 1; }
done
"$dest/usr/bin/galley" -q "$src/samples/news.html" -t pdf -o "$dest/news.pdf"
"$dest/usr/bin/galley" -q "$src/samples/news.html" -t epub -o "$dest/news.epub"
man -l "$dest/usr/share/man/man1/galley.1" >/dev/null 2>&1 || MANPAGER=cat man -l "$dest/usr/share/man/man1/galley.1" >/dev/null
runpath=$(readelf -d "$dest/usr/bin/galley" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')
case ":$runpath:" in
*:/*) echo "install_check: an absolute RUNPATH entry: $runpath"; exit 1 ;;
*::*) echo "install_check: an empty RUNPATH entry (the current folder): $runpath"; exit 1 ;;
esac
# The same tree moved elsewhere, and unpacked as a package would be.
mv "$dest/usr" "$dest/moved"
"$dest/moved/bin/galley" -q "$src/samples/news.html" -t epub -o "$dest/moved.epub"
DESTDIR="$dest/root" cmake --install "$build" --prefix /usr >/dev/null
"$dest/root/usr/bin/galley" -q "$src/samples/news.html" -t pdf -o "$dest/unpacked.pdf"
echo "install_check: ok"
