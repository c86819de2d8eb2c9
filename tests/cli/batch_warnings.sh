#!/bin/sh
# Quiet, honest batches (issue 18, item 4): each file's warnings go into its
# --report line; the console shows one line per kind of warning (its first
# file and how many had it) once the run is done, or each as it comes with
# -v; a PDF that draws replacement glyphs is converted with a warning, and
# a failure under --strict. The summary says "1 input" and gives no rate
# when nothing was converted.
. "$(dirname "$0")/lib.sh" "$1"

mkdir in
# HTML elements that the Markdown reader drops: one kind, whatever the
# element; inline raw HTML dropped is another.
for i in 1 2 3; do
    printf '# Page %s\n\nText <span>kept</span>.\n\n<script>x()</script>\n\n<style>p{}</style>\n' \
        "$i" >in/p$i.md
done
# Characters of plane 16's private use area: no font has them.
printf '# Glyphs\n\nA \364\217\277\275 B\n' >in/glyphs.md
printf '# Clean\n\nNothing to say.\n' >in/clean.md

run -j 2 -t pdf in -o out/ --report r.jsonl
expect_rc "warnings: still converted" 0
n=$(grep -c 'dropped <' .stderr)
[ "$n" -eq 1 ] && pass "one console line for the dropped elements" ||
    fail "dropped element lines: $n: $ERR"
expect_err "the first file, line, count and files" \
    "galley: in/p1.md:5: warning: dropped <script> element (6 like it in 3 files; -v shows each)"
expect_err "inline HTML: a kind of its own" "raw HTML dropped: <span> (3 like it in 3 files"
expect_err "missing glyphs: their own line" "galley: in/glyphs.md:3: warning: 1 character of the Unicode block"
expect_err "missing glyphs: drawn as U+FFFD" "drawn as U+FFFD"
lines=$(wc -l <.stderr)
[ "$lines" -eq 4 ] && pass "four lines: three kinds and the summary" ||
    fail "$lines lines: $ERR"
tail -n 1 .stderr | grep -q '^galley: 5 inputs: 5 converted' && pass "the summary comes last" ||
    fail "last line: $(tail -n 1 .stderr)"
python3 - <<'PY' && pass "report: each line's warnings" || fail "report: $(cat r.jsonl)"
import json
rows = {r["input"]: r for r in map(json.loads, open("r.jsonl")) if "input" in r}
assert rows["in/p2.md"]["warnings"] == ["line 5: dropped <script> element",
    "line 7: dropped <style> element", "line 3: raw HTML dropped: <span>"], rows["in/p2.md"]
g = rows["in/glyphs.md"]
assert g["status"] == "converted" and len(g["warnings"]) == 1 and "U+FFFD" in g["warnings"][0], g
assert rows["in/clean.md"]["warnings"] == []
PY

# -v: every warning as it comes, and no grouped line.
run -v -j 2 -t pdf in -o out/ --report r.jsonl --force
n=$(grep -c 'warning: dropped <' .stderr)
[ "$n" -eq 6 ] && pass "-v: each warning" || fail "-v: $n dropped element lines: $ERR"
expect_no_err "-v: no grouped line" "like it in"

# -q: none on the console, all in the report.
run -q -t pdf in -o out/ --report r.jsonl --force
expect_rc "-q" 0
[ -z "$ERR" ] && pass "-q: nothing on the console" || fail "-q: $ERR"
grep -q 'drawn as U+FFFD' r.jsonl && pass "-q: the report keeps them" || fail "-q: $(cat r.jsonl)"

# --strict: replacement glyphs fail the file; the others are converted.
run --strict -t pdf in -o strict/ --report s.jsonl
expect_rc "--strict" 1
expect_err "--strict: the file fails" "galley: in/glyphs.md:3: 1 character is in no installed font"
grep '"in/glyphs.md"' s.jsonl | grep -q '"status":"failed"' && pass "--strict: failed in the report" ||
    fail "--strict report: $(cat s.jsonl)"
expect_no_file "--strict: no PDF" strict/glyphs.pdf
expect_file "--strict: the others" strict/clean.pdf

# Summary grammar; nothing converted, no rate.
run -t pdf in/clean.md -o one/
expect_err "one input" "galley: 1 input: 1 converted, 0 unchanged, 0 failed in "
run -t pdf in/clean.md -o one/
expect_err "nothing converted" "1 input: 0 converted, 1 unchanged, 0 failed in "
expect_no_err "nothing converted: no rate" "files/s"
finish
