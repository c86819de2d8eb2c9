#!/usr/bin/env python3
"""In-process timing of readability-lxml (Debian python3-readability), for
bench/extract: per page, the median over RUNS of Document(html).summary().
Prints one line per page: "<ms>"."""
import os, statistics, sys, time
from readability import Document

runs = int(os.environ.get("RUNS", "5"))
for path in sys.argv[1:]:
    with open(path, encoding="utf-8", errors="replace") as f:
        html = f.read()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        Document(html).summary()
        times.append((time.perf_counter() - t0) * 1e3)
    print(f"{statistics.median(times):.3f}")
