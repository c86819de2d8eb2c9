#!/usr/bin/env python3
"""langid_eval.py TSV : accuracy and coverage of language detection by threshold.

TSV is bench/langid's output (declared, guess, gap, letters, file a line).
For each least gap, prints how many pages get an answer and how many of
those agree with the page's declared language (primary subtags compared;
no, nb and nn count as one, as do sh, sr, hr and bs)."""
import sys

ALIKE = [{'no', 'nb', 'nn'}, {'sh', 'sr', 'hr', 'bs'}]


def primary(tag):
    return tag.replace('_', '-').split('-')[0].lower()


def agree(a, b):
    a, b = primary(a), primary(b)
    return a == b or any(a in s and b in s for s in ALIKE)


rows = [line.rstrip('\n').split('\t') for line in open(sys.argv[1], encoding='utf-8')]
print('least gap  answered        agreeing')
for th in (0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1):
    given = [(d, g) for d, g, gap, _, _ in rows if g != '-' and float(gap) >= th]
    right = sum(agree(d, g) for d, g in given)
    print('%-9g  %4d (%5.1f%%)  %4d (%5.1f%%)' % (th, len(given), 100 * len(given) / len(rows),
                                                right, 100 * right / max(len(given), 1)))
