#!/usr/bin/env python3
"""Checks of galley's HTML writer (-t html) with real HTML tools.

  vnu      the Nu Html Checker (vnu.jar, the W3C's validator, from npm's
           vnu-jar, installed by scripts/install-deps test) finds no error and
           no warning in `galley IN -t html` for every file in samples/ and
           tests/data/markdown/, the seed article and every AEB dev page.
           Advisories about the input rather than the markup are let through:
           a page whose source states no language, an article or a notes
           section without a heading, a text starting with a combining mark.
  xmllint  `xmllint --html` (libxml2's HTML parser) reads each output with no
           complaint but the HTML5 elements its HTML 4 tables do not know.

../shared (the seed, the corpus) may be absent outside CI: its inputs are
then left out, with a note; with CI set that is a failure. A missing tool is
always a failure. Python 3 standard library only; registered by
tests/cmake/html.cmake.
"""
import argparse
import glob
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile

TIMEOUT = 60
# What vnu may say without failing the run (see above).
ALLOWED = (r".*(appears to be written in|Consider adding a .lang. attribute|"
           r"(Section|Article) lacks heading|Text run starts with a composing character).*")
# The elements of HTML5 that libxml2 2.9's HTML 4 parser reports as invalid.
HTML5_ELEMENTS = {"article", "header", "section", "figure", "figcaption", "time", "main",
                  "aside", "nav", "footer", "mark"}


def fail(message):
    print(f"FAIL {message}", flush=True)
    return 1


def inputs(args, tmp):
    """(name, path) of every input; pages of the corpus are unpacked into tmp."""
    found = [(os.path.basename(p), p) for p in
             sorted(glob.glob(os.path.join(args.source, "samples", "*.*")) +
                    glob.glob(os.path.join(args.source, "tests", "data", "markdown", "*.*")))]
    seed = os.path.join(args.shared, "seed", "article.md")
    pages = sorted(glob.glob(os.path.join(args.shared, "corpus", "aeb", "dev", "*.html.gz")))
    missing = [what for what, there in (("the seed", os.path.isfile(seed)),
                                        ("the AEB dev pages", pages)) if not there]
    if missing and os.environ.get("CI"):
        raise SystemExit(fail(f"{' and '.join(missing)} missing from {args.shared}, and CI is set"))
    for what in missing:
        print(f"note: {what} missing from {args.shared}: left out", flush=True)
    if os.path.isfile(seed):
        found.append(("seed.md", seed))
    for page in pages:
        path = os.path.join(tmp, os.path.basename(page)[:16] + ".html")
        with gzip.open(page, "rb") as f, open(path, "wb") as out:
            out.write(f.read())
        found.append((os.path.basename(path), path))
    return found


def convert(args, items, tmp):
    """Writes each input's HTML into tmp/out; returns the paths, or None."""
    out_dir = os.path.join(tmp, "out")
    os.makedirs(out_dir, exist_ok=True)
    outs = []
    for name, path in items:
        out = os.path.join(out_dir, name + ".out.html")
        proc = subprocess.run([args.galley, path, "-t", "html", "-o", out], capture_output=True,
                              timeout=TIMEOUT)
        if proc.returncode != 0:
            fail(f"{name}: galley -t html exited {proc.returncode}: "
                 f"{proc.stderr.decode('utf-8', 'replace').strip()}")
            return None
        outs.append(out)
    return outs


def check_vnu(args, outs):
    if not os.path.isfile(args.vnu):
        return fail(f"{args.vnu} is missing: run scripts/install-deps test (npm vnu-jar)")
    if not shutil.which("java"):
        return fail("java is missing (default-jre-headless)")
    proc = subprocess.run(["java", "-jar", args.vnu, "--Werror", "--filterpattern", ALLOWED, *outs],
                          capture_output=True, timeout=600)
    said = (proc.stdout + proc.stderr).decode("utf-8", "replace").strip()
    if proc.returncode != 0 or said:
        return fail(f"vnu.jar exited {proc.returncode}:\n{said[:6000]}")
    print(f"vnu: ok ({len(outs)} pages, no error or warning)", flush=True)
    return 0


def check_xmllint(outs):
    if not shutil.which("xmllint"):
        return fail("xmllint is missing (libxml2-utils)")
    failures = 0
    for out in outs:
        proc = subprocess.run(["xmllint", "--html", "--noout", out], capture_output=True,
                              timeout=TIMEOUT)
        said = proc.stderr.decode("utf-8", "replace")
        for line in said.splitlines():
            m = re.search(r"HTML parser error : Tag (\w+) invalid", line)
            if m and m.group(1) in HTML5_ELEMENTS:
                continue
            if "HTML parser error" in line or "parser error" in line:
                failures += 1
                fail(f"{os.path.basename(out)}: {line}")
                break
    if failures == 0:
        print(f"xmllint: ok ({len(outs)} pages)", flush=True)
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kind", choices=("vnu", "xmllint"))
    ap.add_argument("--galley", required=True, help="the galley executable")
    ap.add_argument("--source", required=True, help="the source checkout")
    ap.add_argument("--shared", required=True, help="the shared data dir (GL_SHARED_DIR)")
    ap.add_argument("--vnu", help="vnu.jar")
    args = ap.parse_args()
    args.galley = os.path.abspath(args.galley)
    with tempfile.TemporaryDirectory(prefix="galley-html-") as tmp:
        outs = convert(args, inputs(args, tmp), tmp)
        if outs is None:
            return 1
        return check_vnu(args, outs) if args.kind == "vnu" else check_xmllint(outs)


if __name__ == "__main__":
    sys.exit(main())
