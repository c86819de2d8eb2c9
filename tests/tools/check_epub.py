#!/usr/bin/env python3
"""End-to-end checks of galley's EPUB and e-reader text output.

Each run checks one KIND and reports every failure it finds, then exits 1 if
there was any:

  structure  every sample, the seed and an anthology of all samples, unpacked
             with zipfile: `mimetype` first, stored, no extra field; the
             container names the package; every XML file passes
             `xmllint --noout`; manifest and archive agree; the metadata is
             there; no script, event handler, iframe, form, object or embed;
             a rerun (in another time zone) gives identical bytes; without
             SOURCE_DATE_EPOCH the article's date dates the book
  epubcheck  epubcheck reports no error and no warning for every sample, the
             seed and an anthology of all samples (one JVM for all books),
             each with its generated cover, and for a book and an anthology
             given a cover (--cover, JPEG and PNG)
  corpus     the same for every page of ../shared/corpus/aeb/dev
  text       the text writer keeps every link's URL for every sample with
             --ascii, --preset ereader and --eol crlf, and those options do
             what they say

The seed and the corpus live in the shared directory, which may be absent
outside CI: the corpus run then exits 77 (ctest's skip code), with CI set it
fails; the other runs leave the seed out. A missing tool (xmllint, java,
epubcheck) is always a failure. Python 3 standard library only. Registered with
ctest by tests/cmake/epub.cmake.
"""
import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

SKIP = 77
EPUBCHECK_JAR = "/usr/share/java/epubcheck.jar"
SAMPLE_EXTENSIONS = (".md", ".markdown", ".html", ".htm")
EPOCH = "1700000000"
TIMEOUT = 120
# Markup a web page may hold that must never reach a book (issue 6).
FORBIDDEN = re.compile(r"<(script|iframe|form|object|embed)\b|\son[a-z]+\s*=", re.I)


class Checker:
    def __init__(self, args):
        self.galley = os.path.abspath(args.galley)
        self.source = os.path.abspath(args.source)
        self.shared = os.path.abspath(args.shared)
        self.tool_dir = os.path.dirname(os.path.abspath(__file__))
        self.failures = []
        self.tmp = tempfile.mkdtemp(prefix="galley-epub-")

    def fail(self, name, message):
        self.failures.append(f"{name}: {message}")
        print(f"FAIL {name}: {message}", flush=True)

    def galley_run(self, name, argv, env_extra=None, drop_epoch=False):
        env = dict(os.environ)
        env.setdefault("SOURCE_DATE_EPOCH", EPOCH)
        if drop_epoch:
            env.pop("SOURCE_DATE_EPOCH", None)
        env.update(env_extra or {})
        try:
            proc = subprocess.run([self.galley, "-q"] + argv, cwd=self.source, env=env,
                                  capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail(name, f"galley did not finish within {TIMEOUT} s: {argv}")
            return None
        if proc.returncode != 0:
            self.fail(name, f"galley {' '.join(argv)} exited {proc.returncode}: "
                      f"{proc.stderr.decode(errors='replace').strip()}")
            return None
        return proc

    def epub(self, name, inputs, extra=(), out=None, **kw):
        out = out or os.path.join(self.tmp, f"{name}.epub")
        if os.path.exists(out):
            os.remove(out)
        if self.galley_run(name, list(inputs) + ["-o", out] + list(extra), **kw) is None:
            return None
        return out

    def finish(self):
        shutil.rmtree(self.tmp, ignore_errors=True)
        if self.failures:
            print(f"{len(self.failures)} failure(s)")
            return 1
        print("OK")
        return 0


def samples(checker):
    folder = os.path.join(checker.source, "samples")
    return [(os.path.splitext(e)[0], os.path.join("samples", e))
            for e in sorted(os.listdir(folder))
            if os.path.splitext(e)[1].lower() in SAMPLE_EXTENSIONS]


def seed(checker):
    path = os.path.join(checker.shared, "seed", "article.md")
    return [("seed", path)] if os.path.isfile(path) else []


def books(checker):
    """[(name, path of the .epub)] for every sample, the seed and the anthology."""
    out = []
    items = samples(checker)
    for name, path in items + seed(checker):
        book = checker.epub(name, [path])
        if book:
            out.append((name, book))
    book = checker.epub("anthology", [p for _, p in items],
                        ["--combine", "--title", "All the samples"])
    if book:
        out.append(("anthology", book))
    return out


def cover_books(checker):
    """[(name, path of the .epub)] for books given a cover of their own."""
    images = os.path.join(checker.source, "tests", "data", "images")
    items = samples(checker)
    out = []
    for name, inputs, extra in (
            ("cover-jpeg", [items[0][1]], ["--cover", os.path.join(images, "photo.jpg")]),
            ("anthology-cover-png", [p for _, p in items],
             ["--combine", "--title", "All the samples", "--cover",
              os.path.join(images, "dot.png")])):
        book = checker.epub(name, inputs, extra)
        if book:
            out.append((name, book))
    return out


def require(checker, *tools):
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        print(f"FAIL: {', '.join(missing)} not found (scripts/install-deps test installs them)")
        sys.exit(1)


# ---- structure ----


def xmllint(checker, name, entry, data):
    path = os.path.join(checker.tmp, "entry.xml")
    with open(path, "wb") as f:
        f.write(data)
    proc = subprocess.run(["xmllint", "--noout", "--nonet", path], capture_output=True)
    if proc.returncode != 0 or proc.stderr:
        checker.fail(name, f"xmllint rejects {entry}: {proc.stderr.decode(errors='replace')}")


def check_book(checker, name, book):
    with zipfile.ZipFile(book) as z:
        infos = z.infolist()
        first = infos[0]
        if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
            checker.fail(name, f"the first entry must be mimetype, stored; got "
                         f"{first.filename} (method {first.compress_type})")
        if first.extra:
            checker.fail(name, "the mimetype entry has an extra field")
        if z.read("mimetype") != b"application/epub+zip":
            checker.fail(name, f"mimetype holds {z.read('mimetype')!r}")
        names = {i.filename for i in infos}
        container = z.read("META-INF/container.xml").decode()
        m = re.search(r'full-path="([^"]+)"', container)
        if not m or m.group(1) not in names:
            checker.fail(name, f"the container names no package present in the book: {container}")
            return
        opf_name = m.group(1)
        base = os.path.dirname(opf_name)
        for i in infos:
            if i.filename.endswith((".xml", ".opf", ".ncx", ".xhtml")):
                data = z.read(i.filename)
                xmllint(checker, name, i.filename, data)
                if i.filename.endswith(".xhtml") and FORBIDDEN.search(data.decode()):
                    checker.fail(name, f"{i.filename} holds active content: "
                                 f"{FORBIDDEN.search(data.decode()).group(0)!r}")
        opf = z.read(opf_name).decode()
        hrefs = {os.path.normpath(os.path.join(base, h))
                 for h in re.findall(r'<item [^>]*href="([^"]+)"', opf)}
        packaged = names - {"mimetype", "META-INF/container.xml", opf_name}
        if hrefs != packaged:
            checker.fail(name, f"manifest and archive differ: only in the manifest "
                         f"{sorted(hrefs - packaged)}, only in the archive {sorted(packaged - hrefs)}")
        for what in ("<dc:identifier id=\"uid\">urn:uuid:", "<dc:title>", "<dc:language>",
                     "<meta property=\"dcterms:modified\">", "properties=\"nav\"",
                     "application/x-dtbncx+xml", "properties=\"cover-image\"",
                     "<itemref idref=\"cover\"/>"):
            if what not in opf:
                checker.fail(name, f"the package document lacks {what!r}")
    return opf


def check_structure(checker):
    require(checker, "xmllint")
    for name, book in books(checker):
        opf = check_book(checker, name, book)
        if opf is None:
            continue
        again = os.path.join(checker.tmp, f"{name}-again.epub")
        if name == "anthology":
            checker.epub(name, [p for _, p in samples(checker)],
                         ["--combine", "--title", "All the samples"], out=again,
                         env_extra={"TZ": "Pacific/Auckland"})
        else:
            src = dict(samples(checker) + seed(checker))[name]
            checker.epub(name, [src], out=again, env_extra={"TZ": "Pacific/Auckland"})
        if os.path.exists(again):
            with open(book, "rb") as a, open(again, "rb") as b:
                if a.read() != b.read():
                    checker.fail(name, "a rerun in another time zone gave different bytes")
        if "<dc:creator>" not in opf and name in ("news", "frontmatter", "anthology"):
            checker.fail(name, "the package document names no creator")
    for name, book in cover_books(checker):
        check_book(checker, name, book)
    # Without SOURCE_DATE_EPOCH, the article's own date dates the book.
    for name, path in samples(checker):
        book = checker.epub(name + "-undated", [path], drop_epoch=True)
        meta = checker.galley_run(name, [path, "-t", "json"])
        if not book or not meta:
            continue
        date = json.loads(meta.stdout).get("date")
        with zipfile.ZipFile(book) as z:
            opf = z.read("EPUB/package.opf").decode()
            stamp = z.infolist()[0].date_time
        modified = re.search(r'dcterms:modified">([^<]+)<', opf).group(1)
        if date and not modified.startswith(date[:10]):
            checker.fail(name, f"dcterms:modified {modified} is not the article's date {date}")
        if date and "%04d-%02d-%02d" % stamp[:3] != modified[:10]:
            checker.fail(name, f"the zip entries' date {stamp} is not {modified}")


# ---- epubcheck ----


def epubcheck(checker, named_books):
    """Runs epubcheck once over all books; reports each book it does not pass."""
    require(checker, "java")
    if not os.path.isfile(EPUBCHECK_JAR):
        print(f"FAIL: {EPUBCHECK_JAR} not found (Debian package epubcheck; "
              "scripts/install-deps test)")
        sys.exit(1)
    if not named_books:
        return
    by_path = {os.path.abspath(b): n for n, b in named_books}
    proc = subprocess.run(["java", "-cp", EPUBCHECK_JAR,
                           os.path.join(checker.tool_dir, "EpubCheckMany.java")]
                          + list(by_path), capture_output=True, text=True,
                          timeout=60 + 10 * len(by_path))
    out = proc.stdout + proc.stderr
    sections = re.split(r"^== (.+)$", proc.stdout, flags=re.M)
    reports = {sections[i]: sections[i + 1] for i in range(1, len(sections) - 1, 2)}
    problems = [line for line in proc.stderr.splitlines()
                if line.startswith(("ERROR", "WARNING", "FATAL"))]
    for path, name in by_path.items():
        report = reports.get(path)
        if report is None:
            checker.fail(name, f"epubcheck gave no report:\n{out[-2000:]}")
            continue
        mine = [p for p in problems if os.path.basename(path) in p]
        if "No errors or warnings detected." not in report or mine:
            checker.fail(name, "epubcheck: " + ("\n".join(mine) or report.strip()))
    print(f"epubcheck: {len(by_path)} books checked, {len(checker.failures)} failing")


def check_epubcheck(checker):
    epubcheck(checker, books(checker) + cover_books(checker))


def check_corpus(checker):
    folder = os.path.join(checker.shared, "corpus", "aeb", "dev")
    if not os.path.isdir(folder):
        msg = f"the corpus {folder} is absent"
        if os.environ.get("CI"):
            print(f"FAIL: {msg}, and CI is set")
            sys.exit(1)
        print(f"SKIP: {msg}; outside CI that is allowed")
        sys.exit(SKIP)
    pages = sorted(f for f in os.listdir(folder) if f.endswith(".html.gz"))
    named = []
    for page in pages:
        name = page[:-len(".html.gz")]
        html = os.path.join(checker.tmp, name + ".html")
        with gzip.open(os.path.join(folder, page)) as src, open(html, "wb") as dst:
            dst.write(src.read())
        book = checker.epub(name, [html])
        if book:
            check_book(checker, name, book)
            named.append((name, book))
    if not pages:
        checker.fail("corpus", f"no pages in {folder}")
    epubcheck(checker, named)


# ---- text ----


def link_urls(body):
    urls, stack = [], [body]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") == "link" and isinstance(node.get("url"), str):
                urls.append(node["url"])
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return urls


def check_text(checker):
    for name, path in samples(checker) + seed(checker):
        meta = checker.galley_run(name, [path, "-t", "json"])
        if not meta:
            continue
        urls = [u for u in link_urls(json.loads(meta.stdout)["body"])
                if u and not u.startswith("#")]
        outputs = {}
        for opts in ([], ["--ascii"], ["--preset", "ereader"], ["--eol", "crlf"],
                     ["--ascii", "--preset", "ereader", "--eol", "crlf"]):
            proc = checker.galley_run(name, [path, "-t", "text"] + opts)
            if not proc:
                continue
            text = proc.stdout.decode("utf-8")
            outputs[" ".join(opts)] = text
            for url in urls:
                if url not in text and not (url.startswith("mailto:") and url[7:] in text):
                    checker.fail(name, f"text {' '.join(opts)} lost the link URL {url!r}")
            crlf = "--eol" in opts
            if crlf and re.search(r"(?<!\r)\n", text):
                checker.fail(name, "--eol crlf left a bare LF")
            if not crlf and "\r" in text:
                checker.fail(name, "a CR without --eol crlf")
        plain, ascii_text = outputs.get(""), outputs.get("--ascii")
        if ascii_text is not None:
            for ch in "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00e9\u00a0":
                if ch in ascii_text:
                    checker.fail(name, f"--ascii left {ch!r} (U+{ord(ch):04X})")
        ereader = outputs.get("--preset ereader")
        unwrapped = checker.galley_run(name, [path, "-t", "text", "--width", "0"])
        if ereader is not None and unwrapped and ereader != unwrapped.stdout.decode("utf-8"):
            checker.fail(name, "--preset ereader differs from --width 0 (one line a paragraph)")

def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("kind", choices=["structure", "epubcheck", "corpus", "text"])
    p.add_argument("--galley", required=True)
    p.add_argument("--source", required=True)
    p.add_argument("--shared", required=True)
    args = p.parse_args()
    checker = Checker(args)
    {"structure": check_structure, "epubcheck": check_epubcheck, "corpus": check_corpus,
     "text": check_text}[args.kind](checker)
    return checker.finish()


if __name__ == "__main__":
    sys.exit(main())
