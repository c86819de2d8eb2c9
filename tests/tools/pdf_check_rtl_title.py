#!/usr/bin/env python3
"""The title block of a right-to-left document reads from the right (issue 17).

  pdf_check_rtl_title.py GALLEY SOURCE_DIR WORK_DIR

Writes an Arabic article whose byline and site are in Latin letters, converts it to an A4 PDF
and reads the words' boxes back with pdftotext -bbox: the title, the byline and the
"date · site" line each end at the text column's right edge, and on that line the site stands
left of the Arabic date (right-to-left order). The same article declared English keeps its
byline on the left. The Arabic and Hebrew samples' title blocks end at the right edge too.
Python 3 standard library only.
"""
import html
import os
import re
import subprocess
import sys

RIGHT = 501.36  # A4's text column (pdf_check_layout.sh)
SLACK = 0.5
ARTICLE = """---
title: مكتبة الحي الصغيرة
author: Leila Haddad
date: 2024-05-02
site: Example Press
lang: {lang}
---

يأتي القراء الأوائل صباحا، ومعهم أكواب القهوة. يرتب صاحب المكتبة الرفوف.
"""


def fail(msg):
    print('FAIL: ' + msg, file=sys.stderr)
    sys.exit(1)


def lines(galley, src, pdf, env):
    """The first page's words, grouped into lines by their top: [(y, [(x0, x1, word)])]."""
    subprocess.run([galley, src, '-t', 'pdf', '--paper', 'a4', '-o', pdf], check=True, env=env)
    out = subprocess.run(['pdftotext', '-bbox', '-f', '1', '-l', '1', pdf, '-'], check=True,
                         capture_output=True, text=True).stdout
    rows = []  # a word joins the line whose middle is within 4 pt of its own (fonts differ)
    for x0, y0, x1, y1, w in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                                        r'xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', out):
        mid = (float(y0) + float(y1)) / 2
        row = next((r for r in rows if abs(r[0] - mid) < 4), None)
        if row is None:
            row = (mid, [])
            rows.append(row)
        row[1].append((float(x0), float(x1), html.unescape(w)))
    return sorted(rows)


def ends_right(row, what):
    right = max(x1 for _, x1, _ in row)
    if abs(right - RIGHT) > SLACK:
        fail('%s ends at %.2f, not at the right edge %.2f: %s'
             % (what, right, RIGHT, ' '.join(w for _, _, w in row)))


def find(rows, word):
    for _, row in rows:
        if any(w == word for _, _, w in row):
            return row
    fail('no line holds %r' % word)


def main():
    galley, source, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH='1700000000', XDG_CACHE_HOME=work)
    for lang in ('ar', 'en'):
        src = os.path.join(work, 'rtl-title-%s.md' % lang)
        with open(src, 'w', encoding='utf-8') as f:
            f.write(ARTICLE.format(lang=lang))
        rows = lines(galley, src, os.path.join(work, 'rtl-title-%s.pdf' % lang), env)
        byline = find(rows, 'Leila')
        if lang == 'en':
            if min(x0 for x0, _, _ in byline) > 100:
                fail('an English document\'s byline moved off the left edge')
            continue
        ends_right(rows[0][1], 'the title')
        ends_right(byline, 'the Latin byline')
        meta = find(rows, 'Example')
        ends_right(meta, 'the date and site line')
        site = max(x1 for x0, x1, w in meta if w in ('Example', 'Press'))
        date = min(x0 for x0, x1, w in meta if re.search(r'[\u0600-\u06ff]', w))
        if site >= date:
            fail('the site is not left of the date in a right-to-left line: %s' % meta)
    for name in ('arabic.md', 'hebrew.md'):
        rows = lines(galley, os.path.join(source, 'samples', name),
                     os.path.join(work, name + '.pdf'), env)
        for k in range(3):  # title, byline, date
            ends_right(rows[k][1], '%s: title block line %d' % (name, k + 1))
    print('rtl title: title, byline and date-site lines end at the right edge, site left of '
          'the date; left to right unchanged')


if __name__ == '__main__':
    main()
