#!/bin/sh
# "Now" passed in (issue 15): the HTML reader judges the dates a page states
# against gl_options.now, which --now fixes; the clock is read only without
# it. Under faketime, on two days five years apart, the same conversion with
# --now gives the same bytes in every format, from HTML and Markdown; without
# it, the page's date is taken on the later day only (the check that the
# clock is what differs, and that faketime works here).
# Usage: now.sh PATH/TO/galley
. "$(dirname "$0")/lib.sh" "$1"
command -v faketime >/dev/null || { fail "faketime not installed (scripts/install-deps test)"; exit 1; }

cat >page.html <<'HTML'
<!doctype html><html lang="en"><head><title>Tomorrow's news</title>
<meta property="article:published_time" content="2029-06-01T10:00:00Z"></head>
<body><article><h1>Tomorrow's news</h1>
<p>A paragraph long enough to be taken for the text of an article, so that
extraction keeps it: it says little, but it says it at some length, and with
a comma or two, as articles do.</p><p>Printed 03.04.28 in the corner.</p></article></body></html>
HTML
printf -- '---\ntitle: Notes\ndate: 2029-06-01\n---\n\n# Notes\n\nA paragraph, [a link](https://example.org/).\n' >notes.md

# convert DAY NAME ARGS...: galley under faketime at DAY, into out-DAY/NAME.
convert() {
    day=$1 name=$2
    shift 2
    mkdir -p "out-$day"
    faketime "$day 12:00:00" "$GALLEY" "$@" -o "out-$day/$name" 2>"out-$day/$name.err"
    rc=$?
    [ $rc -eq 0 ] || fail "$name at $day: exit $rc: $(cat "out-$day/$name.err")"
}

# The clock matters without --now: the 2029 date is in the future in 2026.
for day in 2026-01-01 2031-01-01; do
    convert $day clock.json page.html -t json
done
if grep -q '"date": "2029-06-01' out-2026-01-01/clock.json; then
    fail "a date after the clock's day was taken (2026)"
elif ! grep -q '"date": "2029-06-01' out-2031-01-01/clock.json; then
    fail "faketime had no effect: the 2029 date is missing in 2031 too"
else
    pass "without --now, the page's date depends on the day (faketime works)"
fi

for now in 1767225600 2026-01-01T00:00:00Z; do
    for fmt in text xhtml json pdf epub; do
        for input in page.html notes.md; do
            name="$input.$now.$fmt"
            for day in 2026-01-02 2031-06-15; do
                convert $day "$name" "$input" --now "$now" -t $fmt
            done
            if cmp -s "out-2026-01-02/$name" "out-2031-06-15/$name"; then
                pass "--now $now: $input to $fmt, the same bytes on two days"
            else
                fail "--now $now: $input to $fmt differs between two days"
            fi
        done
    done
    # 2029 is after "now" (2026): the page's date is not taken, whatever the day.
    if grep -q '"date": "2029-06-01' "out-2031-06-15/page.html.$now.json"; then
        fail "--now $now: a date after it was taken"
    else
        pass "--now $now: no date after it is taken"
    fi
done

# A later "now" takes the page's date.
convert 2026-01-02 later.json page.html --now 2031-01-01T00:00:00Z -t json
if grep -q '"date": "2029-06-01' out-2026-01-02/later.json; then
    pass "--now after the page's date takes it, on an earlier day"
else
    fail "--now 2031: the page's date was not taken: $(cat out-2026-01-02/later.json)"
fi

RC=0
"$GALLEY" page.html --now yesterday -t json >/dev/null 2>err.txt || RC=$?
if [ $RC -eq 2 ] && grep -q -- "--now 'yesterday'" err.txt; then
    pass "--now refuses what is no date, naming it"
else
    fail "--now yesterday: exit $RC: $(cat err.txt)"
fi

[ $FAILS -eq 0 ] || exit 1
exit 0
