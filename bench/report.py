#!/usr/bin/env python3
"""Prints bench/run's results: mean ms per run, ratios to galley, PDF sizes.

Reads the hyperfine exports <input>.direct.json and <input>.piped.json in the results folder given as the
only argument, and the PDFs <input>.{galley,weasyprint,wkhtmltopdf,pdflatex}.pdf
beside them (pdflatex only when it was installed). Python 3 standard library only.
"""
import glob
import json
import os
import sys

# (task, galley's command, the commands it is compared with)
TASKS = (
    ("Markdown -> text", "galley-text", ("pandoc-plain",)),
    ("Markdown -> HTML", "galley-xhtml", ("pandoc-html",)),
    ("Markdown -> PDF", "galley-pdf", ("pandoc+weasyprint", "pandoc --pdf-engine=weasyprint",
                                       "pandoc+wkhtmltopdf", "pandoc+pdflatex")),
)
PDF_MAKERS = ("galley", "weasyprint", "wkhtmltopdf", "pdflatex")


def main():
    folder = sys.argv[1]
    rows, sizes = [], []
    for path in sorted(glob.glob(os.path.join(folder, "*.direct.json"))):
        name = os.path.basename(path)[:-len(".direct.json")]
        results = {}
        for part in (path, path.replace(".direct.json", ".piped.json")):
            with open(part, encoding="utf-8") as f:
                results.update({r["command"]: r for r in json.load(f)["results"]})
        ms = {cmd: r["mean"] * 1000 for cmd, r in results.items()}
        sd = {cmd: (r.get("stddev") or 0) * 1000 for cmd, r in results.items()}
        for task, ours, others in TASKS:
            for other in (o for o in others if o in ms):
                rows.append((name, task, f"{ms[ours]:.1f} ± {sd[ours]:.1f}", other,
                             f"{ms[other]:.1f} ± {sd[other]:.1f}", f"{ms[other] / ms[ours]:.1f}x"))
        rows.append((name, "Markdown -> EPUB", f"{ms['galley-epub']:.1f} ± {sd['galley-epub']:.1f}",
                     "(pandoc: bench/epub)", "-", "-"))
        rows.append((name, "start-up floor", f"{ms['startup']:.1f} ± {sd['startup']:.1f}",
                     "galley-text", f"{ms['galley-text']:.1f}",
                     f"{ms['galley-text'] / ms['startup']:.1f}x"))
        rows.append((name, "start-up, all libs", f"{ms['startup-all']:.1f} ± {sd['startup-all']:.1f}",
                     "galley-pdf", f"{ms['galley-pdf']:.1f}",
                     f"{ms['galley-pdf'] / ms['startup-all']:.1f}x"))
        sizes.append([name] + [pdf_size(folder, name, maker) for maker in PDF_MAKERS])

    print("Mean wall time per run in milliseconds (± standard deviation); ratio = other / galley")
    print("(start-up floor: galley -t text / a program linked with the libraries that run maps,")
    print(" which only starts; all libs: galley -t pdf / one linked with all of galley's).\n")
    table(("input", "task", "galley ms", "compared with", "its ms", "ratio"), rows)
    print("\nPDF sizes in bytes\n")
    table(("input",) + PDF_MAKERS, sizes)


def pdf_size(folder, name, maker):
    path = os.path.join(folder, f"{name}.{maker}.pdf")
    return str(os.path.getsize(path)) if os.path.exists(path) else "-"


def table(head, rows):
    widths = [max(len(str(r[i])) for r in (head,) + tuple(rows)) for i in range(len(head))]
    line = lambda r: "  ".join(str(c).rjust(w) if i >= 2 else str(c).ljust(w)
                               for i, (c, w) in enumerate(zip(r, widths)))
    print(line(head))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


if __name__ == "__main__":
    main()
