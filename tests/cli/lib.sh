# Helpers shared by the galley CLI tests. Source it after setting GALLEY:
#   . "$(dirname "$0")/lib.sh" "$1"
# Each check prints "ok"/"FAIL" with what it saw; the script exits 1 when any
# check failed, 77 (ctest's skip) when some needed reader or writer is still a
# placeholder and nothing failed, else 0.

GALLEY=${1:?usage: $0 PATH/TO/galley}
case $GALLEY in /*) ;; *) GALLEY=$PWD/$GALLEY ;; esac
[ -x "$GALLEY" ] || { echo "not executable: $GALLEY"; exit 1; }

TESTDIR=$(cd "$(dirname "$0")" && pwd)
SRCDIR=$(cd "$TESTDIR/../.." && pwd)
FAILS=0
SKIPS=0
WORK=$(mktemp -d /tmp/galley-cli.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
# Tests do not depend on the caller's environment.
unset SOURCE_DATE_EPOCH GALLEY_TEST_FAIL_WRITE_AFTER
umask 022
# galley reads standard input when no input is named: a test run from a
# terminal or a pipe would wait on it. A test that feeds stdin redirects its
# own command (run - <file), which wins over this.
exec </dev/null

pass() { echo "ok   - $1"; }
fail() {
    echo "FAIL - $1"
    FAILS=$((FAILS + 1))
}
skip() {
    echo "skip - $1"
    SKIPS=$((SKIPS + 1))
}

# galley_for_anyone: the path of a copy of the tool, with the libraries and
# modules it loads from beside itself ($ORIGIN/lib), that any user can run:
# the checkout may lie in a folder only root can enter (mktemp -d makes
# such folders), and tests run galley as nobody through setpriv.
galley_for_anyone() {
    chmod 755 "$WORK"
    if [ ! -x "$WORK/.tool/galley" ]; then
        mkdir -p "$WORK/.tool"
        cp "$GALLEY" "$WORK/.tool/galley"
        [ -d "$(dirname "$GALLEY")/lib" ] && cp -R "$(dirname "$GALLEY")/lib" "$WORK/.tool/lib"
        chmod -R a+rX "$WORK/.tool"
    fi
    echo "$WORK/.tool/galley"
}

# memory_trees: enters a scratch folder (in memory when /dev/shm allows:
# each output is fsynced, which a disk makes slow) holding m2000/ and
# m16000/, trees of tiny Markdown files 100 to a folder, for measuring the
# parent's peak memory; turns off AddressSanitizer's quarantine, whose freed
# memory stays resident, so the sanitized build is measured too.
memory_trees() {
    # The trees and their outputs take ~150 MB of tmpfs pages: /dev/shm only
    # with 1 GB free (a container's is often 64 MB).
    shm_free=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
    MEM=
    [ "${shm_free:-0}" -gt 1048576 ] && MEM=$(mktemp -d /dev/shm/galley-mem.XXXXXX 2>/dev/null)
    [ -n "$MEM" ] || MEM=$WORK/mem
    trap 'rm -rf "$WORK" "$MEM"' EXIT
    mkdir -p "$MEM"
    cd "$MEM" || exit 1
    python3 - <<'PY'
import os
for n in (2000, 16000):
    for i in range(n):
        d = "m%d/f%03d" % (n, i // 100)
        if i % 100 == 0:
            os.makedirs(d)
        with open("%s/a%05d.md" % (d, i), "w") as f:
            f.write("# T%d\n\nB.\n" % i)
PY
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
    export ASAN_OPTIONS
}

# peak_kib: the parent's peak memory in KiB, from .stderr of a run with
# GALLEY_TEST_PEAK_RSS=1.
peak_kib() { sed -n 's/^galley: peak memory of this process: \([0-9]*\) KiB$/\1/p' .stderr; }

# expect_flat SMALL BIG RERUN: the peaks over 16,000 files and their rerun
# within 1 MiB of the one over 2,000.
expect_flat() {
    echo "# parent peak: $1 KiB (2,000 files), $2 KiB (16,000), $3 KiB (rerun)"
    for v in "$2" "$3"; do
        if [ -n "$1" ] && [ -n "$v" ] && [ "$v" -lt $(($1 + 1024)) ]; then
            pass "memory flat: $v KiB against $1 KiB"
        else
            fail "memory grows: '$v' KiB against '$1' KiB"
        fi
    done
}

# run [ARGS...]: runs galley with stdin from /dev/null unless redirected by
# the caller; sets RC, OUT (stdout) and ERR (stderr).
run() {
    "$GALLEY" "$@" >"$WORK/.stdout" 2>"$WORK/.stderr"
    RC=$?
    OUT=$(cat "$WORK/.stdout")
    ERR=$(cat "$WORK/.stderr")
}

# expect_rc NAME CODE
expect_rc() {
    if [ "$RC" -eq "$2" ]; then pass "$1: exit $2"; else
        fail "$1: exit $RC, expected $2; stderr: $ERR"
    fi
}

# expect_err NAME TEXT: stderr contains TEXT (fixed string)
expect_err() {
    if printf '%s' "$ERR" | grep -qF -- "$2"; then pass "$1: stderr has '$2'"; else
        fail "$1: stderr lacks '$2'; got: $ERR"
    fi
}

expect_no_err() {
    if printf '%s' "$ERR" | grep -qF -- "$2"; then fail "$1: stderr has '$2': $ERR"; else
        pass "$1: stderr lacks '$2'"
    fi
}

expect_out() {
    if printf '%s' "$OUT" | grep -qF -- "$2"; then pass "$1: stdout has '$2'"; else
        fail "$1: stdout lacks '$2'; got: $OUT"
    fi
}

expect_file() {
    if [ -f "$2" ]; then pass "$1: $2 exists"; else fail "$1: $2 missing"; fi
}

expect_no_file() {
    if [ -e "$2" ] || [ -L "$2" ]; then fail "$1: $2 exists"; else pass "$1: no $2"; fi
}

# expect_no_temp NAME DIR: no temporary file left in DIR: ".NAME.galley-tmp",
# ".NAME.galley-XXXXXX", or an earlier galley's ".NAME.XXXXXX"
expect_no_temp() {
    left=$(find "$2" -maxdepth 1 \( -name '.*.galley-tmp' -o -name '.*.galley-??????' -o \
        -name '.*.??????' \) -print)
    if [ -z "$left" ]; then pass "$1: no temporary file in $2"; else
        fail "$1: temporary files left: $left"
    fi
}

# works READER WRITER: whether that pair converts a probe document. A pair
# whose reader or writer is still the placeholder ("not written yet") is
# unavailable; any other failure is a real one.
works() {
    printf '# Probe\n\nA paragraph.\n' >"$WORK/.probe.md"
    printf '<!doctype html><title>Probe</title><p>A paragraph.</p>\n' >"$WORK/.probe.html"
    probe=$WORK/.probe.md
    [ "$1" = html ] && probe=$WORK/.probe.html
    if "$GALLEY" -q -f "$1" -t "$2" "$probe" >"$WORK/.probe.out" 2>"$WORK/.probe.err"; then
        return 0
    fi
    if ! grep -q "not written yet" "$WORK/.probe.err"; then
        fail "probe $1 -> $2 failed: $(cat "$WORK/.probe.err")"
    fi
    return 1
}

finish() {
    echo "# $FAILS failed, $SKIPS skipped"
    [ "$FAILS" -gt 0 ] && exit 1
    [ "$SKIPS" -gt 0 ] && exit 77
    exit 0
}
