#!/usr/bin/env python3
"""Page breaks in galley's PDF (issue 5): no widows or orphans, headings kept
with what follows, table rows never cut, the header row repeated.

  pdf_check_flow.py GALLEY WORK_DIR

Writes an article of numbered paragraphs (each from "bN" to "eN"), headings
("hN") and a long table (row N: "rN" first, "zN" last) into WORK_DIR, converts
it on A6 paper, and reads the lines of each page back with pdftotext
-bbox-layout. Every paragraph split by a page keeps at least two lines on
each side; a heading is never a page's last line and has two lines under it;
each row's first and last words are on one page; every page the table
continues on starts with the header row. Python 3 standard library only.
"""
import os
import re
import subprocess
import sys

FILLER = ("reading long articles on small screens needs careful breaking of lines and pages "
          "so that nothing is left alone").split()


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def article():
    out = ["---", "title: Flow", "---", ""]
    for i in range(1, 61):
        if i % 6 == 1:
            out += ["## h%d section" % i, ""]
        n = 4 + (i * 13) % 70
        words = ["b%d" % i] + [FILLER[(i + k) % len(FILLER)] for k in range(n)] + ["e%d" % i]
        out += [" ".join(words), ""]
    out += ["| Num | City | Note |", "| --- | --- | --- |"]
    for i in range(1, 41):
        note = " ".join(FILLER[: (i * 7) % 19 + 1])
        out.append("| r%d | City %d | %s z%d |" % (i, i, note, i))
    out += ["", "The end.", ""]
    return "\n".join(out)


def pages(pdf):
    html = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True,
                          capture_output=True, text=True).stdout
    result = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", html, re.S):
        lines = []
        for line in re.findall(r"<line [^>]*>(.*?)</line>", page, re.S):
            words = re.findall(r"<word [^>]*>(.*?)</word>", line, re.S)
            lines.append(words)
        if lines and len(lines[-1]) == 1 and lines[-1][0].isdigit():
            lines.pop()  # the page number
        result.append(lines)
    return result


def main():
    galley, work = sys.argv[1:3]
    os.makedirs(work, exist_ok=True)
    src, pdf = os.path.join(work, "flow.md"), os.path.join(work, "flow.pdf")
    with open(src, "w", encoding="utf-8") as f:
        f.write(article())
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", XDG_CACHE_HOME=work)
    subprocess.run([galley, src, "--paper", "a6", "-o", pdf], check=True, env=env)
    doc = pages(pdf)
    if len(doc) < 8:
        fail("expected the article to take many A6 pages, got %d" % len(doc))

    # Paragraph lines per page.
    counts, current = {}, None
    for p, lines in enumerate(doc):
        for words in lines:
            for w in words:
                m = re.fullmatch(r"b(\d+)", w)
                if m:
                    current = int(m.group(1))
            if current is not None:
                counts.setdefault(current, {}).setdefault(p, 0)
                counts[current][p] += 1
            if current is not None and "e%d" % current in words:
                current = None
    splits = 0
    for para, per_page in counts.items():
        if len(per_page) > 1:
            splits += 1
            for p, n in per_page.items():
                if n < 2:
                    fail("paragraph %d leaves %d line on page %d: %s" % (para, n, p + 1,
                                                                         per_page))
    if splits < 3:
        fail("only %d paragraphs cross a page: the check proves little" % splits)

    # Headings.
    for p, lines in enumerate(doc):
        for k, words in enumerate(lines):
            if words and re.fullmatch(r"h\d+", words[0]):
                if len(lines) - k - 1 < 2:
                    fail("heading %s has %d lines under it on page %d" %
                         (words[0], len(lines) - k - 1, p + 1))

    # Table rows and header.
    where = {}
    for p, lines in enumerate(doc):
        for words in lines:
            for w in words:
                m = re.fullmatch(r"([rz])(\d+)", w)
                if m:
                    where.setdefault(int(m.group(2)), {})[m.group(1)] = p
    if sorted(where) != list(range(1, 41)):
        fail("table rows missing: %s" % sorted(where))
    for row, at in where.items():
        if at.get("r") != at.get("z"):
            fail("row %d is cut: it starts on page %s and ends on page %s" %
                 (row, at.get("r", 0) + 1, at.get("z", 0) + 1))
    table_pages = sorted({at["r"] for at in where.values()})
    for p in table_pages[1:]:
        # pdftotext may give each column of a row as a line of its own.
        top = [w for words in doc[p][:3] for w in words]
        if top[:1] != ["Num"] or "City" not in top or "Note" not in top or \
                any(re.fullmatch(r"r\d+", w) for w in top[:top.index("Note")]):
            fail("page %d of the table does not start with its header row: %s" % (p + 1, top))
    if len(table_pages) < 2:
        fail("the table fits one page: the check proves little")
    print("flow: %d paragraphs cross pages, none leaves a line alone; the table spans %d pages, "
          "its header on each, no row cut" % (splits, len(table_pages)))


if __name__ == "__main__":
    main()
