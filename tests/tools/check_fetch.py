#!/usr/bin/env python3
"""URL inputs (issue 18, item 1): galley fetches http:// and https:// inputs
from a server this test starts on 127.0.0.1 (Python's http.server; no other
address is ever asked), and every failure is one clear line, a non-zero exit
and no output file.

Usage: check_fetch.py GALLEY
Prints one line per check; exits 1 when any failed."""

import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from http_kit import Server, check, failures, run  # noqa: E402

ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour lights</title>
<meta name="author" content="Ada Lovelace"></head>
<body><article><h1>Harbour lights</h1>
<p>The harbour lights were lit at dusk, one after another, along the whole quay,
while the boats came in with the evening tide and the gulls settled on the
roofs of the sheds.</p>
<p>See the <a href="next.html">next chapter</a> and the
<a href="/about">about page</a>. The keepers wrote everything down in a book
that is still kept in the office by the gate.</p>
</article></body></html>
"""

# A page that declares no charset, in the bytes `encoding` makes.
UNDECLARED = """<!doctype html><html><head><title>Caf\u00e9</title></head>
<body><article><h1>Caf\u00e9 cr\u00e8me</h1><p>Le caf\u00e9 cr\u00e8me du
matin, servi en terrasse, \u00e0 l'heure o\u00f9 la rue s'\u00e9veille et o\u00f9 les
livreurs d\u00e9chargent leurs caisses devant les boutiques encore ferm\u00e9es.</p>
<p>Plus tard, les \u00e9coliers passent en courant, le gar\u00e7on essuie les tables et
la boulang\u00e8re d'en face sort les premi\u00e8res baguettes du four.</p>
</article></body></html>
"""

MARKDOWN = "# Notes\n\nA *Markdown* page served as text/markdown.\n"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    lock = threading.Lock()
    active = 0
    peak = 0

    def log_message(self, *args):
        pass

    def send(self, code, body, ctype="text/html; charset=utf-8", headers=(), length=True):
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        if length:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if length:
            self.wfile.write(body)
            return
        try:
            for i in range(0, len(body), 4096):
                part = body[i:i + 4096]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # galley hung up once past its limit, as it should

    def redirect(self, to, code=302):
        self.send(code, b"", None, [("Location", to)])

    def do_GET(self):
        p = self.path.split("?")[0]
        if p in ("/article.html", "/dir/article.html", "/") or p.startswith("/pages/"):
            self.send(200, ARTICLE.encode())
        elif p == "/moved":
            self.redirect("/dir/article.html", 301)
        elif p == "/loop":
            self.redirect("/loop")
        elif p == "/to-file":
            self.redirect("file:///etc/passwd")
        elif p == "/slow":
            time.sleep(4)
            self.send(200, ARTICLE.encode())
        elif p == "/big":
            # No Content-Length: only the write callback can stop it.
            self.send(200, b"<p>" + b"x" * 200000 + b"</p>", length=False)
        elif p == "/big-gzip":
            # 2 kB on the wire, 200 kB once decompressed.
            body = gzip.compress(b"<p>" + b"y" * 200000 + b"</p>")
            self.send(200, body, headers=[("Content-Encoding", "gzip")])
        elif p == "/gzip":
            self.send(200, gzip.compress(ARTICLE.encode()), headers=[("Content-Encoding", "gzip")])
        elif p == "/latin1":
            self.send(200, UNDECLARED.encode("latin-1"), "text/html; charset=ISO-8859-1")
        elif p == "/quoted":
            self.send(200, UNDECLARED.encode("cp1252"), 'text/html;charset="windows-1252"')
        elif p == "/wrong":
            # The server says Latin-1; the bytes are UTF-8.
            self.send(200, UNDECLARED.encode(), "text/html; charset=ISO-8859-1")
        elif p == "/undeclared":
            self.send(200, UNDECLARED.encode(), "text/html")
        elif p == "/notes":
            self.send(200, MARKDOWN.encode(), "text/markdown; charset=utf-8")
        elif p == "/picture":
            self.send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
        elif p.startswith("/one/") or p.startswith("/two/"):
            # Counts the requests under way at once (the per-host limit).
            with Handler.lock:
                Handler.active += 1
                Handler.peak = max(Handler.peak, Handler.active)
            time.sleep(0.3)
            with Handler.lock:
                Handler.active -= 1
            self.send(200, ARTICLE.replace("Harbour lights", "Page " + p).encode())
        elif p == "/error":
            self.send(500, b"<p>oops</p>")
        else:
            self.send(404, b"<p>no such page</p>")


def fails(galley, base, path, expected, *extra):
    """A failure: exit 1, exactly one line 'galley: URL: ...expected...', no file."""
    url = base + path
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out.txt")
        r = run(galley, url, "-o", out, *extra)
        lines = r.stderr.splitlines()
        check(r.returncode == 1 and len(lines) == 1 and lines[0].startswith("galley: " + url + ": ")
              and expected in lines[0], path + ": one line saying " + repr(expected),
              "rc %d, stderr %r" % (r.returncode, r.stderr))
        check(os.listdir(d) == [], path + ": no file left", repr(os.listdir(d)))


def outputs(folder):
    """The files of an output folder but galley's state."""
    return sorted(n for n in os.listdir(folder) if not n.startswith(".")) \
        if os.path.isdir(folder) else []


def batch(galley, base):
    """Several URLs in one run into a folder: names from the last path
    segment (the later of two alike gets -2), or the title for the empty
    path (check_fetch_batch.py has the rest of that rule), at most 2 requests at a time
    to one host whatever -j, each failure one line while the others go on."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out")
        report = os.path.join(d, "report.jsonl")
        bad = base + "/nothing-here"
        r = run(galley, base + "/article.html", base + "/dir/article.html?x=1", bad,
                base + "/pages/moved/", base + "/", "-o", out + "/", "-t", "text", "--report", report)
        names = outputs(out)
        check(names == ["article-2.txt", "article.txt", "harbour-lights.txt", "moved.txt"],
              "batch: outputs named from the URL (last segment, -2), the empty path from its "
              "title",
              repr(names) + r.stderr)
        lines = [l for l in r.stderr.splitlines() if "warning:" not in l and " inputs:" not in l]
        check(r.returncode == 1 and lines == ["galley: " + bad + ": the server answered 404 "
                                              "(not found)"],
              "batch: the failed URL is one line, the others converted", r.stderr)
        rows = [json.loads(l) for l in open(report)] if os.path.exists(report) else []
        by = {row.get("input"): row for row in rows}
        check(by.get(bad, {}).get("status") == "failed" and
              by.get(base + "/article.html", {}).get("title") == "Harbour lights",
              "batch: the report has the URLs", repr(rows)[:500])

        # --files-from takes URL lines, mixed with files.
        local = os.path.join(d, "local.md")
        with open(local, "w") as f:
            f.write("# Local\n\nA local file.\n")
        listing = os.path.join(d, "list.txt")
        with open(listing, "w") as f:
            f.write("local.md\n%s/gzip\n%s/a/local\n" % (base, base))
        out2 = os.path.join(d, "out2")
        r = run(galley, "--files-from", listing, d, "-o", out2 + "/", "-t", "text")
        names = outputs(out2)
        check(r.returncode == 1 and names == ["gzip.txt", "local.txt"] and
              "galley: %s/a/local: the server answered 404" % base in r.stderr,
              "--files-from: URL lines fetched, a file keeps its name", repr(names) + r.stderr)

        # Six slow pages of one host with -j 4: never more than 2 at once.
        Handler.peak = 0
        urls = [base + "/one/p%d.html" % i for i in range(6)]
        out3 = os.path.join(d, "out3")
        r = run(galley, *urls, "-j", "4", "-o", out3 + "/", "-t", "text")
        check(r.returncode == 0 and len(outputs(out3)) == 6 and 1 <= Handler.peak <= 2,
              "batch: at most 2 requests at a time to one host (-j 4)",
              "peak %d, %s" % (Handler.peak, r.stderr))


def main():
    galley = sys.argv[1]
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % server.server_address[1]

    r = run(galley, base + "/article.html", "-t", "text")
    check(r.returncode == 0 and "The harbour lights were lit at dusk" in r.stdout,
          "article: converted", r.stderr)

    # Redirected: the final URL is the base of relative links and the url.
    r = run(galley, base + "/moved", "-t", "json")
    doc = json.loads(r.stdout) if r.returncode == 0 else {}
    check(doc.get("url") == base + "/dir/article.html", "redirect: url is the final URL",
          r.stderr + repr(doc.get("url")))
    check(base + "/dir/next.html" in r.stdout and base + "/about" in r.stdout,
          "redirect: links resolved against the final URL", r.stdout[:2000])
    check(doc.get("title") == "Harbour lights" and doc.get("byline") == "Ada Lovelace",
          "redirect: title and byline", repr((doc.get("title"), doc.get("byline"))))

    # --metadata and --base-url still win over what the fetch says.
    r = run(galley, base + "/moved", "-t", "json", "--metadata", "url=https://example.org/a",
            "--base-url", "https://example.org/b/")
    doc = json.loads(r.stdout) if r.returncode == 0 else {}
    check(doc.get("url") == "https://example.org/a" and "https://example.org/b/next.html" in r.stdout,
          "--metadata url and --base-url win", r.stderr + r.stdout[:500])

    # libcurl comes with the fetch module, on the first URL (tests/cli/modules.sh
    # checks that local conversions map neither).
    env = dict(os.environ, LD_DEBUG="files", NO_PROXY="*", no_proxy="*")
    r = subprocess.run([galley, base + "/article.html", "-t", "text"], capture_output=True,
                       text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
    check(r.returncode == 0 and "galley/galley-fetch.so" in r.stderr and "libcurl" in r.stderr,
          "a URL maps the fetch module and libcurl", r.stderr[-500:])

    r = run(galley, base + "/gzip", "-t", "text")
    check(r.returncode == 0 and "The harbour lights were lit at dusk" in r.stdout,
          "gzip: decoded", r.stderr)

    for path, why in (("/latin1", "charset from Content-Type"),
                      ("/quoted", "quoted charset from Content-Type"),
                      ("/undeclared", "no charset anywhere: UTF-8 by its bytes")):
        r = run(galley, base + path, "-t", "text")
        check(r.returncode == 0 and "Caf\u00e9 cr\u00e8me" in r.stdout and "\ufffd" not in r.stdout
              and "charset" not in r.stderr and "U+FFFD" not in r.stderr, path + ": " + why,
              r.stderr + r.stdout[:300])
    r = run(galley, base + "/wrong", "-t", "text")
    check(r.returncode == 0 and "Caf\u00e9 cr\u00e8me" in r.stdout and
          "declared the charset \"ISO-8859-1\" but the page is UTF-8" in r.stderr,
          "/wrong: UTF-8 bytes under a Latin-1 header read as UTF-8, with a warning",
          r.stderr + r.stdout[:300])

    r = run(galley, base + "/notes", "-t", "text", "-v")
    check(r.returncode == 0 and "reading as markdown (by media type)" in r.stderr and
          "A Markdown page served as text/markdown." in r.stdout,
          "text/markdown: read as Markdown", r.stderr + r.stdout[:300])

    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "a.pdf")
        r = run(galley, base + "/article.html", "-o", out)
        check(r.returncode == 0 and open(out, "rb").read(5) == b"%PDF-", "-o a.pdf written",
              r.stderr)

    fails(galley, base, "/loop", "more than 10 redirects")
    fails(galley, base, "/to-file", "redirected to a URL that is not http or https")
    fails(galley, base, "/slow", "did not arrive within 1 s", "--fetch-timeout", "1")
    fails(galley, base, "/big", "over the limit of 100000 bytes (--max-input)",
          "--max-input", "100000")
    fails(galley, base, "/big-gzip", "over the limit of 100000 bytes (--max-input)",
          "--max-input", "100000")
    fails(galley, base, "/nothing-here", "the server answered 404 (not found)")
    fails(galley, base, "/error", "the server answered 500 (internal server error)")
    fails(galley, base, "/picture", "not HTML or Markdown: the server sent image/png")
    # A port nothing listens on: the server's own, once it is closed, is not
    # safe to reuse; a fresh socket's, closed at once, is refused.
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    closed = "http://127.0.0.1:%d" % s.getsockname()[1]
    s.close()
    fails(galley, closed, "/a.html", "cannot connect to the server")
    # A name that cannot resolve, in a network namespace of its own with no
    # network (where the machine allows one), so no resolver is asked.
    if subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0:
        r = subprocess.run(["unshare", "-rn", galley, "http://galley-test.invalid/a.html"],
                           capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
        check(r.returncode == 1 and r.stderr == "galley: http://galley-test.invalid/a.html: "
              "cannot resolve the host 'galley-test.invalid'\n", "no such host: one line",
              r.stderr)
    else:
        print("skip no such host: unshare -rn is not allowed here")

    batch(galley, base)

    server.shutdown()
    print("%d failed" % failures())
    return 1 if failures() else 0


if __name__ == "__main__":
    sys.exit(main())
