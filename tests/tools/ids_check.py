#!/usr/bin/env python3
"""One heading id rule for every input and output (issue 15): the same
heading, written in Markdown and in HTML, gets the same id, and a link to
that id works, in XHTML (the id attribute), EPUB (the chapter's id, and
epubcheck-valid NCName) and PDF (the link is a GoTo jump: a link to an id
no heading has makes no link).

  ids_check.py GALLEY WORK_DIR

Python 3 standard library, qpdf and unzip's zipfile (stdlib).
"""
import json
import os
import re
import subprocess
import sys
import zipfile

HEADING = "Foo_bar & Baz: 2014's"
ID = "foo_bar-baz-2014s"
BODY = "A paragraph of text, long enough to read as an article's text. " * 6


def main():
    galley, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    md = os.path.join(work, "ids.md")
    html = os.path.join(work, "ids.html")
    with open(md, "w", encoding="utf-8") as f:
        f.write(f"# Title\n\n{BODY}\n\n## {HEADING}\n\n{BODY}\n\nSee [the part](#{ID}).\n")
    with open(html, "w", encoding="utf-8") as f:
        f.write(f"<!doctype html><html><head><title>Title</title></head><body><article>"
                f"<h1>Title</h1><p>{BODY}</p><h2>{HEADING.replace('&', '&amp;')}</h2>"
                f"<p>{BODY}</p><p>See <a href=\"#{ID}\">the part</a>.</p></article></body></html>\n")
    fails = 0

    def check(ok, what):
        nonlocal fails
        print(("ok   - " if ok else "FAIL - ") + what)
        fails += 0 if ok else 1

    for src in (md, html):
        name = os.path.basename(src)
        out = {}
        for fmt in ("xhtml", "epub", "pdf"):
            out[fmt] = os.path.join(work, f"{name}.{fmt}")
            r = subprocess.run([galley, src, "-t", fmt, "-o", out[fmt]], capture_output=True)
            check(r.returncode == 0, f"{name} to {fmt}: exit {r.returncode} {r.stderr[-300:]!r}")
        with open(out["xhtml"], encoding="utf-8") as f:
            x = f.read()
        check(f'<h2 id="{ID}">' in x, f"{name}: XHTML heading id is {ID}")
        check(f'href="#{ID}"' in x, f"{name}: XHTML link to #{ID} kept")
        with zipfile.ZipFile(out["epub"]) as z:
            chapters = [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml")]
        check(any(f'id="{ID}"' in c for c in chapters), f"{name}: EPUB heading id is {ID}")
        check(any(f'href="#{ID}"' in c for c in chapters), f"{name}: EPUB link to #{ID} kept")
        j = json.loads(subprocess.run(["qpdf", "--json", out["pdf"]], capture_output=True,
                                      text=True, check=True).stdout)
        objs = [o.get("value") for o in j["qpdf"][1].values() if isinstance(o, dict)]
        links = [o for o in objs
                 if isinstance(o, dict) and o.get("/Subtype") == "/Link" and "/Dest" in o]
        check(len(links) == 1, f"{name}: PDF link to #{ID} jumps to the heading "
                               f"({len(links)} GoTo links)")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
