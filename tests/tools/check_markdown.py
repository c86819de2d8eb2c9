#!/usr/bin/env python3
"""Checks of galley's Markdown writer (-t md) through galley and cmark-gfm.

  roundtrip  for every file in samples/ and tests/data/markdown/ (with --seed:
             the seed article instead): A = `galley IN -t md`, B = `galley A -t md`.
             B must equal A (a fixed point), and the json of A must equal the
             json of IN, "sources" (where each field came from) left out: the
             same tree and the same metadata. Then `smart` below on A.
  corpus     for every AEB dev page (../shared/corpus/aeb/dev/*.html.gz): the
             words of A read by cmark-gfm equal the words of
             `galley PAGE -t text --body-only`, then `smart` on A.

"Same words": the sequences of `\\w+` tokens (Python's re, Unicode) are
equal, on one side of the text output, on the other of the text of the tree
`cmark-gfm -e table -e strikethrough -e autolink -e tasklist -t xml` reads
from A without its front matter (the leading "---" ... "---" YAML block,
which CommonMark does not know): text, code and code blocks, a block's text
apart from the next's, raw HTML (the <em>, <sup>... the writer falls back
on) adding nothing but the separation the text writer gives it (<br> a line
break, <sup> a "^"), ordered items' numbers and done task items' boxes ("[x]") as
the text writer shows them, and images
left out, as --body-only leaves them out. The images' alt texts must give
the tokens of the document's image and figure alt texts, in document order
(from `galley PAGE -t json`). (cmark-gfm's footnotes extension stays off:
its XML output is not well-formed; "[^1]" is then text on both sides.)

"smart": cmark-gfm gives the same plaintext with --smart as without, so no
straight quote, "--" or "..." of the text is turned into typographic
punctuation by a reader that has smart punctuation on.

Data from ../shared may be absent outside CI: the run then exits 77 (ctest's
skip code), a failure when CI is set. A missing cmark-gfm is always a failure.
Python 3 standard library only; registered by tests/cmake/markdown.cmake.
"""
import argparse
import concurrent.futures
import difflib
import glob
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SKIP = 77
TIMEOUT = 60
CMARK = ["cmark-gfm", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tasklist",
         "-t", "plaintext"]
WORD = re.compile(r"\w+")


class Failure(Exception):
    pass


def run(argv, data=None):
    """Runs a command; returns its stdout bytes, or raises Failure."""
    try:
        proc = subprocess.run(argv, input=data, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Failure(f"did not finish within {TIMEOUT} s: {' '.join(argv)}")
    except OSError as e:
        raise Failure(f"could not start ({e}): {' '.join(argv)}")
    if proc.returncode != 0:
        said = proc.stderr.decode("utf-8", "replace").strip()
        raise Failure(f"`{' '.join(argv)}` exited {proc.returncode}: {said}")
    return proc.stdout


def galley(args, path, *extra):
    return run([args.galley, path, *extra])


def tree(args, path):
    doc = json.loads(galley(args, path, "-t", "json").decode("utf-8"))
    doc.pop("sources", None)
    return doc


def body(md):
    """The Markdown after its front matter block."""
    m = re.match(r"---\n.*?\n---\n", md, re.S)
    return md[m.end():] if m else md


def cmark(md, *extra):
    return run([*CMARK, *extra], md.encode("utf-8")).decode("utf-8")


def check_smart(md):
    plain, smart = cmark(body(md)), cmark(body(md), "--smart")
    if plain != smart:
        line = next(i for i, (a, b) in enumerate(zip(plain.splitlines(), smart.splitlines()))
                    if a != b) if plain.splitlines() != smart.splitlines() else 0
        a, b = plain.splitlines()[line:line + 1], smart.splitlines()[line:line + 1]
        raise Failure(f"smart punctuation changes the text: {a!r} became {b!r}")


def first_difference(a, b):
    a_lines, b_lines = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(a_lines, b_lines)):
        if x != y:
            return f"line {i + 1}: {x!r} then {y!r}"
    return f"one has {len(a_lines)} lines, the other {len(b_lines)}"


def roundtrip(args, path, tmp):
    name = os.path.basename(path)
    a_path = os.path.join(tmp, name + ".A.md")
    a = galley(args, path, "-t", "md").decode("utf-8")
    with open(a_path, "w", encoding="utf-8") as f:
        f.write(a)
    b = galley(args, a_path, "-t", "md").decode("utf-8")
    if a != b:
        raise Failure(f"not a fixed point: {first_difference(a, b)}")
    first, second = tree(args, path), tree(args, a_path)
    if first != second:
        x = json.dumps(first, indent=1, sort_keys=True, ensure_ascii=False)
        y = json.dumps(second, indent=1, sort_keys=True, ensure_ascii=False)
        diff = "\n".join(list(difflib.unified_diff(x.splitlines(), y.splitlines(), "read",
                                                   "read back", lineterm=""))[:40])
        raise Failure(f"the tree read back differs:\n{diff}")
    check_smart(a)


def alt_tokens(doc):
    """The \\w+ tokens of every image and figure alt text, in document order."""
    out = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") in ("image", "figure") and node.get("alt"):
                out.extend(WORD.findall(node["alt"]))
            for child in node.get("children", []):
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(doc.get("body", []))
    return out


INLINE = {"emph", "strong", "strikethrough", "link"}
HTML_SEPARATORS = {"<br>": "\n", "<sup>": " "}


def cmark_words(md):
    """The words of the Markdown as cmark-gfm reads it: (the text's tokens
    with images left out, the tokens of the images' alt texts)."""
    xml = run([*CMARK[:-1], "xml"], md.encode("utf-8"))
    text, alts = [], []

    def walk(el, into):
        tag = el.tag.rsplit("}", 1)[-1]
        if tag in ("text", "code", "code_block"):
            into.append(el.text or "")
        elif tag == "softbreak":
            into.append(" ")
        elif tag == "linebreak":
            into.append("\n")
        elif tag == "image":
            alt = []
            for child in el:
                walk(child, alt)
            alts.append("".join(alt))
        elif tag == "html_inline":
            # The writer's <br> is a line break; the text writer opens a
            # superscript with "^" ("10^10"); the rest adds no separation.
            into.append(HTML_SEPARATORS.get((el.text or "").lower(), ""))
        elif tag != "html_block":
            block = tag not in INLINE
            if block:
                into.append("\n")
            if tag == "tasklist" and el.get("completed") == "true":
                into.append("[x] ")  # the text writer's box
            number = int(el.get("start", "1")) if el.get("type") == "ordered" else None
            for child in el:
                if number is not None:
                    into.append(f"\n{number}. ")  # the text writer's numbers
                    number += 1
                walk(child, into)
            if block:
                into.append("\n")

    walk(ET.fromstring(xml), text)
    return WORD.findall("".join(text)), WORD.findall(" ".join(alts))


def corpus_page(args, path, tmp):
    name = os.path.basename(path)[:16]
    page = os.path.join(tmp, name + ".html")
    with gzip.open(path, "rb") as f, open(page, "wb") as out:
        out.write(f.read())
    md = galley(args, page, "-t", "md").decode("utf-8")
    text = galley(args, page, "-t", "text", "--body-only", "--width", "0").decode("utf-8")
    got, got_alts = cmark_words(body(md))
    want, want_alts = WORD.findall(text), alt_tokens(tree(args, page))
    if got != want:
        sm = difflib.SequenceMatcher(None, want, got, autojunk=False)
        op = next(o for o in sm.get_opcodes() if o[0] != "equal")
        _, i1, i2, j1, j2 = op
        raise Failure(f"{name}: the text has {' '.join(want[max(0, i1 - 3):i2 + 3])!r} "
                      f"where the Markdown has {' '.join(got[max(0, j1 - 3):j2 + 3])!r}")
    if got_alts != want_alts:
        raise Failure(f"{name}: the Markdown's alt texts are {' '.join(got_alts)[:200]!r}, "
                      f"the document's {' '.join(want_alts)[:200]!r}")
    check_smart(md)
    return len(want)


def shared_missing(what):
    if os.environ.get("CI"):
        print(f"FAIL: {what} is missing, and CI is set", flush=True)
        return 1
    print(f"skipped: {what} is missing", flush=True)
    return SKIP


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kind", choices=("roundtrip", "corpus"))
    ap.add_argument("--galley", required=True, help="the galley executable")
    ap.add_argument("--source", required=True, help="the source checkout")
    ap.add_argument("--shared", required=True, help="the shared data dir (GL_SHARED_DIR)")
    ap.add_argument("--seed", action="store_true", help="roundtrip: the seed article")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    args.galley = os.path.abspath(args.galley)
    if not shutil.which("cmark-gfm"):
        print("FAIL: cmark-gfm is not installed (Debian package cmark-gfm)", flush=True)
        return 1
    if args.kind == "roundtrip" and args.seed:
        inputs = [os.path.join(args.shared, "seed", "article.md")]
        if not os.path.isfile(inputs[0]):
            return shared_missing(inputs[0])
        check = roundtrip
    elif args.kind == "roundtrip":
        inputs = sorted(glob.glob(os.path.join(args.source, "samples", "*.*")) +
                        glob.glob(os.path.join(args.source, "tests", "data", "markdown", "*.*")))
        check = roundtrip
    else:
        inputs = sorted(glob.glob(os.path.join(args.shared, "corpus", "aeb", "dev", "*.html.gz")))
        if not inputs:
            return shared_missing(os.path.join(args.shared, "corpus", "aeb", "dev"))
        check = corpus_page
    failures = 0
    with tempfile.TemporaryDirectory(prefix="galley-md-") as tmp, \
            concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        jobs = {pool.submit(check, args, path, tmp): path for path in inputs}
        for job in concurrent.futures.as_completed(jobs):
            name = os.path.basename(jobs[job])
            try:
                job.result()
            except Failure as e:
                failures += 1
                print(f"FAIL {name}: {e}", flush=True)
    print(f"{args.kind}: {'FAILED' if failures else 'ok'} ({len(inputs) - failures} of "
          f"{len(inputs)} inputs pass)", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
