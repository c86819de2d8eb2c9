#!/usr/bin/env python3
"""Paragraph quality of the samples' and the seed's PDFs (issue 17), so that it cannot regress.

  pdf_check_paragraphs.py GALLEY SOURCE_DIR SHARED_DIR WORK_DIR

Converts every sample and the seed (SHARED_DIR/seed/article.md, when there) to A4 PDFs and
measures them with paragraphs.py, pooled:

- the English prose (the seed and the samples in English that are mostly running text):
  99th percentile word space at most 1.5 times the natural one on justified lines;
- all of them: at most 2.0 (Greek has no hyphenation dictionary installed, the Russian one
  finds few points in some words, inline code's wider spaces count as word gaps, and a
  line before a long URL's pieces is loose; 1.92 measured when set, 284 full lines);
- all of them: no run of more than two hyphenated lines, 60 to 75 characters a full line.
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
    pdfs, english = [], []
    for src in texts:
        pdf = os.path.join(work, os.path.basename(src).rsplit('.', 1)[0] + '.pdf')
        proc = subprocess.run([galley, src, '-t', 'pdf', '--paper', 'a4', '-o', pdf], env=env,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            fail('galley exited %d on %s: %s' % (proc.returncode, src, proc.stderr))
        pdfs.append(pdf)
        if src == seed or os.path.basename(src) in ENGLISH_PROSE:
            english.append(pdf)
    every = paragraphs.measure(pdfs, *DEJAVU, False)
    prose = paragraphs.measure(english, *DEJAVU, False)
    if not every or not prose:
        fail('no full lines measured')
    for name, r, p99 in (('English prose', prose, 1.5), ('every text', every, 2.0)):
        print('%s: %d full lines, word space median %.2f p99 %.2f, %.1f characters a line, '
              '%.1f hyphenated lines / 100, longest hyphen run %d'
              % (name, r['lines'], r['median'], r['p99'], r['chars'], r['hyphenated_per_100'],
                 r['longest_hyphen_run']))
        if r['p99'] > p99:
            fail('%s: word space p99 %.3f over %.1f times the natural one' % (name, r['p99'], p99))
        if r['longest_hyphen_run'] > 2:
            fail('%s: %d hyphenated lines in a row' % (name, r['longest_hyphen_run']))
        if not 60 <= r['chars'] <= 75:
            fail('%s: %.1f characters a full line, not 60 to 75' % (name, r['chars']))


if __name__ == '__main__':
    main()
