#!/usr/bin/env python3
"""A book of two chapters whose footnotes share a label (--combine), as text
and as PDF: each chapter's blocks are moved into the book (gl_node_graft),
its notes relabelled per chapter, the chapters sorted by date.

  pdf_check_book.py GALLEY DATA EXPECT OUT"""
import os
import subprocess
import sys


def main():
    galley, data, expect, out = sys.argv[1:5]
    os.makedirs(out, exist_ok=True)
    inputs = [os.path.join(data, "one.md"), os.path.join(data, "two.md")]
    text = os.path.join(out, "book.txt")
    pdf = os.path.join(out, "book.pdf")
    for target, fmt in ((text, "text"), (pdf, "pdf")):
        subprocess.run([galley, "--combine", *inputs, "-t", fmt, "-o", target], check=True)
    with open(text, encoding="utf-8") as f, open(expect, encoding="utf-8") as g:
        got, want = f.read(), g.read()
    if got != want:
        sys.exit(f"FAIL: {text} differs from {expect}:\n{got}")
    words = subprocess.run(["pdftotext", pdf, "-"], check=True, capture_output=True,
                           text=True).stdout
    order = [words.find(w) for w in ("Contents", "Beta", "Alpha", "Note of two", "Note of one")]
    if -1 in order or order != sorted(order):
        sys.exit(f"FAIL: {pdf}: chapters or notes missing or out of order:\n{words}")
    print("ok")


if __name__ == "__main__":
    main()
