#!/bin/sh
# The output folder inside the input tree (issue 14, item 7): a file the
# state records as an output is never an input, nor is one a worker is
# writing, and the state folder is never walked, so `galley -t xhtml d -o d/`
# works on every rerun; inputs under the output folder are converted like
# any others (`galley d -o d/sub/` converts d/sub/x.md too).
. "$(dirname "$0")/lib.sh" "$1"

mkdir -p d/sub
printf '# A\n\nAlpha.\n' >d/a.md
printf '# B\n\nBeta.\n' >d/sub/b.md

# OUT is the input folder: the .xhtml outputs are read by the HTML reader's
# extension, and would clash with their own inputs on the rerun.
run -t xhtml d -o d/
expect_rc "-o IN/: first run" 0
expect_file "-o IN/: first run" d/a.xhtml
expect_file "-o IN/: first run" d/sub/b.xhtml
run -t xhtml d -o d/
expect_rc "-o IN/: rerun" 0
expect_err "-o IN/: rerun: outputs are no inputs" "2 inputs: 0 converted, 2 unchanged, 0 failed"
printf '# A\n\nAlpha, edited.\n' >d/a.md
run -t xhtml d -o d/
expect_rc "-o IN/: rerun after an edit" 0
expect_err "-o IN/: rerun after an edit" "2 inputs: 1 converted, 1 unchanged, 0 failed"
run -v -t xhtml d -o d/
expect_err "-o IN/: -v says why" "d/a.xhtml: skipped: an output of galley"
expect_no_err "-o IN/: the state folder is not walked" ".galley-state"

# OUT is a folder of the input tree: its inputs are converted too.
mkdir -p e/sub
printf '# A\n\nAlpha.\n' >e/a.md
printf '# X\n\nUnder the output folder.\n' >e/sub/x.md
run e -o e/sub/
expect_rc "-o IN/sub/" 0
expect_err "-o IN/sub/: both inputs" "2 inputs: 2 converted"
expect_file "-o IN/sub/: the input in OUT converted" e/sub/sub/x.txt
expect_file "-o IN/sub/" e/sub/a.txt
run e -o e/sub/
expect_err "-o IN/sub/: rerun" "2 inputs: 0 converted, 2 unchanged, 0 failed"

# Outputs appear in OUT while the walk reads it: one being written, or
# written and not yet recorded, is no input either. With -t xhtml,pdf each
# .xhtml is there while its PDF is made, when the last worker's request for
# work makes the walk read OUT.
mkdir f
for i in 1 2 3 4 5 6; do
    printf '# F%s\n\nText %s.\n' $i $i >f/f$i.md
done
run -j 2 -t xhtml,pdf f -o f/zz/
expect_rc "outputs appearing in OUT" 0
expect_err "outputs appearing in OUT: only the inputs" "6 inputs: 6 converted, 0 unchanged, 0 failed"
expect_no_file "outputs appearing in OUT: no output of an output" f/zz/zz

finish
