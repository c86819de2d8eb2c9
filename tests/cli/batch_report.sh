#!/bin/sh
# The --report file (issue 14, items 2 and 8): it goes through the same
# guard as an output, so it never replaces an input of the run, the
# --files-from list, an output of the run or galley's state; and its lines
# are written as inputs settle, so after kill -9 it holds every settled one
# and no hidden temporary file is left. No output replaces it either.
. "$(dirname "$0")/lib.sh" "$1"
unset GALLEY_TEST_KILL_AFTER GALLEY_TEST_TERM_AFTER

mkdir in
for i in 1 2 3 4 5 6; do
    printf '# Article %s\n\nBody %s.\n' "$i" "$i" >in/a$i.md
done
printf '# B\n\nB body.\n' >in/b.md

# refused NAME REPORT ARGS...: the report path is refused before anything
# is converted; REPORT is left as it was.
refused() {
    name=$1 rep=$2
    shift 2
    before=$(cat "$rep" 2>/dev/null)
    run --report "$rep" "$@"
    expect_rc "$name" 1
    expect_err "$name" "refusing to write the report there"
    [ "$(cat "$rep" 2>/dev/null)" = "$before" ] && pass "$name: $rep left as it was" ||
        fail "$name: $rep changed: $(head -c 200 "$rep")"
}

refused "report over an input" in/a1.md in -o out/
expect_no_file "report over an input: nothing converted" out/a1.txt
refused "report named as a future input" in/new.md in -o out/
expect_no_file "report named as a future input: not made" in/new.md
refused "report over an input named on the command line" in/b.md in/b.md -o out/
run in -o out/
expect_rc "a first run" 0
refused "report over an output" out/b.txt in -o out/
refused "report where an output would go" out/new.txt in -o out/
refused "report over galley's state" out/.galley-state.lock in -o out/
printf 'a1.md\n' >list.txt
refused "report over the --files-from list" list.txt --files-from list.txt in -o out2/
# Allowed: beside the inputs under a name no reader claims, in OUT under a
# name no output has; neither is taken for an input.
run --report in/run.log in -o out/
expect_rc "report in the input folder, not an input's name" 0
grep -q '"summary"' in/run.log && pass "report in the input folder: written" ||
    fail "report in the input folder: $(cat in/run.log)"
run --report out/run.jsonl in -o out/
expect_rc "report in the output folder, not an output's name" 0
ln -s elsewhere.jsonl link.jsonl
run --report link.jsonl in -o out/
expect_rc "report through a symbolic link" 1
expect_no_file "report through a symbolic link: not followed" elsewhere.jsonl

# kill -9 after 3 inputs: the report has their lines, and no temporary
# file is left anywhere.
rm -rf out
GALLEY_TEST_KILL_AFTER=3 "$GALLEY" -j 1 --report r.jsonl in -o out/ >/dev/null 2>&1
n=$(grep -c '"status":"converted"' r.jsonl 2>/dev/null)
[ "${n:-0}" -eq 3 ] && pass "kill -9: the report holds the 3 settled lines" ||
    fail "kill -9: report lines: ${n:-none}"
left=$(find . -name '.*' ! -name '.' ! -name '.galley-state*' ! -name '.stdout' ! -name '.stderr' |
    head -3)
[ -z "$left" ] && pass "kill -9: no hidden file left" || fail "kill -9: left $left"
# The rerun starts the report afresh.
run --report r.jsonl in -o out/
expect_rc "rerun after kill -9" 0
n=$(grep -c '"input"' r.jsonl)
[ "$n" -eq 7 ] && pass "rerun: a fresh report, one line per input" || fail "rerun: $n lines"

finish
