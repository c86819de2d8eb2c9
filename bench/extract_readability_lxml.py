#!/usr/bin/env python3
"""readability-lxml (Debian python3-readability) for bench/extract and docs/extraction.md.

  extract_readability_lxml.py PAGE...             in-process timing: per page, the
      median over RUNS of Document(html).summary(), one line per page: "<ms>";
  extract_readability_lxml.py --text DIR PAGE...  the text of each page's summary
      into DIR/<page name less .html>.txt, for the corpus scorers' --outputs (the
      page's bytes given as they are: readability-lxml reads their charset).
"""
import os, statistics, sys, time
from readability import Document

args = sys.argv[1:]
if args[:1] == ["--text"]:
    import lxml.html
    out = args[1]
    os.makedirs(out, exist_ok=True)
    for path in args[2:]:
        with open(path, "rb") as f:
            data = f.read()
        try:
            text = lxml.html.fromstring(Document(data).summary()).text_content()
        except Exception:  # a page it cannot read scores as a failure: no output
            continue
        name = os.path.basename(path)
        name = name[:-5] if name.endswith(".html") else name
        with open(os.path.join(out, name + ".txt"), "w", encoding="utf-8") as f:
            f.write(text)
    sys.exit(0)
runs = int(os.environ.get("RUNS", "5"))
for path in args:
    with open(path, encoding="utf-8", errors="replace") as f:
        html = f.read()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        Document(html).summary()
        times.append((time.perf_counter() - t0) * 1e3)
    print(f"{statistics.median(times):.3f}")
