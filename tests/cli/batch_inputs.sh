#!/bin/sh
# What a batch converts and what it says: --files-from (newline and -0),
# several -t formats from one parse, two inputs for one output, the JSON
# Lines report, and the progress line on a terminal only.
. "$(dirname "$0")/lib.sh" "$1"

mkdir -p in/sub
printf -- '---\ntitle: Front Title\nauthor: Ada Lovelace\ndate: 2024-03-01\n---\n\nBody.\n' >in/front.md
printf '# Plain\n\nText.\n' >in/sub/plain.md
printf '# Other\n\nMore.\n' >in/sub/other.md
: >in/sub/empty.md

# --files-from, newline separated, relative to the current folder.
printf 'in/front.md\nin/sub/plain.md\n' >list.txt
run --files-from list.txt -o out1/
expect_rc "files-from" 0
expect_file "files-from mirrors the listed path" out1/in/front.txt
expect_file "files-from mirrors the listed path" out1/in/sub/plain.txt
expect_no_file "files-from converts only the list" out1/in/sub/other.txt

# Relative to the one folder operand, from standard input, NUL separated,
# with a name holding a newline and a space.
nl_name=$(printf 'in/sub/two\nlines here.md')
printf '# NL\n\nNewline name.\n' >"$nl_name"
printf 'front.md\0sub/two\nlines here.md\0./sub//plain.md\0' |
    "$GALLEY" -0 --files-from - in -o out2/ >/dev/null 2>.stderr
RC=$?
ERR=$(cat .stderr)
expect_rc "files-from -0 on stdin" 0
expect_file "-0: plain" out2/front.txt
expect_file "-0: ./ and // normalised" out2/sub/plain.txt
[ -f "$(printf 'out2/sub/two\nlines here.txt')" ] && pass "-0: name with a newline" ||
    fail "-0: name with a newline not converted"
rm -f "$nl_name"

# The same file listed twice is converted once.
printf 'front.md\nfront.md\n' | "$GALLEY" --files-from - in -o out3/ >/dev/null 2>.stderr
ERR=$(cat .stderr)
expect_err "listed twice: converted once" "1 input: 1 converted"

run --files-from list.txt a b -o out9/
expect_rc "files-from with two operands" 2
run --files-from list.txt
expect_rc "files-from needs -o DIR/" 2
expect_err "files-from needs -o DIR/" "--files-from converts into a folder"

# Several formats, one parse.
run -v -j 1 -t text,json,xhtml in/sub/plain.md -o multi/
expect_rc "-t list" 0
for f in multi/plain.txt multi/plain.json multi/plain.xhtml; do expect_file "-t list" $f; done
n=$(printf '%s\n' "$ERR" | grep -c 'reading as')
[ "$n" -eq 1 ] && pass "-t list: one parse" || fail "-t list: $n parses"
run -t text,text in -o x/
expect_rc "-t twice" 2
expect_err "-t twice" "text is listed twice"
run -t text,json in/front.md
expect_rc "-t list to stdout" 2
expect_err "-t list to stdout" "give -o DIR/"
run -t text,nosuch in -o x/
expect_rc "-t unknown" 2
expect_err "-t unknown" "unknown output format 'nosuch'"

# Two inputs, one output: both refused, each naming the other; the rest go on.
mkdir clash
printf '# A\n' >clash/a.md
printf '<p>A</p>\n' >clash/a.html
printf '# B\n' >clash/b.md
run clash -o clashout/
expect_rc "clash" 1
expect_err "clash names both" "'clash/a.html' and 'clash/a.md' would both write 'clashout/a.txt'"
expect_no_file "clash: neither converted" clashout/a.txt
expect_file "clash: the others are" clashout/b.txt

# The report: one JSON line per input, then the summary.
run --report rep.jsonl -t text,json in -o out4/
expect_rc "report run" 1 # empty.md fails
python3 - rep.jsonl <<'PY' && pass "report content" || fail "report content"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
rows, summary = lines[:-1], lines[-1]["summary"]
by = {r["input"]: r for r in rows}
assert set(by) == {"in/front.md", "in/sub/plain.md", "in/sub/other.md", "in/sub/empty.md"}, by
for r in rows:
    assert set(r) == {"input", "outputs", "status", "error", "milliseconds", "title", "byline", "date",
                      "warnings"}, r
f = by["in/front.md"]
assert f["status"] == "converted" and f["error"] is None
assert f["outputs"] == ["out4/front.txt", "out4/front.json"], f["outputs"]
assert (f["title"], f["byline"], f["date"]) == ("Front Title", "Ada Lovelace", "2024-03-01"), f
assert f["milliseconds"] >= 0
e = by["in/sub/empty.md"]
assert e["status"] == "failed" and "empty" in e["error"] and e["outputs"] == [], e
assert summary["inputs"] == 4 and summary["converted"] == 3 and summary["failed"] == 1, summary
PY
expect_err "report: the summary on stderr too" "4 inputs: 3 converted, 0 unchanged, 1 failed"
run --report rep2.jsonl -t text,json in -o out4/
grep -q '"status":"unchanged"' rep2.jsonl && pass "report: unchanged" || fail "report: no unchanged"

# Progress: on a terminal only.
script -qfec "$GALLEY --force in -o out5/" /dev/null >tty.log 2>&1
grep -q 'files/s, ETA' tty.log && pass "progress on a terminal" || fail "no progress: $(cat tty.log)"
run --force in -o out5/
expect_no_err "no progress when not a terminal" "files/s, ETA"
run -q --force in/front.md -o out5/
[ -z "$ERR" ] && pass "-q: silent on success" || fail "-q printed: $ERR"

finish
