#!/bin/sh
# galley's command line: options, usage errors (exit 2), help, version, the
# format list, SOURCE_DATE_EPOCH, and PDF refused on a terminal. None of this
# needs a working reader or writer.
. "$(dirname "$0")/lib.sh" "$1"

printf '# Title\n\nText.\n' >a.md
printf '# B\n' >b.md
mkdir folder
printf '# C\n' >folder/c.md

run --version
expect_rc version 0
expect_out version "galley 0.1.0"

run --help
expect_rc help 0
expect_out help "Usage: galley [OPTIONS] INPUT..."
for opt in --from --to --output --base-url --width --links --body-only --paper --metadata \
    --strict --max-input --quiet --verbose --list-formats --version --help; do
    expect_out "help lists $opt" "$opt"
done

run --list-formats
expect_rc list-formats 0
for w in markdown html text xhtml json pdf .md .html .txt .xhtml .json .pdf; do
    expect_out "list-formats has $w" "$w"
done

# No input named: standard input is read (issue 18 item 5), unless it is a
# terminal; an empty one is the usage error no input is.
run </dev/null
expect_rc "no input, empty stdin" 2
expect_err "no input, empty stdin" "galley: no input: standard input is empty"
[ -z "$OUT" ] && pass "no input, empty stdin: nothing written" || fail "wrote: $OUT"
printf '# Piped\n\nFrom a pipe.\n' >piped.md
run -t text <piped.md
expect_rc "no input, stdin" 0
expect_out "no input, stdin: read" "From a pipe."
printf '# Piped\n\nFrom a pipe.\n' | "$GALLEY" -t text >pipe.out 2>&1
grep -q "From a pipe." pipe.out && pass "no input, a pipe: read" || fail "a pipe: $(cat pipe.out)"
run -o piped.txt <piped.md
expect_rc "no input, stdin, -o FILE" 0
expect_file "no input, stdin, -o FILE" piped.txt
run -o empty.txt </dev/null
expect_rc "no input, empty stdin, -o FILE" 2
expect_no_file "no input, empty stdin, -o FILE: nothing written" empty.txt
script -qfec "$GALLEY" /dev/null >tty.log 2>&1
grep -q "galley: no input: give a file" tty.log && grep -q "Try 'galley --help'" tty.log &&
    pass "no input on a terminal: the usage hint" || fail "terminal: $(cat tty.log)"
script -qfec "$GALLEY; echo rc=\$?" /dev/null >tty.log 2>&1
grep -q "rc=2" tty.log && pass "no input on a terminal: exit 2" || fail "terminal: $(cat tty.log)"

# `galley in.md out.pdf` as cp is typed: a second name that does not exist
# with an output's extension is the output wanted; nothing is converted.
run a.md new.pdf
expect_rc "did you mean -o" 2
expect_err "did you mean -o" "galley: 'new.pdf' does not exist; did you mean -o new.pdf?"
[ -z "$OUT" ] && pass "did you mean -o: nothing printed" || fail "printed: $OUT"
expect_no_file "did you mean -o: nothing written" new.pdf
run a.md b.md new.html
expect_rc "did you mean -o, three names" 2
expect_err "did you mean -o, three names" "did you mean -o new.html?"
run a.md nosuch.mkd
expect_rc "a missing input is no output" 1
expect_err "a missing input is no output" "nosuch.mkd: cannot read"

# -o NAME without a slash is a folder when only a folder can hold the
# outputs (a folder, several inputs or formats), as cp -r does.
run folder -o newdir
expect_rc "folder -o NAME" 0
expect_file "folder -o NAME: a folder made" newdir/c.txt
run a.md b.md -o twodir
expect_rc "two inputs -o NAME" 0
expect_file "two inputs -o NAME" twodir/a.txt
expect_file "two inputs -o NAME" twodir/b.txt
run a.md -t text,json -o fmtdir
expect_rc "two formats -o NAME" 0
expect_file "two formats -o NAME" fmtdir/a.json

run --bogus a.md
expect_rc "unknown long option" 2
expect_err "unknown long option" "galley: unknown option '--bogus'"
expect_err "unknown long option" "Try 'galley --help'"

run -x a.md
expect_rc "unknown short option" 2
expect_err "unknown short option" "unknown option '-x'"

run a.md -o
expect_rc "missing argument" 2
expect_err "missing argument" "option '-o' needs an argument"

run a.md --width
expect_rc "missing long argument" 2
expect_err "missing long argument" "option '--width' needs an argument"

run --strict=yes a.md
expect_rc "argument to a flag" 2
expect_err "argument to a flag" "option '--strict' takes no argument"

run -t docx a.md
expect_rc "unknown output format" 2
expect_err "unknown output format" "unknown output format 'docx'; known: text, xhtml, json, pdf"

run -f docx a.md
expect_rc "unknown input format" 2
expect_err "unknown input format" "unknown input format 'docx'; known: markdown, html"

run a.md -o out.docx
expect_rc "unknown output extension" 2
expect_err "unknown output extension" "unknown output format 'docx' (from -o out.docx)"
expect_no_file "unknown output extension" out.docx

run --width abc a.md
expect_rc "bad width" 2
expect_err "bad width" "--width 'abc'"

run --width -3 a.md
expect_rc "negative width" 2

run --links footnotes a.md
expect_rc "bad links" 2
expect_err "bad links" "--links 'footnotes': expected refs, inline or none"

run --paper a3 a.md
expect_rc "bad paper" 2
expect_err "bad paper" "--paper 'a3': expected a4, letter, a5, a6 or WxH"

run --max-input 10k a.md
expect_rc "bad max-input" 2
expect_err "bad max-input" "--max-input '10k'"

run --metadata title a.md
expect_rc "metadata without =" 2
expect_err "metadata without =" "--metadata 'title': expected KEY=VALUE"

run --metadata colour=red a.md
expect_rc "metadata unknown key" 2
expect_err "metadata unknown key" "unknown key 'colour'"

run --metadata "title=$(printf 'bad\377')" a.md
expect_rc "metadata invalid UTF-8" 2
expect_err "metadata invalid UTF-8" "not valid UTF-8"

run a.md b.md -o one.txt
expect_rc "-o FILE with two inputs" 2
expect_err "-o FILE with two inputs" "-o one.txt names one file but 2 inputs were given"
expect_no_file "-o FILE with two inputs" one.txt

run folder -o one.txt
expect_rc "folder to -o FILE" 2
expect_err "folder to -o FILE" "'folder' is a folder: converting a folder needs -o DIR/"

run folder
expect_rc "folder to stdout" 2
expect_err "folder to stdout" "'folder' is a folder"

run - -o outdir/
expect_rc "stdin into DIR" 2
expect_err "stdin into DIR" "standard input (-) has no name"
expect_no_file "stdin into DIR" outdir

SOURCE_DATE_EPOCH=yesterday run a.md
expect_rc "SOURCE_DATE_EPOCH not digits" 2
expect_err "SOURCE_DATE_EPOCH not digits" "SOURCE_DATE_EPOCH='yesterday'"

SOURCE_DATE_EPOCH=-5 run a.md
expect_rc "SOURCE_DATE_EPOCH negative" 2
expect_err "SOURCE_DATE_EPOCH negative" "SOURCE_DATE_EPOCH='-5'"

SOURCE_DATE_EPOCH=99999999999999999999999 run a.md
expect_rc "SOURCE_DATE_EPOCH overflow" 2

# A valid value is accepted: whatever the conversion does, it is no usage error.
SOURCE_DATE_EPOCH=1700000000 run a.md
expect_no_err "SOURCE_DATE_EPOCH valid" "SOURCE_DATE_EPOCH"
[ "$RC" -ne 2 ] && pass "SOURCE_DATE_EPOCH valid: not a usage error" ||
    fail "SOURCE_DATE_EPOCH valid: exit 2: $ERR"

# PDF on a terminal: script(1) gives galley a pseudo-terminal as stdout.
script -qec "$GALLEY -t pdf a.md" /dev/null >tty.log 2>&1
RC=$?
ERR=$(cat tty.log)
expect_rc "pdf to a terminal" 2
expect_err "pdf to a terminal" "refusing to write PDF to a terminal; use -o FILE.pdf or redirect"
script -qec "$GALLEY -t pdf -o - a.md" /dev/null >tty.log 2>&1
RC=$?
ERR=$(cat tty.log)
expect_rc "pdf to a terminal with -o -" 2

run -t pdf a.md b.md
expect_rc "two pdfs to stdout" 2
expect_err "two pdfs to stdout" "2 inputs cannot share standard output as pdf"

# The man page renders and documents every option --help shows.
MAN=$SRCDIR/docs/galley.1
if LC_ALL=C MANWIDTH=80 man -l "$MAN" >man.txt 2>man.err && [ ! -s man.err ]; then
    pass "man page renders"
else
    fail "man page: $(cat man.err)"
fi
for opt in $("$GALLEY" --help | grep -o -- '--[a-z-]*' | sort -u); do
    if grep -qF -- "$opt" man.txt; then pass "man documents $opt"; else fail "man lacks $opt"; fi
done
for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT EXAMPLES FILES; do
    if grep -q "^$section" man.txt; then pass "man has $section"; else fail "man lacks $section"; fi
done

finish
