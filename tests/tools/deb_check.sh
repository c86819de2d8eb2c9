#!/bin/sh
# The .deb (issue 18 item 7): cpack -G DEB makes a package installed under
# /usr with the tool, libgalley, its modules, the headers, galley.pc and the
# man page, and Depends on the libraries (dpkg-shlibdeps) and on the fonts
# and hyphenation patterns galley opens by name. Unpacked with dpkg-deb -x
# into a temporary root, its tool converts a sample to PDF and EPUB, and the
# dynamic loader's own log (LD_DEBUG=files) shows that libgalley and every
# module it mapped came from that root, none from the build tree.
#   deb_check.sh BUILD_DIR SOURCE_DIR MODULES ("html;pdf;epub;fonts;fetch")
set -eu
build=$1
src=$2
modules=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() {
    echo "deb_check: $*"
    exit 1
}
(cd "$build" && cpack -G DEB -B "$dir/out" >"$dir/cpack.log" 2>&1) || {
    cat "$dir/cpack.log"
    fail "cpack -G DEB failed"
}
deb=$(find "$dir/out" -maxdepth 1 -name 'galley_*.deb' | head -n 1)
[ -n "$deb" ] || fail "no galley_*.deb in $dir/out"
dpkg-deb -I "$deb" >"$dir/info"
depends=$(sed -n 's/^ Depends: //p' "$dir/info")
for d in fonts-dejavu-core fonts-dejavu-extra hyphen-en-us libexttextcat-data libc6 libxml2 \
    libhpdf-2.3.0 libharfbuzz0b libzip4 libcurl4; do
    case ", $depends," in
    *", $d "* | *", $d,"*) ;;
    *) fail "Depends lacks $d: $depends" ;;
    esac
done
root=$dir/root
dpkg-deb -x "$deb" "$root"
for f in bin/galley lib/libgalley.so.0 include/galley/galley.h lib/pkgconfig/galley.pc \
    share/man/man1/galley.1.gz share/doc/galley/copyright; do
    [ -e "$root/usr/$f" ] || fail "/usr/$f is not in the package"
done
for m in $(printf '%s' "$modules" | tr ';' ' '); do
    [ -e "$root/usr/lib/galley/galley-$m.so" ] || fail "/usr/lib/galley/galley-$m.so is not in the package"
done
grep -qx 'prefix=/usr' "$root/usr/lib/pkgconfig/galley.pc" || fail "galley.pc's prefix is not /usr"
if find "$root" -path "*$build*" | grep -q .; then
    fail "build tree paths in the package"
fi
# The unpacked tool, its loader log kept apart from its own messages.
for fmt in pdf epub; do
    LD_DEBUG=files LD_DEBUG_OUTPUT="$dir/ld.$fmt" \
        "$root/usr/bin/galley" -q "$src/samples/news.html" -t $fmt -o "$dir/news.$fmt" ||
        fail "the unpacked galley could not convert samples/news.html to $fmt"
    [ -s "$dir/news.$fmt" ] || fail "news.$fmt is empty"
done
cat "$dir"/ld.* >"$dir/ld"
# "calling init: /path/libgalley.so.0": every object the loader ran,
# its path as found; ".." folded (realpath -s) to compare.
sed -n 's/.*calling init: //p' "$dir/ld" | while read -r f; do realpath -s -m "$f"; done |
    sort -u >"$dir/mapped"
ours=$(grep -E '/(libgalley\.so\.0|galley-[a-z]+\.so)$' "$dir/mapped" || true)
# With -DGL_MODULES=OFF (no modules built) libgalley alone holds everything.
wanted=libgalley.so.0
[ -z "$modules" ] || wanted="$wanted galley/galley-html.so galley/galley-pdf.so galley/galley-epub.so"
for want in $wanted; do
    printf '%s\n' "$ours" | grep -qx "$root/usr/lib/$want" ||
        fail "$want was not loaded from the unpacked package; galley's objects mapped: $ours"
done
printf '%s\n' "$ours" | grep -v "^$root/usr/lib/" && fail "galley objects mapped from outside the package"
echo "deb_check: ok ($(basename "$deb"), $(du -k "$deb" | cut -f1) KB)"
