#!/bin/sh
# Hostile trees: link loops, unreadable files and folders, FIFOs and
# devices, names with spaces, newlines or bytes that are not UTF-8, and
# outputs that would escape OUT. Each gets a clear message; none stops,
# hangs or misleads the run.
. "$(dirname "$0")/lib.sh" "$1"

mkdir -p in/sub
printf '# Ok\n\nFine.\n' >in/ok.md

# Link loops: a self-loop, a loop of two, links back up the tree.
ln -s self.md in/self.md
ln -s b.md in/a-loop.md
ln -s a-loop.md in/b.md
ln -s .. in/sub/up
ln -s ../.. in/sub/way-up
timeout 30 "$GALLEY" -v -j 1 in -o out1/ >/dev/null 2>.stderr
RC=$?
ERR=$(cat .stderr)
[ "$RC" -ne 124 ] && pass "link loops: the walk ends" || fail "link loops: hangs"
expect_rc "link loops" 0
expect_err "self loop" "galley: in/self.md: skipped: a symbolic link loop"
expect_err "loop of two" "galley: in/a-loop.md: skipped: a symbolic link loop"
expect_err "link up" "galley: in/sub/up: skipped: a symbolic link to a folder (not followed)"
rm in/self.md in/a-loop.md in/b.md in/sub/up in/sub/way-up

# FIFOs and devices are never opened by a walk (a FIFO would block).
mkfifo in/pipe.md
ln -s /dev/zero in/zero.md
timeout 30 "$GALLEY" in -o out2/ >/dev/null 2>.stderr
RC=$?
ERR=$(cat .stderr)
[ "$RC" -ne 124 ] && pass "FIFO: no hang" || fail "FIFO: hangs"
expect_rc "FIFO and device skipped" 0
expect_err "FIFO" "galley: in/pipe.md: skipped: a FIFO, not a regular file"
expect_err "device" "galley: in/zero.md: skipped: a character device, not a regular file"
# Listed explicitly, they fail (they are not regular files), with no hang.
printf 'pipe.md\nzero.md\nok.md\n' | timeout 30 "$GALLEY" --files-from - in -o out3/ >/dev/null 2>.stderr
RC=$?
ERR=$(cat .stderr)
expect_rc "listed FIFO and device" 1
expect_err "listed FIFO" "galley: in/pipe.md: a FIFO, not a regular file: not read"
expect_err "listed device" "galley: in/zero.md: a character device, not a regular file: not read"
expect_file "listed: the regular one converted" out3/ok.txt
rm in/pipe.md in/zero.md

# Names: spaces, a newline, bytes that are not UTF-8. Converted under the
# same names; messages show the odd bytes escaped.
printf '# S\n\nSpaces.\n' >"in/with spaces.md"
printf '# N\n\nNewline.\n' >"$(printf 'in/new\nline.md')"
printf '# L\n\nLatin-1.\n' >"$(printf 'in/caf\351.md')"
: >"$(printf 'in/bad\377\nname.md')"
run --report names.jsonl in -o out4/
expect_rc "odd names: the empty one fails" 1
expect_file "spaces" "out4/with spaces.txt"
[ -f "$(printf 'out4/new\nline.txt')" ] && pass "newline name converted" || fail "newline name"
[ -f "$(printf 'out4/caf\351.txt')" ] && pass "non-UTF-8 name converted" || fail "non-UTF-8 name"
expect_err "odd bytes escaped in messages" 'galley: in/bad\xFF\nname.md: the file is empty'
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]' \
    names.jsonl && pass "report with odd names is valid JSON" || fail "report JSON invalid"
run in -o out4/
expect_err "odd names: state file round-trips them" "0 converted, 4 unchanged, 1 failed"
rm in/with* in/new* in/caf* in/bad*

# Outputs escaping OUT: listed paths that are absolute or climb with "..".
printf '../in/ok.md\n/etc/hostname\nok.md\n' | "$GALLEY" --files-from - in -o out5/ >/dev/null 2>.stderr
RC=$?
ERR=$(cat .stderr)
expect_rc "escaping paths" 1
expect_err "'..' refused" "galley: ../in/ok.md: a path with '..': its output would fall outside the output folder"
expect_err "absolute refused" "galley: /etc/hostname: an absolute path: its output would fall outside"
expect_file "escaping paths: the others go on" out5/ok.txt
expect_no_file "nothing written above OUT" in/ok.txt
# A symbolic link inside OUT pointing elsewhere is not written through.
mkdir -p elsewhere out6
ln -s ../elsewhere out6/sub
printf '# In sub\n' >in/sub/deep.md
run in -o out6/
expect_rc "link in OUT" 1
expect_err "link in OUT" "'out6/sub' is a symbolic link: refusing to write through it"
[ -z "$(ls elsewhere)" ] && pass "link in OUT: nothing written outside" || fail "wrote into elsewhere"
rm in/sub/deep.md

# OUT inside IN is skipped, and so are galley's own files in it.
run in -o in/converted/
expect_rc "OUT inside IN" 0
run in -o in/converted/
expect_err "OUT inside IN: rerun" "1 input: 0 converted, 1 unchanged"
expect_no_file "OUT not walked" in/converted/converted

# Unreadable file and folder, as an unprivileged user (root reads all).
if [ "$(id -u)" -eq 0 ]; then
    chmod 755 "$WORK"
    mkdir -p locked/closed
    printf '# Secret\n' >locked/secret.md
    printf '# Hidden away\n' >locked/closed/x.md
    printf '# Open\n' >locked/open.md
    chmod 600 locked/secret.md
    chmod 700 locked/closed
    mkdir -m 777 lockout
    setpriv --reuid=65534 --regid=65534 --clear-groups "$(galley_for_anyone)" locked -o lockout/ \
        >/dev/null 2>.stderr
    RC=$?
    ERR=$(cat .stderr)
    expect_rc "unreadable" 1
    expect_err "unreadable file" "galley: locked/secret.md: cannot read: Permission denied"
    expect_err "unreadable folder" "galley: locked/closed: cannot read the folder: Permission denied"
    expect_file "unreadable: the rest converted" lockout/open.txt
    expect_err "unreadable: summary" "3 inputs: 1 converted, 0 unchanged, 2 failed"
else
    skip "unreadable files need root to switch to an unprivileged user"
fi

finish
