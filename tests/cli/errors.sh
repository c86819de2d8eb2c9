#!/bin/sh
# One clear message per input or output problem, exit 1, and no output file
# left behind. These fail before any reader or writer runs (or do not depend
# on what they produce), so they need no working reader or writer.
. "$(dirname "$0")/lib.sh" "$1"

printf '# Title\n\nText.\n' >a.md

run missing.md -o missing.txt
expect_rc "missing file" 1
expect_err "missing file" "galley: missing.md: cannot read: No such file or directory"
expect_no_file "missing file" missing.txt

# The other inputs are still converted after a failure: the missing file is
# reported, then a.md is attempted (verbose says so), and the exit is 1.
run -v missing.md a.md -o outdir/
expect_rc "missing file among others" 1
expect_err "missing file among others" "missing.md: cannot read: No such file or directory"
expect_err "missing file among others" "a.md: reading as markdown (by extension)"

# Unreadable: root ignores file modes, so run galley as nobody on a root-owned
# file of mode 600 (in a folder nobody can enter).
mkdir -m 755 locked
printf 'secret\n' >locked/secret.md
chmod 600 locked/secret.md
if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid=65534 --regid=65534 --clear-groups "$(galley_for_anyone)" locked/secret.md \
        >/dev/null 2>.stderr
else
    chmod 000 locked/secret.md
    "$GALLEY" locked/secret.md >/dev/null 2>.stderr
fi
RC=$?
ERR=$(cat .stderr)
expect_rc "unreadable file" 1
expect_err "unreadable file" "galley: locked/secret.md: cannot read: Permission denied"

: >empty.md
run empty.md -o empty.txt
expect_rc "empty file" 1
expect_err "empty file" "galley: empty.md: the file is empty: nothing to convert"
expect_no_file "empty file" empty.txt

printf 'PK\003\004\000\000\000\010\000binary\000\001\002' >archive.md
run archive.md
expect_rc "binary file" 1
expect_err "binary file" "galley: archive.md: this looks like a binary file"

# Over --max-input: refused from its size, before reading.
head -c 2000 /dev/zero | tr '\0' 'x' >big.md
run --max-input 1000 big.md -o big.txt
expect_rc "too large" 1
expect_err "too large" "galley: big.md: input is 2000 bytes, over the limit of 1000 bytes (--max-input)"
expect_no_file "too large" big.txt
# Standard input is read in chunks under the same cap.
cat big.md | "$GALLEY" --max-input 1000 - >/dev/null 2>.stderr
RC=$?
ERR=$(cat .stderr)
expect_rc "too large on stdin" 1
expect_err "too large on stdin" "galley: <stdin>: input is over the limit of 1000 bytes"

# A folder where a file is expected: the output DIR/a.txt is a folder.
mkdir -p out1/a.txt
run a.md -o out1/
expect_rc "output is a folder" 1
expect_err "output is a folder" "out1/a.txt': Is a directory"
expect_no_temp "output is a folder" out1

# -o FILE in a folder that does not exist.
run a.md -o nowhere/sub/a.txt
expect_rc "output folder missing" 1
expect_err "output folder missing" "galley: a.md: no such folder: 'nowhere/sub' (galley makes no folder for -o FILE)"
expect_no_file "output folder missing" nowhere

# The output would replace the input: refused before anything is written.
printf 'plain words\n' >notes.txt
run notes.txt -o notes.txt
expect_rc "output is the input" 1
expect_err "output is the input" "galley: notes.txt: refusing to overwrite the input"
[ "$(cat notes.txt)" = "plain words" ] && pass "output is the input: input intact" ||
    fail "output is the input: notes.txt changed"
expect_no_temp "output is the input" .
ln -s notes.txt alias.txt
run notes.txt -o alias.txt
expect_rc "output is a link to the input" 1
expect_err "output is a link to the input" "refusing to overwrite the input"
printf '<p>x</p>\n' >page.xhtml
run -t xhtml page.xhtml -o ./
expect_rc "DIR output is the input" 1
expect_err "DIR output is the input" "galley: page.xhtml: refusing to overwrite the input"
run - -o notes.txt <notes.txt
expect_rc "stdin is the output" 1
expect_err "stdin is the output" "galley: <stdin>: refusing to overwrite the input"

# An unknown input extension falls back to sniffing the content.
printf '<!doctype html>\n<title>T</title><p>Hi</p>\n' >page.weird
run -v page.weird
expect_err "unknown extension sniffed as HTML" "galley: page.weird: reading as html (by content)"
printf 'Just *some* text.\n' >notes.weird
run -v notes.weird
expect_err "unknown extension sniffed as Markdown" "galley: notes.weird: reading as markdown (by content)"
printf '# not really html\n' >fake.html
run -v -f markdown fake.html
expect_err "-f wins over the extension" "galley: fake.html: reading as markdown (-f)"

# Every error names the file it is about: no message without "galley: NAME:".
run missing.md empty.md archive.md
expect_rc "several failures" 1
n=$(printf '%s\n' "$ERR" | grep -c '^galley: [^ ]*: ')
[ "$n" -eq 3 ] && pass "several failures: three messages, each naming its file" ||
    fail "several failures: $n named messages in: $ERR"

finish
