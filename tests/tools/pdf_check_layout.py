#!/usr/bin/env python3
"""Layout checks of a galley PDF through poppler's pdftotext -bbox-layout.

  pdf_check_layout.py justify PDF RIGHT   in every block of body text (lines
        12.3-14.4 pt high: 11 pt type) every line but the last, and but one
        before a line of a single word, ends within 0.5 pt of RIGHT, the
        right edge of the text column; or, in a paragraph that could be
        justified only with gaps past the tolerance and is set ragged
        instead, no line's word gaps are wider than a natural space
  pdf_check_layout.py bounds PDF LEFT RIGHT   no word starts left of LEFT or
        ends right of RIGHT (0.5 pt of slack): nothing runs off the column
  pdf_check_layout.py order PDF EXPECTED   each line of the UTF-8 file EXPECTED
        appears in pdftotext's text, in that order, white space ignored

Python 3 standard library only; exits 1 with a message on the first failure.
"""
import re
import subprocess
import sys

SLACK = 0.5


def bbox_blocks(pdf):
    html = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True,
                          capture_output=True, text=True).stdout
    num = r'"([-\d.]+)"'
    line_re = re.compile(r'<line xMin=%s yMin=%s xMax=%s yMax=%s>(.*?)</line>' %
                         (num, num, num, num), re.S)
    word_re = re.compile(r'<word xMin=%s yMin=%s xMax=%s yMax=%s>(.*?)</word>' %
                         (num, num, num, num), re.S)
    for block in re.findall(r"<block [^>]*>(.*?)</block>", html, re.S):
        lines = []
        for x0, y0, x1, y1, body in line_re.findall(block):
            words = [(float(a), float(c), w) for a, _, c, _, w in word_re.findall(body)]
            lines.append((float(x0), float(y0), float(x1), float(y1), words))
        yield lines


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


# DejaVu's word space (0.318 em) over its line height (1.164 em), and what
# pdftotext's rounding and kerning add to a gap.
SPACE_PER_HEIGHT = 0.318 / 1.164
GAP_SLACK = 1.1


def ragged(lines):
    """Whether no line of the block has a gap wider than a natural space."""
    for x0, y0, x1, y1, words in lines:
        space = (y1 - y0) * SPACE_PER_HEIGHT * GAP_SLACK
        if any(b[0] - a[1] > space for a, b in zip(words, words[1:])):
            return False
    return True


def justify(pdf, right):
    checked = rag = 0
    for lines in bbox_blocks(pdf):
        body = [ln for ln in lines if 12.3 <= ln[3] - ln[1] <= 14.4]
        if len(body) != len(lines) or len(lines) < 2:
            continue
        short = [ln for ln in lines[:-1] if abs(ln[2] - right) > SLACK]
        if len(short) > 1 and ragged(lines):
            rag += 1
            continue
        for i, (x0, y0, x1, y1, words) in enumerate(lines[:-1]):
            # A line before a line of one word (a piece of a long URL, with
            # no space to stretch) is set loose, as TeX sets it (an
            # underfull box): the URL's pieces decide where it breaks.
            # docs/typography.md names this limit.
            if len(lines[i + 1][4]) == 1:
                continue
            checked += 1
            if abs(x1 - right) > SLACK:
                text = " ".join(w for _, _, w in words)
                fail(f"line ends at {x1:.2f}, not {right:.2f}: {text[:80]}")
    # The multi-script sample has 9 since its Cyrillic, symbol and URL
    # paragraphs, which could be justified only with wide gaps, are ragged.
    if checked < 8:
        fail(f"only {checked} justified lines found")
    print(f"justify: {checked} lines end within {SLACK} pt of {right}; "
          f"{rag} paragraphs set ragged, their spaces natural")


def bounds(pdf, left, right):
    count = 0
    for lines in bbox_blocks(pdf):
        for _, _, _, _, words in lines:
            for x0, x1, w in words:
                count += 1
                if x0 < left - SLACK or x1 > right + SLACK:
                    fail(f"word '{w[:60]}' spans {x0:.2f}-{x1:.2f}, outside {left}-{right}")
    print(f"bounds: {count} words inside {left}-{right}")


def order(pdf, expected):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True,
                          capture_output=True, text=True).stdout
    text = re.sub(r"\s+", "", text)
    at = 0
    with open(expected, encoding="utf-8") as f:
        wanted = [re.sub(r"\s+", "", ln) for ln in f if ln.strip()]
    for want in wanted:
        found = text.find(want, at)
        if found < 0:
            fail(f"'{want[:60]}' missing or out of order; text from there: {text[at:at + 80]}")
        at = found + len(want)
    print(f"order: {len(wanted)} passages found in order")


def main():
    if len(sys.argv) < 4:
        fail(__doc__)
    kind, pdf = sys.argv[1], sys.argv[2]
    if kind == "justify":
        justify(pdf, float(sys.argv[3]))
    elif kind == "bounds" and len(sys.argv) == 5:
        bounds(pdf, float(sys.argv[3]), float(sys.argv[4]))
    elif kind == "order":
        order(pdf, sys.argv[3])
    else:
        fail(__doc__)


if __name__ == "__main__":
    main()
