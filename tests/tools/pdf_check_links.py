#!/usr/bin/env python3
"""Navigation in galley's PDF (issue 5): jumps inside the document, page
labels, the catalog's /Lang, the outline.

  pdf_check_links.py GALLEY WORK_DIR

Writes an article (lang fr-CA) whose first paragraph links to "#second-part"
(a heading two pages on) and to "#no-such-heading", with two footnotes, and
converts it on A6 paper. Through qpdf --json: the first link is a GoTo
(/Dest) to the page holding that heading, at its top (pdftotext -bbox gives
where the heading is drawn); the missing id makes no link; each footnote
reference jumps to its note and each note's number back to its reference;
the catalog has /Lang (fr-CA) and /PageLabels; the outline lists both
headings. Python 3 standard library only.
"""
import json
import os
import re
import subprocess
import sys

FILLER = " ".join(["Plain words fill the page so that the parts fall on pages of their own."] * 20)


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def main():
    galley, work = sys.argv[1:3]
    os.makedirs(work, exist_ok=True)
    src, pdf = os.path.join(work, "links.md"), os.path.join(work, "links.pdf")
    with open(src, "w", encoding="utf-8") as f:
        f.write("---\ntitle: Links inside\nlang: fr-CA\n---\n\n"
                "Jump to [the second part](#second-part) or to [nowhere](#no-such-heading). "
                "A claim with a note.[^one]\n\n## First part\n\n%s\n\n## Second part\n\n"
                "Here is the second part, and another claim.[^two]\n\n%s\n\n"
                "[^one]: The first note.\n[^two]: The second note.\n" % (FILLER, FILLER))
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", XDG_CACHE_HOME=work)
    subprocess.run([galley, src, "--paper", "a6", "-o", pdf], check=True, env=env)
    data = json.loads(subprocess.run(["qpdf", "--json", pdf], check=True,
                                     capture_output=True).stdout)
    objs = data["qpdf"][1]
    value = lambda ref: objs["obj:" + ref]["value"]
    pages = [p["object"] for p in data["pages"]]
    if len(pages) < 3:
        fail("expected at least 3 A6 pages, got %d" % len(pages))

    # Where pdftotext sees each word, by page (1-based) and top in PDF units.
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True, capture_output=True,
                          text=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', html).group(1))
    words = []
    for n, page in enumerate(re.findall(r"<page [^>]*>(.*?)</page>", html, re.S)):
        for y0, y1, w in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
                                    r'yMax="([\d.]+)">(.*?)</word>', page):
            words.append((n, height - float(y0), height - float(y1), w))

    def find(word, after=-1):
        for n, top, bottom, w in words:
            if w == word and n > after:
                return n, top, bottom
        fail("no word %r in the PDF's text" % word)

    on_page = {}
    for i, p in enumerate(pages):
        annots = value(p).get("/Annots", [])
        for a in value(annots) if isinstance(annots, str) else annots:
            on_page[a] = i
    links = []
    for ref, obj in objs.items():
        v = obj.get("value")
        if isinstance(v, dict) and v.get("/Subtype") == "/Link":
            dest = v.get("/Dest")
            if isinstance(dest, str):
                dest = value(dest)
            links.append((on_page[ref[4:]], v["/Rect"], dest))
    jumps = [(p, r, d) for p, r, d in links if d]
    if len(jumps) != 5:
        fail("expected 5 jumps (1 heading, 2 notes, 2 back), got %d: %s" % (len(jumps), jumps))

    def target(dest):
        return pages.index(dest[0]), dest[2]

    n2, top2, _ = find("Second", after=0)
    heading = [(p, d) for p, r, d in jumps if p == 0 and r[0] < 100]
    if not heading:
        fail("no jump from the first line of page 1")
    page, top = target(heading[0][1])
    if page != n2 or abs(top - top2) > 6:
        fail("the jump to #second-part goes to page %d at %.1f; the heading is on page %d "
             "at %.1f" % (page + 1, top, n2 + 1, top2))
    note_page, _, _ = find("first", after=0)
    back = [(p, target(d)) for p, r, d in jumps]
    if not any(p == 0 and t[0] == note_page for p, t in back):
        fail("reference [1] does not jump to its note on page %d: %s" % (note_page + 1, back))
    if not any(p == note_page and t[0] == 0 for p, t in back):
        fail("note [1] does not jump back to page 1: %s" % back)

    catalog = next(o["value"] for o in objs.values()
                   if isinstance(o.get("value"), dict) and o["value"].get("/Type") == "/Catalog")
    if catalog.get("/Lang") != "u:fr-CA":
        fail("the catalog's /Lang is %r" % catalog.get("/Lang"))
    if not data.get("pagelabels"):
        fail("no page labels")
    titles = [o["title"] for o in data["outlines"]]
    if titles != ["First part", "Second part"]:
        fail("the outline is %s" % titles)
    print("links: a jump to a heading, notes and back, /Lang, page labels, outline")


if __name__ == "__main__":
    main()
