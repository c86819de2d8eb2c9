#!/usr/bin/env python3
"""Paragraph quality of the samples' and the seed's PDFs (issue 17), so that it cannot regress.

  pdf_check_paragraphs.py GALLEY SOURCE_DIR SHARED_DIR WORK_DIR

Converts every sample and the seed (SHARED_DIR/seed/article.md, when there) to A4 PDFs and
with --preset ereader, and measures them with paragraphs.py, pooled:

- A4, the English prose (the seed and the samples in English that are mostly running text) and
  every text: 99th percentile word space at most 1.5 times the natural one on justified lines
  (a paragraph that could be justified only looser is set ragged right, and its lines are not
  full ones); 60 to 75 characters a full line;
- --preset ereader, every text, set ragged right (hyphenated): no line's word spaces stretched
  (no paragraph justified), 38 to 48 characters a line (its 10 pt type holds about 42), the
  shortest lines (5th percentile) at least 70% of the column;
- --preset ereader --justify, every text: justified as on A4 (1.5), 38 to 48 characters a
  full line;
- all of them: no run of more than two hyphenated lines.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import paragraphs  # noqa: E402

ENGLISH_PROSE = ('frontmatter.md', 'hostile.html', 'news.html', 'saved-web-article.md',
                 'structures.md', 'undeclared-utf8.html')
DEJAVU = (0.318, 1.164)


def fail(msg):
    print('FAIL: ' + msg, file=sys.stderr)
    sys.exit(1)


def main():
    galley, source, shared, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    samples = os.path.join(source, 'samples')
    texts = sorted(os.path.join(samples, f) for f in os.listdir(samples)
                   if f.endswith(('.md', '.html')))
    seed = os.path.join(shared, 'seed', 'article.md')
    if os.path.exists(seed):
        texts.append(seed)
    env = dict(os.environ, SOURCE_DATE_EPOCH='1700000000',
               XDG_CACHE_HOME=os.path.join(work, 'cache'))
    pdfs, english, ereader, justified = [], [], [], []
    for src in texts:
        base = os.path.join(work, os.path.basename(src).rsplit('.', 1)[0])
        for opts, pdf, into in ((['--paper', 'a4'], base + '.pdf', pdfs),
                                (['--preset', 'ereader'], base + '-ereader.pdf', ereader),
                                (['--preset', 'ereader', '--justify'], base + '-ereader-j.pdf',
                                 justified)):
            proc = subprocess.run([galley, src, '-t', 'pdf'] + opts + ['-o', pdf], env=env,
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                fail('galley exited %d on %s: %s' % (proc.returncode, src, proc.stderr))
            into.append(pdf)
        if src == seed or os.path.basename(src) in ENGLISH_PROSE:
            english.append(base + '.pdf')
    every = paragraphs.measure(pdfs, *DEJAVU, False)
    prose = paragraphs.measure(english, *DEJAVU, False)
    small = paragraphs.measure(justified, *DEJAVU, False)
    ragged = paragraphs.measure_ragged(ereader, *DEJAVU)
    if not every or not prose or not small or not ragged:
        fail('no full lines measured')
    print('every text, --preset ereader (ragged): %d lines, %.1f characters a line, width '
          'median %.2f p5 %.2f of the column, %d stretched, %.1f hyphenated lines / 100, longest '
          'hyphen run %d' % (ragged['lines'], ragged['chars'], ragged['fill_median'],
                             ragged['fill_p5'], ragged['stretched'], ragged['hyphenated_per_100'],
                             ragged['longest_hyphen_run']))
    if ragged['stretched']:
        fail('--preset ereader: %d lines with stretched word spaces: not ragged throughout'
             % ragged['stretched'])
    if not 38 <= ragged['chars'] <= 48:
        fail('--preset ereader: %.1f characters a line, not 38 to 48' % ragged['chars'])
    if ragged['fill_p5'] < 0.7:
        fail('--preset ereader: the shortest lines fill %.2f of the column' % ragged['fill_p5'])
    if ragged['longest_hyphen_run'] > 2:
        fail('--preset ereader: %d hyphenated lines in a row' % ragged['longest_hyphen_run'])
    for name, r, p99, chars in (('English prose', prose, 1.5, (60, 75)),
                                ('every text', every, 1.5, (60, 75)),
                                ('every text, --preset ereader --justify', small, 1.5, (38, 48))):
        print('%s: %d full lines, word space median %.2f p99 %.2f, %.1f characters a line, '
              '%.1f hyphenated lines / 100, longest hyphen run %d'
              % (name, r['lines'], r['median'], r['p99'], r['chars'], r['hyphenated_per_100'],
                 r['longest_hyphen_run']))
        if r['p99'] > p99:
            fail('%s: word space p99 %.3f over %.1f times the natural one' % (name, r['p99'], p99))
        if r['longest_hyphen_run'] > 2:
            fail('%s: %d hyphenated lines in a row' % (name, r['longest_hyphen_run']))
        if not chars[0] <= r['chars'] <= chars[1]:
            fail('%s: %.1f characters a full line, not %d to %d' % ((name, r['chars']) + chars))

if __name__ == '__main__':
    main()
