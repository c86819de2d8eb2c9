#!/bin/sh
# Folder inputs: the recursive walk into -o DIR/ (which files, in which order,
# hidden files skipped, inputs in the output folder converted like others,
# symbolic-link loops harmless) and the mirrored output tree. The walk is checked through -v's "reading as"
# lines, which come before the reader runs, so it is tested even while the
# readers are placeholders; the output files need markdown/html -> text.
. "$(dirname "$0")/lib.sh" "$1"

mkdir -p src/sub/deeper src/.git src/out src/empty
printf '# A\n\nAlpha.\n' >src/a.md
printf '<!doctype html><title>B</title><p>Beta.</p>\n' >src/sub/b.html
printf '# C\n\nGamma.\n' >src/sub/deeper/c.markdown
printf '# hidden\n' >src/.hidden.md
printf '# in git\n' >src/.git/x.md
printf 'not a format galley claims\n' >src/notes.txt
printf '# old output\n' >src/out/old.md
ln -s a.md src/link-to-a.md
ln -s . src/loop
ln -s .. src/sub/up
ln -s /nonexistent src/dangling.md

# One worker: the "reading as" lines then come in the walk's order.
timeout 30 "$GALLEY" -j 1 -v src -o src/out/ >.stdout 2>.stderr
RC=$?
ERR=$(cat .stderr)
[ "$RC" -ne 124 ] && pass "walk ends despite link loops" || fail "walk hangs on link loops"
[ -s .stdout ] && fail "walk wrote to stdout: $(cat .stdout)" || pass "walk: nothing on stdout"
for f in src/a.md src/link-to-a.md src/out/old.md src/sub/b.html src/sub/deeper/c.markdown; do
    expect_err "walk converts $f" "galley: $f: reading as"
done
for f in .hidden.md .git notes.txt loop/ sub/up/ dangling.md; do
    expect_no_err "walk skips $f" "src/$f: reading"
done
order=$(printf '%s\n' "$ERR" | sed -n 's/^galley: \([^:]*\): reading as.*/\1/p' | tr '\n' ' ')
[ "$order" = "src/a.md src/link-to-a.md src/out/old.md src/sub/b.html src/sub/deeper/c.markdown " ] &&
    pass "walk order is sorted, files before subfolders" || fail "walk order: $order"
[ -d src/out/sub/deeper ] && pass "walk mirrors subfolders" || fail "src/out/sub/deeper missing"
expect_file "an input in the output folder is converted (issue 14)" src/out/out/old.txt
expect_no_file "walk skips hidden folders" src/out/.git

# Explicit files into a folder: DIR/<name without extension>.<writer's extension>.
printf '# D\n' >d.md
timeout 30 "$GALLEY" -v -t json d.md src/sub/b.html -o made/ >/dev/null 2>.stderr
ERR=$(cat .stderr)
[ -d made ] && pass "-o DIR/ is created" || fail "-o made/ not created"
expect_err "files into DIR" "galley: d.md: reading as markdown"
expect_err "files into DIR" "galley: src/sub/b.html: reading as html"

if works markdown text && works html text; then
    run --force src -o src/out/
    expect_rc "walk converts" 0
    for f in a sub/b sub/deeper/c link-to-a; do
        expect_file "walk output" "src/out/$f.txt"
    done
    expect_no_file "walk: no output for hidden files" src/out/.hidden.txt
    expect_no_file "walk: no output for skipped files" src/out/notes.txt
    expect_no_file "walk: no output for the output folder" src/out/old.txt
    expect_no_temp "walk" src/out
    expect_no_temp "walk" src/out/sub
    grep -q Gamma src/out/sub/deeper/c.txt && pass "walk output has the text" ||
        fail "walk: src/out/sub/deeper/c.txt lacks Gamma"
else
    skip "walk outputs: markdown/html -> text not written yet"
fi

if works markdown json && works html json; then
    run -t json d.md src/sub/b.html -o made/
    expect_rc "files into DIR" 0
    expect_file "files into DIR" made/d.json
    expect_file "files into DIR" made/b.json
else
    skip "files into DIR: markdown/html -> json not written yet"
fi

finish
