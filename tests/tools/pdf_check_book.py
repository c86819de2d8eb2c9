#!/usr/bin/env python3
"""A book of two chapters whose footnotes share a label (--combine), as text
and as PDF: each chapter's blocks are moved into the book (gl_node_graft),
its notes relabelled per chapter, the chapters sorted by date. And a PDF
book of chapters of many lengths, whose contents page gives each chapter's
page (issue 18 item 6) after dot leaders, the numbers right-aligned as in a
printed book: pdftotext finds each title's head on that page.

  pdf_check_book.py GALLEY DATA EXPECT OUT"""
import os
import re
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
    contents_pages(galley, out)
    print("ok")


def page_text(pdf, page):
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), pdf, "-"],
                          check=True, capture_output=True, text=True).stdout


def contents_pages(galley, out):
    """Chapters of 1 to 40 paragraphs (the longest past 99 pages is not
    needed: 4 passes settle one more digit): the contents row 'Title ... N'
    of each names the page whose text has the title alone on a line."""
    folder = os.path.join(out, "long")
    os.makedirs(folder, exist_ok=True)
    sizes = [3, 40, 1, 25, 9, 60, 2]
    for i, n in enumerate(sizes):
        with open(os.path.join(folder, "c%d.md" % i), "w", encoding="utf-8") as f:
            f.write("---\ntitle: Part %d of the book\ndate: 2024-01-%02d\n---\n\n" % (i, i + 1))
            for k in range(n):
                f.write("Paragraph %d of part %d, long enough to fill a line or two of the "
                        "page, so that parts take pages of their own, more or less.\n\n" % (k, i))
    pdf = os.path.join(out, "long.pdf")
    subprocess.run([galley, "--combine", folder, "-o", pdf], check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout).group(1))
    # A book's contents: "Title . . . . . N", dot leaders from the title to
    # its page number, the numbers right-aligned in one column.
    first = page_text(pdf, 1)
    rows = re.findall(r"^\s*(Part \d of the book) ((?:\. ?){5,})\s*(\d+)\s*$", first, re.M)
    listed = {title: n for title, _, n in rows}
    if len(listed) != len(sizes):
        sys.exit(f"FAIL: {pdf}: the contents page lists {listed}, not {len(sizes)} parts with "
                 f"leader dots and pages:\n{first}")
    if len({len(line.rstrip()) for line in first.splitlines() if re.search(r"\. +\d+$", line)}) != 1:
        sys.exit(f"FAIL: {pdf}: the page numbers are not right-aligned:\n{first}")
    if "Chapter" in first or "Page" in first:
        sys.exit(f"FAIL: {pdf}: a book's contents has no header row:\n{first}")
    heads = {}
    for p in range(1, pages + 1):
        for line in page_text(pdf, p).splitlines():
            if re.fullmatch(r"\s*Part \d of the book\s*", line):
                heads.setdefault(line.strip(), p)
    got = {t: int(n) for t, n in listed.items()}
    if got != heads or max(got.values()) < 5:
        sys.exit(f"FAIL: {pdf}: the contents page says {got}, the heads are on {heads}")


if __name__ == "__main__":
    main()
