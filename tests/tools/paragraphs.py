#!/usr/bin/env python3
"""Paragraph quality of typeset PDFs, read back with pdftotext -bbox-layout (issue 17).

  paragraphs.py [--space EM] [--height EM] [--lines] [--json]
                [--max-p99 R] [--max-hyphen-run N] [--chars MIN MAX] PDF...
  paragraphs.py --ragged [--space EM] [--height EM] [--json] PDF...

For every full line with at least 4 words: one that reaches its block's right edge (so a
paragraph's last line and ragged lines are left out) and the text column's, the right edge
most such lines of the file share (so that a table's rows, a code block's longest line or a
heading, each alone in its block, are not taken for justified prose), and is not spaced
letter by letter (most of its words one character: a cut URL or CJK set with the character
spacing): the mean inter-word gap as a multiple of the
font's natural space (--space, default 0.318 em: DejaVu Serif and Sans; Latin Modern's is
0.333), the size taken from pdftotext's word height / --height (default 1.164 em: DejaVu's
ascent + descent; Latin Modern's is about 1.0: check one line of a known size when in doubt),
the median gap rather than the mean (a space of inline code is wider), and the characters on the line. Prints: full lines, median and 99th percentile space ratio,
mean characters per full line, hyphenated full lines per 100, the longest run of consecutive
hyphenated lines (and, with --json, how many runs pass two). --lines also prints each full line with its ratio, --json one JSON object.

--ragged measures ragged-right text instead: every line of a block but its last, with at
least 4 words, in the body type (the file's commonest word height): characters a line, its width as a share of the column (median, and the 5th
percentile: the short lines), lines whose word spaces are stretched (none should be), hyphens.

With --max-p99, --max-hyphen-run or --chars, it exits 1 when the figures pass those bounds
(the p99 above R, a run of more than N hyphens, the mean characters outside [MIN, MAX]),
so that a test can keep them.

A copy of ../shared/tools/paragraphs.py, with --lines, --json and the bounds added, and full
lines held to the column's edge and to words; a run of
hyphens ends at any line that is not a hyphenated full line, as there, and at the end of a file. Python 3 standard library
and poppler's pdftotext only.
"""
import argparse
import collections
import html
import json
import re
import statistics
import subprocess
import sys

LINE = re.compile(
    r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def lines_of(pdf):
    """(full, words) for each line of each block, in reading order."""
    x = subprocess.run(['pdftotext', '-bbox-layout', pdf, '-'], capture_output=True, text=True,
                       check=True).stdout
    blocks = []
    for block in re.finditer(r'<block[^>]*>(.*?)</block>', x, re.S):
        ls = []
        for ln in LINE.finditer(block.group(1)):
            words = [(float(a), float(b), float(c), float(d), html.unescape(w))
                     for a, b, c, d, w in WORD.findall(ln.group(5))]
            ls.append((float(ln.group(3)), words))
        if ls:
            right = max(l[0] for l in ls)
            blocks.append([(abs(right - l[0]) < 1.5, l[0], l[1]) for l in ls])
    edges = collections.Counter(round(r) for b in blocks for full, r, w in b
                                if full and len(w) >= 4)
    column = edges.most_common(1)[0][0] if edges else None
    for b in blocks:
        for full, r, words in b:
            spaced = sum(len(w[4]) == 1 for w in words) * 2 > len(words)
            yield full and column is not None and abs(r - column) < 1.5 and not spaced, words


class Hyphens:
    """Hyphen-ended lines, and the runs of them in a row."""

    def __init__(self):
        self.lines = self.run = self.longest = self.over2 = 0

    def line(self, last_word):
        if re.search(r'\w[-\u2010\u00ad]$', last_word):
            self.lines += 1
            self.run += 1
            self.longest = max(self.longest, self.run)
            self.over2 += self.run == 3
        else:
            self.run = 0

    def figures(self, n):
        return {
            'hyphenated_per_100': 100.0 * self.lines / n,
            'longest_hyphen_run': self.longest,
            'hyphen_runs_over_2': self.over2,
        }


def measure(pdfs, space, height, show):
    ratios, chars, n, hy = [], [], 0, Hyphens()
    for pdf in pdfs:
        hy.run = 0
        for full, words in lines_of(pdf):
            if not full or len(words) < 4:
                hy.run = 0
                continue
            n += 1
            h = statistics.median(w[3] - w[1] for w in words)
            gaps = [b[0] - a[2] for a, b in zip(words, words[1:])]
            # The median gap: a justified line's spaces are alike but for
            # a few of other fonts (inline code's wider ones).
            ratio = statistics.median(gaps) * height / (space * h)
            ratios.append(ratio)
            chars.append(sum(len(w[4]) for w in words) + len(words) - 1)
            hy.line(words[-1][4])
            if show:
                print('%5.2f  %s' % (ratio, ' '.join(w[4] for w in words)))
    if not n:
        return None
    ratios.sort()
    return {
        'lines': n,
        'median': statistics.median(ratios),
        'p99': ratios[min(len(ratios) - 1, int(0.99 * len(ratios)))],
        'chars': statistics.mean(chars),
        **hy.figures(n),
    }


MONO_SPACE = 0.602  # em: DejaVu Sans Mono's space, the code font's


def blocks_of(pdf):
    """The lines of each block, each line its words, in reading order."""
    x = subprocess.run(['pdftotext', '-bbox-layout', pdf, '-'], capture_output=True, text=True,
                       check=True).stdout
    for block in re.finditer(r'<block[^>]*>(.*?)</block>', x, re.S):
        ls = [[(float(a), float(b), float(c), float(d), html.unescape(w))
               for a, b, c, d, w in WORD.findall(ln.group(5))]
              for ln in LINE.finditer(block.group(1))]
        if ls:
            yield ls


def measure_ragged(pdfs, space, height):
    """Ragged right: every line of a block but its last, with at least 4 words and in the body
    type (the word height most such lines of the file have: headings and code are left out),
    as a paragraph's last line ends where it ends: its characters, its width as a share of the
    column (the widest such line of the file), whether its word spaces are stretched past 1.05
    times the natural one (none should be: ragged lines are set at their natural width; a line
    whose spaces are mostly inline code's monospaced ones is not counted), and
    hyphens; a run of hyphens ends with its block."""
    chars, fills, stretched, n, hy = [], [], 0, 0, Hyphens()
    for pdf in pdfs:
        blocks = [[(statistics.median(w[3] - w[1] for w in ln), ln) for ln in b[:-1]
                   if len(ln) >= 4] for b in blocks_of(pdf)]
        sizes = collections.Counter(round(h, 1) for b in blocks for h, ln in b)
        if not sizes:
            continue
        body = sizes.most_common(1)[0][0]
        blocks = [[(h, ln) for h, ln in b if round(h, 1) == body] for b in blocks]
        lines = [ln for b in blocks for h, ln in b]
        if not lines:
            continue
        left = min(ln[0][0] for ln in lines)
        width = max(ln[-1][2] for ln in lines) - left
        for b in blocks:
            hy.run = 0
            for h, words in b:
                n += 1
                chars.append(sum(len(w[4]) for w in words) + len(words) - 1)
                fills.append((words[-1][2] - left) / width)
                gaps = [y[0] - x[2] for x, y in zip(words, words[1:])]
                ratio = statistics.median(gaps) * height / (space * h)
                # A line most of whose spaces are inline code's have DejaVu Sans Mono's
                # (0.602 em): not stretched.
                stretched += ratio > 1.05 and abs(ratio * space - MONO_SPACE) > 0.01
                hy.line(words[-1][4])
    if not n:
        return None
    fills.sort()
    return {
        'lines': n,
        'chars': statistics.mean(chars),
        'fill_median': statistics.median(fills),
        'fill_p5': fills[int(0.05 * len(fills))],
        'stretched': stretched,
        **hy.figures(n),
    }


def main():
    ap = argparse.ArgumentParser(usage=__doc__.split('\n\n')[1].strip())
    ap.add_argument('--space', type=float, default=0.318)
    ap.add_argument('--height', type=float, default=1.164)
    ap.add_argument('--lines', action='store_true')
    ap.add_argument('--json', action='store_true')
    ap.add_argument('--max-p99', type=float)
    ap.add_argument('--max-hyphen-run', type=int)
    ap.add_argument('--chars', type=float, nargs=2, metavar=('MIN', 'MAX'))
    ap.add_argument('--ragged', action='store_true')
    ap.add_argument('pdf', nargs='+')
    a = ap.parse_args()
    if a.ragged:
        r = measure_ragged(a.pdf, a.space, a.height)
        print(json.dumps(r) if a.json or r is None else
              'lines %d  chars/line %.1f  fill median %.2f p5 %.2f  stretched %d  '
              'hyphenated/100 %.1f  longest hyphen run %d'
              % (r['lines'], r['chars'], r['fill_median'], r['fill_p5'], r['stretched'],
                 r['hyphenated_per_100'], r['longest_hyphen_run']))
        return 0 if r else 1
    r = measure(a.pdf, a.space, a.height, a.lines)
    if r is None:
        print('no full lines')
        return 1
    if a.json:
        print(json.dumps(r))
    else:
        print('full lines %d  space ratio median %.2f p99 %.2f  chars/line %.1f  '
              'hyphenated/100 %.1f  longest hyphen run %d'
              % (r['lines'], r['median'], r['p99'], r['chars'], r['hyphenated_per_100'],
                 r['longest_hyphen_run']))
    bad = []
    if a.max_p99 is not None and r['p99'] > a.max_p99:
        bad.append('p99 space ratio %.2f > %.2f' % (r['p99'], a.max_p99))
    if a.max_hyphen_run is not None and r['longest_hyphen_run'] > a.max_hyphen_run:
        bad.append('%d hyphenated lines in a row > %d' % (r['longest_hyphen_run'],
                                                          a.max_hyphen_run))
    if a.chars and not a.chars[0] <= r['chars'] <= a.chars[1]:
        bad.append('%.1f characters a line, not within %g-%g' % (r['chars'], *a.chars))
    for b in bad:
        print('FAIL: %s: %s' % (' '.join(a.pdf), b), file=sys.stderr)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
