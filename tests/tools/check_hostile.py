#!/usr/bin/env python3
"""No hostile link reaches any output (issue 14 item 8).

  check_hostile.py GALLEY SOURCE_DIR WORK_DIR

Every writer of the table in src/registry.c converts three sets of inputs;
a writer this script cannot read links from fails it, so a new writer must
be taught here.

1. tests/regress/issue-14-hostile-links.html (whole page) and .md: tables of
   links and images whose URL a browser reads as javascript:, vbscript:,
   file: or data:text/html, spelled with HTML5 named references libxml2 2.9
   lacks (&colon; &Tab; &NewLine;), numeric references with and without ';',
   tabs and newlines inside the scheme, mixed case, leading spaces and
   controls, in quoted and unquoted attributes, Markdown links, references
   and raw HTML. No output may hold "xss" (only those URLs do), every link
   must lead to http(s), mailto or a #fragment (or, in an EPUB, to one of
   its own files), and each link's text must stay. The page opens with a
   DOCTYPE whose internal subset names /etc/passwd: none of it may show.
2. Front matter `url:` values that are local or UNC paths, file: or
   javascript: URLs: at most text, never a link; an https one stays a link
   in the XHTML and EPUB header.
3. Images naming files outside the input's folder (absolute paths, "../",
   "%2e%2e/", "..\\", symbolic links out, a missing file under a link to
   /etc, file:, //host and \\\\host UNC paths), in Markdown and in HTML:
   only the image inside the folder, and a missing one whose folder is
   inside, keep their URL, in every writer; the others keep their alt text,
   and the XHTML writer warns once for each (file: is the readers' to drop).

Python 3 standard library, qpdf (PDF link annotations) and pdftotext.
"""
import html
import json
import os
import re
import struct
import subprocess
import sys
import zipfile
import zlib

FAILURES = []


def fail(msg):
    FAILURES.append(msg)
    print("FAIL: " + msg, file=sys.stderr)


def writers(source):
    """The writer names of src/registry.c's table."""
    with open(os.path.join(source, "src", "registry.c"), encoding="utf-8") as f:
        text = f.read()
    table = re.search(r"gl_writer_entry writers\[\] = \{(.*?)\n\};", text, re.S).group(1)
    return re.findall(r'\{"(\w+)",', table)


def scheme_of(url):
    """The scheme a browser reads (WHATWG URL: leading and trailing C0
    controls and spaces stripped, tabs and newlines removed), lowercased, or
    "" for a relative reference."""
    u = re.sub(r"[\t\n\r]", "", url.strip("".join(chr(c) for c in range(0x21))))
    m = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", u)
    return (m.group(1).lower() if m else ""), u


def attr_links(markup):
    """(url, is_image) of every URL-bearing attribute in HTML or XHTML."""
    out = []
    for m in re.finditer(r"<(\w+)([^>]*)>", markup):
        tag = m.group(1).lower()
        for a in re.finditer(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
                             m.group(2)):
            name = a.group(1).lower()
            value = html.unescape(next(v for v in a.group(2, 3, 4) if v is not None))
            if name in ("href", "xlink:href", "action", "formaction", "cite"):
                out.append((value, False))
            elif name in ("src", "poster", "background", "data") or \
                    (name == "srcset" and tag in ("img", "source")):
                out.append((value, True))
            elif name == "content" and "url=" in value.lower():
                out.append((value[value.lower().index("url=") + 4:], False))
    return out


def md_unescape(s):
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", s))


def md_links(text):
    """Link and image destinations of Markdown, autolinks, reference
    definitions and the raw HTML's attributes (CommonMark decodes character
    references in destinations, so they are decoded here too)."""
    out = []
    for m in re.finditer(r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>]*>|(?:[^\s()\\]|\\.)+)", text):
        dest = m.group(2)
        out.append((md_unescape(dest[1:-1] if dest.startswith("<") else dest), m.group(1) == "!"))
    for m in re.finditer(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)", text, re.M):
        dest = m.group(1)
        out.append((md_unescape(dest[1:-1] if dest.startswith("<") else dest), False))
    for m in re.finditer(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>", text):
        out.append((m.group(1), False))
    return out + attr_links(text)


def json_links(doc):
    out = []

    def walk(n):
        if isinstance(n, dict):
            if n.get("type") in ("link", "image", "figure") and n.get("url") is not None:
                out.append((n["url"], n["type"] != "link"))
            for v in n.values():
                walk(v)
        elif isinstance(n, list):
            for v in n:
                walk(v)

    walk(doc.get("body", []))
    return out


def pdf_links(path):
    """URI targets of the PDF's link annotations, any other kind of action as
    "action:/Kind", and all the strings qpdf and pdftotext find."""
    data = json.loads(subprocess.run(["qpdf", "--json", path], check=True,
                                     capture_output=True).stdout)
    objs = data["qpdf"][1]
    out = []
    for obj in objs.values():
        value = obj.get("value") if isinstance(obj, dict) else None
        if not isinstance(value, dict):
            continue
        kind = value.get("/S")
        if kind == "/URI":
            uri = value.get("/URI", "")
            out.append((uri[2:] if uri[:2] in ("u:", "b:") else uri, False))
        elif kind in ("/Launch", "/GoToR", "/JavaScript", "/SubmitForm", "/ImportData"):
            out.append(("action:" + kind, False))
    text = subprocess.run(["pdftotext", path, "-"], check=True, capture_output=True,
                          text=True).stdout
    return out, json.dumps(objs) + text


def read_output(fmt, path):
    """(links, all the text) of an output; links are (url, is_image, inside)
    where `inside` names what a relative URL may point at (an EPUB's own
    files)."""
    if fmt == "pdf":
        links, text = pdf_links(path)
        return [(u, i, ()) for u, i in links], text
    if fmt == "epub":
        links, text = [], ""
        with zipfile.ZipFile(path) as z:
            names = tuple(n[len("EPUB/"):] for n in z.namelist() if n.startswith("EPUB/"))
            for n in z.namelist():
                body = z.read(n).decode("utf-8", "replace")
                text += body
                if n.endswith((".xhtml", ".opf", ".ncx", ".xml")):
                    links += [(u, i, names) for u, i in attr_links(body)]
        return links, text
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if fmt in ("xhtml", "html"):
        links = attr_links(text)
    elif fmt == "json":
        links = json_links(json.loads(text))
    elif fmt in ("md", "markdown"):
        links = md_links(text)
    elif fmt == "text":
        links = [(m.group(1), False) for m in re.finditer(r"^\[\d+\] (.+)$", text, re.M)]
        links += [(m.group(1), False) for m in re.finditer(r"<([^<>\s]+)>", text)]
    else:
        fail("writer %s: this test cannot find its links; teach tests/tools/check_hostile.py"
             % fmt)
        links = []
    return [(u, i, ()) for u, i in links], text


def bad_link(url, image, inside, allowed_local=()):
    """Why a link must not be there, or None."""
    scheme, u = scheme_of(url)
    if scheme in ("http", "https") or (scheme == "mailto" and not image):
        return None
    if scheme == "data" and image and re.match(r"data:image/(png|jpeg)[;,]", u, re.I):
        return None
    if not scheme and (u.startswith("#") or u in allowed_local or u.split("#")[0] in inside):
        return None
    if url == "":
        return None  # the document itself: libxml2 empties a value at a bad "&#1;"
    return "a %s link" % (scheme + ":" if scheme else "local or relative")


def convert(galley, src, fmt, out, extra=()):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000",
               XDG_CACHE_HOME=os.path.join(os.path.dirname(out), "cache"))
    p = subprocess.run([galley, *extra, src, "-t", fmt, "-o", out], capture_output=True,
                       text=True, env=env)
    if p.returncode != 0:
        fail("%s to %s: exit %d: %s" % (src, fmt, p.returncode, p.stderr.strip()))
        return None
    return p.stderr


def check_tables(galley, source, work, fmts):
    for name, extra, marks in (("issue-14-hostile-links.html", ["--whole"], "hi"),
                               ("issue-14-hostile-links.md", [], "mj")):
        src = os.path.join(source, "tests", "regress", name)
        with open(src, encoding="utf-8") as f:
            expected = sorted(set(re.findall(r"\b[%s]\d\d\b" % marks, f.read())))
        for fmt in fmts:
            variants = [("", [])] + ([("-inline", ["--links", "inline"])] if fmt == "text" else [])
            for suffix, opts in variants:
                out = os.path.join(work, "%s%s.%s" % (name, suffix, fmt))
                if convert(galley, src, fmt, out, extra + opts) is None:
                    continue
                links, text = read_output(fmt, out)
                for url, image, inside in links:
                    why = bad_link(url, image, inside)
                    if why or "xss" in url.lower():
                        fail("%s to %s%s: %s: %r" % (name, fmt, suffix, why or "hostile", url))
                if "xss" in text.lower():
                    line = next(l for l in text.splitlines() if "xss" in l.lower())
                    fail("%s to %s%s: 'xss' in the output: %s" % (name, fmt, suffix, line[:200]))
                for leak in ("ENTITY", "%p;", "passwd"):
                    if leak in text:
                        fail("%s to %s%s: the DOCTYPE shows (%s)" % (name, fmt, suffix, leak))
                if fmt in ("text", "xhtml", "json", "md", "html", "epub"):
                    lost = [m for m in expected if m not in text]
                    if lost:
                        fail("%s to %s%s: link texts lost: %s" % (name, fmt, suffix, lost))


FRONT_MATTER_URLS = ["/etc/passwd", "\\\\host\\share\\doc", "//host/share/doc",
                     "file:///etc/passwd", "FILE://host/share", "javascript:alert(30)",
                     " java\tscript:alert(31)", "../../etc/passwd", "C:\\Windows\\win.ini",
                     "smb://host/share"]


def check_front_matter(galley, work, fmts):
    cases = FRONT_MATTER_URLS + ["https://example.com/article"]
    for k, url in enumerate(cases):
        src = os.path.join(work, "url-%d.md" % k)
        with open(src, "w", encoding="utf-8") as f:
            f.write("---\ntitle: Where from\nurl: %s\n---\n\nThe body of the article.\n"
                    % json.dumps(url))
        for fmt in fmts:
            out = os.path.join(work, "url-%d.%s" % (k, fmt))
            if convert(galley, src, fmt, out) is None:
                continue
            links, _ = read_output(fmt, out)
            for u, image, inside in links:
                why = bad_link(u, image, inside)
                if why:
                    fail("front matter url %r to %s: %s: %r" % (url, fmt, why, u))
            if url.startswith("https:") and fmt in ("xhtml", "epub", "html") and \
                    url not in [u for u, _, _ in links]:
                fail("front matter url %r to %s: no longer a link" % (url, fmt))


IMAGES = ["ok.png", "/etc/passwd", "../secret.png", "../../../../../../etc/passwd",
          "%2e%2e/secret.png", "link.png", "passwd.png", "file:///etc/passwd",
          "//host/share/x.png", "\\\\host\\share\\x.png", "..\\secret.png",
          "sub/../../secret.png", " /etc/passwd", "/tmp", "sub/%2e%2e/%2E%2E/secret.png",
          "etc/none.png", "sub/missing.png"]
# What stays: the image inside, and a missing file whose folder is inside.
KEPT = ["ok.png", "sub/missing.png"]


def check_images(galley, work, fmts):
    png = b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        for kind, body in ((b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)),
                           (b"IDAT", zlib.compress(b"\0\xff\0\0")), (b"IEND", b"")))
    folder = os.path.join(work, "images")
    inside = os.path.join(folder, "in")
    os.makedirs(os.path.join(inside, "sub"), exist_ok=True)
    for path in (os.path.join(folder, "secret.png"), os.path.join(inside, "ok.png")):
        with open(path, "wb") as f:
            f.write(png)
    for name, target in (("link.png", "../secret.png"), ("passwd.png", "/etc/passwd"),
                         ("etc", "/etc")):
        if not os.path.islink(os.path.join(inside, name)):
            os.symlink(target, os.path.join(inside, name))
    alts = ["k%02d" % k for k in range(len(IMAGES))]
    md = os.path.join(inside, "doc.md")
    with open(md, "w", encoding="utf-8") as f:
        f.write("# Images\n\n" + "\n\n".join("![%s](<%s>)" % (a, u) for a, u in zip(alts, IMAGES))
                + "\n")
    page = os.path.join(inside, "doc.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write("<html><body><h1>Images</h1>\n" + "\n".join(
            '<p>Figure <img src="%s" alt="%s"></p>' % (html.escape(u), a)
            for a, u in zip(alts, IMAGES)) + "\n</body></html>\n")
    for src, extra in ((md, []), (page, ["--whole"])):
        for fmt in fmts:
            out = os.path.join(work, "%s.%s" % (os.path.basename(src), fmt))
            warnings = convert(galley, src, fmt, out, extra)
            if warnings is None:
                continue
            links, text = read_output(fmt, out)
            images = [u for u, image, _ in links if image]
            for u, image, inside_names in links:
                why = bad_link(u, image, inside_names, allowed_local=KEPT)
                if why:
                    fail("%s to %s: %s: %r" % (os.path.basename(src), fmt, why, u))
            if fmt in ("xhtml", "json", "html", "md") and images != KEPT:
                fail("%s to %s: images %r, not %r" % (os.path.basename(src), fmt, images, KEPT))
            lost = [a for a, u in zip(alts, IMAGES) if u not in KEPT and a not in text]
            if fmt in ("text", "xhtml", "json", "md", "html", "epub") and lost:
                fail("%s to %s: alt texts lost: %s" % (os.path.basename(src), fmt, lost))
            refused = sum(1 for u in IMAGES if u not in KEPT and not u.startswith("file:"))
            if fmt == "xhtml" and warnings.count("is outside the input's folder") != refused:
                fail("%s to xhtml: not one warning for each of the %d images outside:\n%s"
                     % (os.path.basename(src), refused, warnings))


def main():
    galley, source, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    fmts = writers(source)
    if len(fmts) < 5:
        fail("only %r found in src/registry.c" % fmts)
    check_tables(galley, source, work, fmts)
    check_front_matter(galley, work, fmts)
    check_images(galley, work, fmts)
    if FAILURES:
        sys.exit("%d failure(s)" % len(FAILURES))
    print("ok: %s" % ", ".join(fmts))


if __name__ == "__main__":
    main()
