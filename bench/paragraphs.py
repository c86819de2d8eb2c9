#!/usr/bin/env python3
"""Paragraph quality of galley's PDFs against another galley and pandoc + LaTeX (issue 17).

  bench/paragraphs.py --galley BUILD/galley [--before OLD/galley] [--latex]
                      [--corpus ../shared/corpus] [--pages 100] [--jobs 2] [--work DIR]
  bench/paragraphs.py --list [--corpus ../shared/corpus] [--pages 100]

The texts: every file in samples/, the seed (../shared/seed/article.md) when present, and
--pages real pages of the corpus's dev splits (every k-th of the pages of all its article sets,
by sorted path, so the same pages each run). Each text is converted to an A4 PDF by galley
(--galley, and --before, e.g. a build of main before a change), and with --latex by pandoc
with pdflatex from galley's own XHTML of it (the same text, title block included; pandoc's
default LaTeX: article class, 10 pt Latin Modern), where pdflatex can set it (its fonts have
no Greek, Cyrillic or CJK: those texts fail and are counted). Then tests/tools/paragraphs.py
measures each tool's PDFs, pooled per set of texts: full justified lines, median and 99th
percentile word space against the natural one, characters a line, hyphenated lines per 100,
the longest run of hyphenated lines and the runs of more than two. Latin Modern is measured
with its own space (0.333 em) and height (LATIN_MODERN, read off one of its lines).

--list prints the corpus pages chosen, one path a line relative to the corpus, and stops.

Prints one Markdown table. Not part of the tests; needs pandoc and texlive
(scripts/install-deps bench) for --latex.
"""
import argparse
import concurrent.futures
import gzip
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'tools'))
import paragraphs  # noqa: E402  (tests/tools/paragraphs.py)

DEJAVU = (0.318, 1.164)
# Latin Modern Roman's word space is 1/3 em; pdftotext's word boxes for it
# are 0.88 em tall (a 10 pt line of pandoc's output, LMRoman10, gives
# boxes 8.797 pt tall).
LATIN_MODERN = (0.333, 0.88)
SETS = ('aeb', 'readability', 'dragnet', 'l3s', 'cleanportal')


def corpus_pages(corpus, count):
    """Every k-th page of the article sets' dev splits, sorted by path."""
    pages = []
    for s in SETS:
        root = os.path.join(corpus, s, 'dev')
        for d, _, files in os.walk(root):
            for f in files:
                if f.endswith('.html.gz') or f == 'source.html' or (
                        s != 'readability' and f.endswith('.html')):
                    pages.append(os.path.join(d, f))
    pages.sort()
    if not pages or count <= 0:
        return []
    step = max(1, len(pages) // count)
    return pages[::step][:count]


def unpack(page, corpus, work):
    """A plain .html copy of a corpus page, named after its path in the corpus."""
    rel = os.path.relpath(page, corpus)
    name = rel.replace(os.sep, '_').replace('.gz', '')
    if not name.endswith('.html'):
        name += '.html'
    out = os.path.join(work, 'in', name)
    opener = gzip.open if page.endswith('.gz') else open
    with opener(page, 'rb') as f, open(out, 'wb') as g:
        shutil.copyfileobj(f, g)
    return out


def run(cmd, env, timeout=180):
    try:
        return subprocess.run(cmd, env=env, capture_output=True, timeout=timeout).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def convert(job):
    """Makes one PDF; returns its path, or None when the tool failed."""
    tool, exe, src, out, env = job
    if tool != 'latex':
        return out if run([exe, src, '-t', 'pdf', '-o', out], env) else None
    xhtml = out[:-4] + '.xhtml'
    if not run([exe, src, '-t', 'xhtml', '-o', xhtml], env):
        return None
    tex_env = dict(env, TEXMFVAR=os.path.join(os.path.dirname(out), '.texmf'))
    ok = run(['pandoc', xhtml, '-f', 'html', '-o', out, '--pdf-engine=pdflatex'], tex_env)
    return out if ok and os.path.exists(out) else None


def main():
    ap = argparse.ArgumentParser(usage=__doc__.split('\n\n')[1].strip())
    ap.add_argument('--galley')
    ap.add_argument('--list', action='store_true')
    ap.add_argument('--before')
    ap.add_argument('--latex', action='store_true')
    ap.add_argument('--corpus', default=os.path.join(ROOT, '..', 'shared', 'corpus'))
    ap.add_argument('--pages', type=int, default=100)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--work')
    a = ap.parse_args()
    if a.list:
        for p in corpus_pages(a.corpus, a.pages):
            print(os.path.relpath(p, a.corpus))
        return 0
    if not a.galley:
        ap.error('--galley is required')
    work = a.work or tempfile.mkdtemp(prefix='galley-paragraphs-')
    os.makedirs(os.path.join(work, 'in'), exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH='1700000000',
               XDG_CACHE_HOME=os.path.join(work, 'cache'))

    samples = sorted(os.path.join(ROOT, 'samples', f) for f in os.listdir(
        os.path.join(ROOT, 'samples')) if f.endswith(('.md', '.html')))
    seed = os.path.join(ROOT, '..', 'shared', 'seed', 'article.md')
    if os.path.exists(seed):
        samples.append(seed)
    sets = {'samples and seed': samples,
            'corpus pages': [unpack(p, a.corpus, work) for p in corpus_pages(a.corpus, a.pages)]}
    tools = [('galley', os.path.abspath(a.galley))]
    if a.before:
        tools.insert(0, ('galley before', os.path.abspath(a.before)))
    if a.latex:
        tools.append(('latex', os.path.abspath(a.galley)))

    jobs = []
    for set_name, texts in sets.items():
        for tool, exe in tools:
            folder = os.path.join(work, tool.replace(' ', '-'), set_name.split()[0])
            os.makedirs(folder, exist_ok=True)
            for i, src in enumerate(texts):
                base = '%03d-%s.pdf' % (i, os.path.basename(src).rsplit('.', 1)[0])
                jobs.append((set_name, tool, (tool.split()[0], exe, src,
                                              os.path.join(folder, base), env)))
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        made = list(pool.map(convert, [j[2] for j in jobs]))

    print('| texts | tool | PDFs | full lines | space median | space p99 | characters a line '
          '| hyphenated lines / 100 | longest hyphen run | runs of 3+ |')
    print('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
    for set_name, texts in sets.items():
        for tool, _ in tools:
            pdfs = [m for (s, t, _), m in zip(jobs, made) if s == set_name and t == tool and m]
            space, height = LATIN_MODERN if tool == 'latex' else DEJAVU
            r = paragraphs.measure(pdfs, space, height, False) if pdfs else None
            label = 'pandoc + pdflatex' if tool == 'latex' else tool
            if not r:
                print('| %s | %s | %d of %d | 0 | | | | | | |' % (set_name, label, len(pdfs),
                                                                len(texts)))
                continue
            print('| %s | %s | %d of %d | %d | %.2f | %.2f | %.1f | %.1f | %d | %d |' %
                  (set_name, label, len(pdfs), len(texts), r['lines'], r['median'], r['p99'],
                   r['chars'], r['hyphenated_per_100'], r['longest_hyphen_run'],
                   r['hyphen_runs_over_2']))
    if not a.work:
        shutil.rmtree(work)
    return 0


if __name__ == '__main__':
    sys.exit(main())
