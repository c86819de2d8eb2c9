#!/usr/bin/env python3
"""End-to-end checks of the galley command over samples/ and the seed article.

Each run checks one KIND for every input and reports every failure it finds
(not only the first), then exits 1 if there was any:

  golden   text, xhtml and json outputs equal tests/golden/<sample>.{txt,xhtml,json};
           with GL_UPDATE_GOLDEN=1 in the environment, rewrites them instead
  expect   tests/expect/<sample>.json holds: metadata, phrases that must or must
           not appear in the text output, markup that must not reach the xhtml
  text     the text output is UTF-8, ends with a newline and shows every link URL
  xhtml    `xmllint --noout` accepts the xhtml output silently
  pdf      pdftotext gives back the body words in order, and the phrases of
           "pdf_text_must" in tests/expect/<sample>.json in logical order; every
           font is embedded, `qpdf --check` passes, the PDF Title is the json title

With --seed the inputs are the seed article from the shared directory instead
of samples/. The seed may be absent outside CI: then the run exits 77 (ctest's
skip code); with CI set in the environment that is a failure. A missing tool
(xmllint, pdftotext...) is always a failure, never a skip.

Python 3 standard library only. Registered with ctest by tests/cmake/samples.cmake.
"""
import argparse
import bisect
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

SKIP = 77
SAMPLE_EXTENSIONS = (".md", ".markdown", ".html", ".htm")
GOLDEN_FORMATS = (("text", "txt"), ("xhtml", "xhtml"), ("json", "json"))
TOOLS = {
    "pdf": ("pdftotext", "pdffonts", "qpdf", "pdfinfo"),
    "xhtml": ("xmllint",),
}
# A conversion of a one-page article takes milliseconds; a minute means a hang.
TIMEOUT = 60
# The fixed clock for outputs that record a time (the PDF's dates).
DEFAULT_EPOCH = "1700000000"


class Checker:
    def __init__(self, args):
        self.galley = os.path.abspath(args.galley)
        self.source = os.path.abspath(args.source)
        self.shared = os.path.abspath(args.shared)
        self.failures = []
        self.tmp = None
        self.env = dict(os.environ)
        self.env.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)

    def fail(self, name, message):
        self.failures.append(f"{name}: {message}")
        print(f"FAIL {name}: {message}", flush=True)

    def run(self, name, argv, what):
        """Runs a command; returns its CompletedProcess, or None after reporting why not."""
        try:
            proc = subprocess.run(argv, cwd=self.source, env=self.env, capture_output=True,
                                  timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail(name, f"{what} did not finish within {TIMEOUT} s: {' '.join(argv)}")
            return None
        except OSError as e:
            self.fail(name, f"{what} could not be started ({e}): {' '.join(argv)}")
            return None
        return proc

    def convert(self, name, path, fmt, *extra):
        """Runs `galley PATH -t FMT -o OUT [extra]`; returns the output's bytes or None."""
        suffix = {"text": "txt"}.get(fmt, fmt)
        tag = "".join("-" + e.lstrip("-") for e in extra)
        out = os.path.join(self.tmp, f"{name}{tag}.{suffix}")
        if os.path.exists(out):
            os.unlink(out)
        argv = [self.galley, path, "-t", fmt, "-o", out, *extra]
        proc = self.run(name, argv, "galley")
        if proc is None:
            return None
        shown = " ".join(["galley", path, "-t", fmt, *extra])
        if proc.returncode != 0:
            said = proc.stderr.decode("utf-8", "replace").strip()
            self.fail(name, f"`{shown}` exited with {describe_exit(proc.returncode)}: {said}")
            return None
        if not os.path.exists(out):
            self.fail(name, f"`{shown}` exited 0 but wrote no {out}")
            return None
        with open(out, "rb") as f:
            return f.read()

    def convert_json(self, name, path):
        data = self.convert(name, path, "json")
        if data is None:
            return None
        try:
            doc = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            self.fail(name, f"the json output does not parse: {e}")
            return None
        if not isinstance(doc, dict):
            self.fail(name, "the json output is not an object")
            return None
        return doc

    def convert_text(self, name, path, *extra):
        data = self.convert(name, path, "text", *extra)
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as e:
            self.fail(name, f"the text output is not valid UTF-8: {e}")
            return None

    def finish(self):
        shutil.rmtree(self.tmp, ignore_errors=True)
        if self.failures:
            print(f"\n{len(self.failures)} failure(s)", flush=True)
            return 1
        return 0


def describe_exit(code):
    if code < 0:
        return f"signal {-code}"
    return f"code {code}"


def find_inputs(checker, seed):
    """Returns [(name, path)] with paths relative to the source dir when they are in it."""
    if seed:
        path = os.path.join(checker.shared, "seed", "article.md")
        if not os.path.isfile(path):
            msg = f"the seed article {path} is absent"
            if os.environ.get("CI"):
                print(f"FAIL: {msg}, and CI is set: CI must have ../shared beside the checkout")
                sys.exit(1)
            print(f"SKIP: {msg} (GL_SHARED_DIR); outside CI that is allowed")
            sys.exit(SKIP)
        return [("seed", path)]
    folder = os.path.join(checker.source, "samples")
    inputs, seen = [], {}
    for entry in sorted(os.listdir(folder)):
        stem, ext = os.path.splitext(entry)
        if ext.lower() not in SAMPLE_EXTENSIONS:
            continue
        if stem in seen:
            checker.fail(stem, f"samples/{entry} and samples/{seen[stem]} share a name; "
                         "goldens and expectations are named by the stem alone")
            continue
        seen[stem] = entry
        inputs.append((stem, os.path.join("samples", entry)))
    if not inputs:
        checker.fail("samples", f"no samples found in {folder}")
    return inputs


def require_tools(checker, kind):
    missing = [t for t in TOOLS.get(kind, ()) if shutil.which(t) is None]
    if missing:
        print(f"FAIL: {', '.join(missing)} not found on PATH; the {kind} check needs it "
              "(Debian: scripts/install-deps test installs poppler-utils, qpdf, libxml2-utils)")
        sys.exit(1)


# ---- golden ----


def check_golden(checker, inputs):
    update = os.environ.get("GL_UPDATE_GOLDEN") == "1"
    folder = os.path.join(checker.source, "tests", "golden")
    if update:
        os.makedirs(folder, exist_ok=True)
    for name, path in inputs:
        for fmt, ext in GOLDEN_FORMATS:
            got = checker.convert(name, path, fmt)
            if got is None:
                continue
            golden = os.path.join(folder, f"{name}.{ext}")
            rel = os.path.relpath(golden, checker.source)
            want = None
            if os.path.exists(golden):
                with open(golden, "rb") as f:
                    want = f.read()
            if update:
                if want != got:
                    with open(golden, "wb") as f:
                        f.write(got)
                    print(f"{'updated' if want is not None else 'created'} {rel}")
                continue
            if want is None:
                checker.fail(name, f"{rel} is missing: run scripts/regen-golden, read the "
                             "new file and commit it")
                continue
            if want != got:
                diff = difflib.unified_diff(
                    want.decode("utf-8", "replace").splitlines(),
                    got.decode("utf-8", "replace").splitlines(),
                    rel, f"galley {path} -t {fmt}", lineterm="", n=2)
                lines = list(diff)
                shown = "\n".join(lines[:60])
                more = f"\n... {len(lines) - 60} more diff lines" if len(lines) > 60 else ""
                checker.fail(name, f"-t {fmt} differs from {rel} (if the change is intended, "
                             f"run scripts/regen-golden and review the diff):\n{shown}{more}")


# ---- expect ----


def squash(s):
    return re.sub(r"\s+", " ", s).strip()


def unspaced(s):
    return re.sub(r"\s+", "", s)


def load_expectations(checker, inputs, seed):
    folder = os.path.join(checker.source, "tests", "expect")
    by_name = dict(inputs)
    found = []
    for entry in sorted(os.listdir(folder)):
        if not entry.endswith(".json"):
            continue
        name = entry[:-5]
        with open(os.path.join(folder, entry), encoding="utf-8") as f:
            try:
                exp = json.load(f)
            except ValueError as e:
                checker.fail(name, f"tests/expect/{entry} does not parse: {e}")
                continue
        is_shared = str(exp.get("input", "")).startswith("shared:")
        if is_shared != seed:
            continue
        if name not in by_name:
            checker.fail(name, f"tests/expect/{entry} names no input (expected samples/{name}.*)")
            continue
        found.append((name, by_name[name], exp))
    have = {name for name, _, _ in found}
    for name, path in inputs:
        if name not in have:
            checker.fail(name, f"{path} has no tests/expect/{name}.json; write one by hand")
    return found


def check_expect(checker, inputs, seed):
    for name, path, exp in load_expectations(checker, inputs, seed):
        doc = checker.convert_json(name, path)
        if doc is not None:
            for key, want in exp.get("meta", {}).items():
                got = doc.get(key)
                if want is None and got is not None:
                    checker.fail(name, f"json \"{key}\" must be absent but is {got!r}")
                elif want is not None and got != want:
                    checker.fail(name, f"json \"{key}\" is {got!r}, expected {want!r}")
        text = checker.convert_text(name, path)
        if text is not None:
            flat, tight = squash(text), unspaced(text)
            for phrase in exp.get("text_must", []):
                # Text is wrapped: a line break may stand for a space, or sit
                # after a hyphen or dash where there was none.
                if squash(phrase) not in flat and unspaced(phrase) not in tight:
                    checker.fail(name, f"the text output lacks {phrase!r}")
            for phrase in exp.get("text_must_not", []):
                if phrase in text or squash(phrase) in flat:
                    checker.fail(name, f"the text output contains {phrase!r}{context(text, phrase)}")
        if exp.get("xhtml_must_not"):
            data = checker.convert(name, path, "xhtml")
            if data is not None:
                xhtml = data.decode("utf-8", "replace")
                low = xhtml.lower()
                for phrase in exp["xhtml_must_not"]:
                    if phrase.lower() in low:
                        checker.fail(name, f"the xhtml output contains {phrase!r}"
                                     f"{context(xhtml, phrase, fold=True)}")


def context(text, phrase, fold=False):
    at = (text.lower() if fold else text).find(phrase.lower() if fold else phrase)
    if at < 0:
        return ""
    return f" here: {text[max(0, at - 60):at + len(phrase) + 60]!r}"


# ---- text ----


def link_urls(body):
    """Every link URL in the json body, in document order, without recursion."""
    urls, stack = [], [body]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") == "link":
                url = node.get("url", node.get("href"))
                if isinstance(url, str):
                    urls.append(url)
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return urls


def check_text(checker, inputs):
    for name, path in inputs:
        text = checker.convert_text(name, path)
        if text is None:
            continue
        if not text.endswith("\n"):
            checker.fail(name, f"the text output does not end with a newline: {text[-40:]!r}")
        doc = checker.convert_json(name, path)
        if doc is None:
            continue
        if "body" not in doc:
            checker.fail(name, "the json output has no \"body\"")
            continue
        for url in link_urls(doc["body"]):
            if not url or url.startswith("#"):
                continue  # a jump within the page means nothing in plain text
            if url in text:
                continue
            if url.lower().startswith("mailto:") and url[7:] in text:
                continue
            checker.fail(name, f"the text output does not show the link URL {url!r} "
                         "(links=refs lists every URL whole, never wrapped)")


# ---- xhtml ----


def check_xhtml(checker, inputs):
    for name, path in inputs:
        if checker.convert(name, path, "xhtml") is None:
            continue
        out = os.path.join(checker.tmp, f"{name}.xhtml")
        proc = checker.run(name, ["xmllint", "--noout", out], "xmllint")
        if proc is None:
            continue
        said = (proc.stdout + proc.stderr).decode("utf-8", "replace").strip()
        if proc.returncode != 0 or said:
            checker.fail(name, f"xmllint --noout exited {describe_exit(proc.returncode)}"
                         f"{': ' + said[:2000] if said else ''}")


# ---- pdf ----


def words(s):
    """Words under Unicode rules, compatibility-folded (ligatures, subscript digits)
    and case-folded (a writer may set headings in capitals)."""
    return re.findall(r"\w+", unicodedata.normalize("NFKC", s).casefold())


def first_missing(body, pdf):
    """Checks that the body words appear in order in the PDF words, which may hold
    more (header, page numbers). A body word may be split over several PDF words
    (a line broken inside a word, with or without a hyphen), and several body
    words may share one PDF word (dehyphenation by pdftotext). Returns None, or
    (index of the first body word not found, PDF word index where the search stood)."""
    stream = "".join(pdf)
    starts, at = [], 0
    for w in pdf:
        starts.append(at)
        at += len(w)
    start_set = set(starts)
    cur = 0
    for i, w in enumerate(body):
        pos = stream.find(w, cur)
        while pos >= 0 and pos != cur and pos not in start_set:
            pos = stream.find(w, pos + 1)
        if pos < 0:
            return i, max(0, bisect.bisect_right(starts, cur) - 1)
        cur = pos + len(w)
    return None


def pdf_fonts(text):
    """Rows of `pdffonts` as dicts, sliced by the widths of its dashed line."""
    lines = text.splitlines()
    for k, line in enumerate(lines):
        if line.startswith("---"):
            spans, at = [], 0
            for dashes in line.split(" "):
                spans.append((at, at + len(dashes)))
                at += len(dashes) + 1
            head = [lines[k - 1][a:b].strip() for a, b in spans]
            return [dict(zip(head, (row[a:b].strip() for a, b in spans))) for row in lines[k + 1:]
                    if row.strip()]
    return []


def figure_alts(doc):
    """The alt texts of the figures in a document's JSON tree."""
    alts, stack = [], [doc.get("body") if doc else None]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            if n.get("type") == "figure" and n.get("alt"):
                alts.append(n["alt"])
            stack.extend(n.values())
        elif isinstance(n, list):
            stack.extend(n)
    return alts


# What poppler adds around right-to-left text (embeddings, marks), and line
# ends: a phrase may run across lines.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A line end between two Thai letters is no space: Thai puts none between
# words, and lines break between them (libthai's boundaries).
THAI_LINE_END = re.compile("(?<=[\u0e01-\u0e5b])\n(?=[\u0e01-\u0e5b])")


def pdf_phrases(checker, name, pdf_text, exp):
    """Each phrase of exp's "pdf_text_must" must be in pdftotext's text, in logical order."""
    flat = " ".join(THAI_LINE_END.sub("", BIDI_CONTROLS.sub("", pdf_text)).split())
    for phrase in exp.get("pdf_text_must", []):
        if " ".join(phrase.split()) not in flat:
            checker.fail(name, f"pdftotext does not give back {phrase!r} in logical order; "
                         f"it gives: {flat[:600]!r}")


def check_pdf(checker, inputs, seed):
    expected = {n: e for n, _, e in load_expectations(checker, inputs, seed)}
    for name, path in inputs:
        body = checker.convert_text(name, path, "--body-only")
        data = checker.convert(name, path, "pdf")
        doc = checker.convert_json(name, path)
        if body is None or data is None:
            continue
        pdf = os.path.join(checker.tmp, f"{name}.pdf")
        proc = checker.run(name, ["pdftotext", "-enc", "UTF-8", pdf, "-"], "pdftotext")
        if proc is not None:
            if proc.returncode != 0:
                checker.fail(name, f"pdftotext exited {describe_exit(proc.returncode)}: "
                             f"{proc.stderr.decode('utf-8', 'replace').strip()}")
            else:
                # Task boxes are list markup, not words: text writes "[x]", PDF a ballot box.
                # A figure's image is drawn (its alt text unseen) or shown as "[alt]".
                for alt in figure_alts(doc):
                    body = body.replace(alt, "", 1)
                bw = words(re.sub(r"^(\s*(?:[-*]|\d+\.)\s+)\[[ x]\] ", r"\1", body, flags=re.M))
                pdf_text = proc.stdout.decode("utf-8", "replace")
                pw = words(pdf_text)
                pdf_phrases(checker, name, pdf_text, expected.get(name, {}))
                # pdftotext orders a line's words by the page's main direction: a
                # right-to-left run split by numbers, or a right-to-left line, on a
                # page mostly left to right comes out in visual order. A sample
                # that mixes directions says so ("pdf_words_in_order": false) and
                # checks its runs through "pdf_text_must" instead.
                in_order = expected.get(name, {}).get("pdf_words_in_order", True)
                miss = first_missing(bw, pw) if in_order else None
                if miss is not None:
                    i, j = miss
                    checker.fail(name, f"the PDF lacks body word {i + 1} of {len(bw)}, "
                                 f"{bw[i]!r}, in order; body: ...{' '.join(bw[max(0, i - 8):i])} "
                                 f"[{bw[i]}] {' '.join(bw[i + 1:i + 6])}...; the PDF text "
                                 f"after the last match: {' '.join(pw[j:j + 14])}...")
        proc = checker.run(name, ["pdffonts", pdf], "pdffonts")
        if proc is not None:
            if proc.returncode != 0:
                checker.fail(name, f"pdffonts exited {describe_exit(proc.returncode)}: "
                             f"{proc.stderr.decode('utf-8', 'replace').strip()}")
            else:
                fonts = pdf_fonts(proc.stdout.decode("utf-8", "replace"))
                if not fonts:
                    checker.fail(name, "pdffonts lists no font, yet the article has text")
                for font in fonts:
                    if font.get("emb") != "yes":
                        checker.fail(name, f"font {font.get('name')!r} ({font.get('type')}) "
                                     "is not embedded")
        proc = checker.run(name, ["qpdf", "--check", pdf], "qpdf")
        if proc is not None and proc.returncode != 0:
            said = (proc.stdout + proc.stderr).decode("utf-8", "replace").strip()
            checker.fail(name, f"qpdf --check exited {describe_exit(proc.returncode)}: "
                         f"{said[-2000:]}")
        proc = checker.run(name, ["pdfinfo", "-enc", "UTF-8", pdf], "pdfinfo")
        if proc is not None:
            if proc.returncode != 0:
                checker.fail(name, f"pdfinfo exited {describe_exit(proc.returncode)}")
            elif doc is not None and doc.get("title"):
                info = proc.stdout.decode("utf-8", "replace")
                m = re.search(r"^Title:[ \t]*(.*)$", info, re.M)
                got = m.group(1).strip() if m else None
                if got != doc["title"].strip():
                    checker.fail(name, f"the PDF Title is {got!r}, the json title "
                                 f"{doc['title']!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kind", choices=("golden", "expect", "text", "xhtml", "pdf"))
    ap.add_argument("--galley", required=True, help="the galley executable")
    ap.add_argument("--source", required=True, help="the source checkout")
    ap.add_argument("--shared", required=True, help="the shared data dir (GL_SHARED_DIR)")
    ap.add_argument("--seed", action="store_true", help="check the seed article, not samples/")
    args = ap.parse_args()
    if args.seed and args.kind == "golden":
        ap.error("the seed has no goldens")
    checker = Checker(args)
    require_tools(checker, args.kind)
    inputs = find_inputs(checker, args.seed)
    checker.tmp = tempfile.mkdtemp(prefix="galley-check-")
    if args.kind == "golden":
        check_golden(checker, inputs)
    elif args.kind == "expect":
        check_expect(checker, inputs, args.seed)
    elif args.kind == "text":
        check_text(checker, inputs)
    elif args.kind == "xhtml":
        check_xhtml(checker, inputs)
    else:
        check_pdf(checker, inputs, args.seed)
    checked = ", ".join(name for name, _ in inputs)
    status = checker.finish()
    print(f"{args.kind}: {'FAILED' if status else 'ok'} ({checked})", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
