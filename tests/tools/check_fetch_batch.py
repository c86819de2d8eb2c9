#!/usr/bin/env python3
"""URLs in batches, books and behind a proxy (issue 18), against a server
this test starts on 127.0.0.1 (no other address is ever asked):
- output names from the title when the URL's last segment says nothing
  (an empty path, index.html, a numeric id, view.php?id=N), a single URL
  with -o DIR/ and a batch of URLs, clashes taking "-2";
- --combine fetches a URL chapter's images (and a local one's with
  --fetch-images), as a single conversion does: pdfimages on the book,
  epubcheck on the EPUB;
- behind a proxy (http_proxy pointing at this server, which serves the
  absolute-URI requests a proxy gets), an image host is resolved and
  checked by galley before the proxy is asked, so the private-network rule
  holds; a public host goes through the proxy;
- a batch's workers together keep to 2 requests at a time to one host,
  pages and images alike.

Usage: check_fetch_batch.py GALLEY DATA_DIR (tests/data)
Prints one line per check; exits 1 when any failed."""

import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from http_kit import Server, check, failures, run  # noqa: E402

DATA = sys.argv[2] if len(sys.argv) > 2 else "tests/data"
PUBLIC = "pub.galley-test.invalid"    # --resolve'd to TEST-NET-1 (public by class)
PRIVATE = "intra.galley-test.invalid"  # --resolve'd to 10.1.2.3


def read(path):
    with open(os.path.join(DATA, path), "rb") as f:
        return f.read()


GIF = read("fetch/pic.gif")    # 40 x 30
WEBP = read("fetch/pic.webp")  # 50 x 40
TEXT = ("<p>The harbour at dusk, drawn and photographed by the keepers over many years, "
        "with the boats coming in on the evening tide and the lights along the quay.</p>\n"
        "<p>The keepers wrote everything down in a book that is still kept in the office "
        "by the gate, where anyone may read it on a weekday afternoon.</p>\n")


def page(title, body=""):
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title>"
            "</head><body><article><h1>%s</h1>%s%s</article></body></html>"
            % (title, title, TEXT, body)).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def uncount(self):
        """The request stops counting as open before its answer leaves: the
        client can only give its slot back once it has the answer, so a
        request counted after that really overlaps (counting until the
        handler returns would also count one that has already been
        answered, and the test would see 3 now and then)."""
        if getattr(self, "counted", None):
            with self.server.lock:
                self.server.now[self.counted] -= 1
            self.counted = None

    def send(self, code, body, ctype="text/html; charset=utf-8"):
        self.uncount()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):
        srv = self.server
        p = self.path
        host = self.headers.get("Host", "")
        proxied = p.startswith("http://")
        if proxied:  # a proxy's request: the absolute URI
            rest = p[len("http://"):]
            host, p = rest.split("/", 1)[0], "/" + rest.split("/", 1)[1]
        with srv.lock:
            srv.requests.append((host, p, proxied))
            srv.now[host] = srv.now.get(host, 0) + 1
            srv.most[host] = max(srv.most.get(host, 0), srv.now[host])
        self.counted = host
        try:
            self.answer(p)
        finally:
            self.uncount()

    def answer(self, p):
        port = self.server.server_address[1]
        if p == "/":
            self.send(200, page("Front Page: News & Notes"))
        elif p == "/blog/index.html":
            self.send(200, page("Über die Brücke, Notes"))
        elif p == "/p/12345":
            self.send(200, page("Front Page: News & Notes"))  # the same title: -2
        elif p.startswith("/view.php"):
            self.send(200, page("A Story of Boats"))
        elif p == "/n/2024/":
            self.send(200, b"<!doctype html><html><body><article>%s</article></body></html>"
                      % TEXT.encode())
        elif p == "/harbour-notes.html":
            self.send(200, page("Harbour notes"))
        elif p.startswith("/pics/"):
            n = p.split("/")[2]
            self.send(200, page("Pictures %s" % n,
                                '<figure><img src="/img/%s.gif" alt="ALT-%s"></figure>' % (n, n)))
        elif p == "/proxy.html":
            self.send(200, page("Behind a proxy",
                                '<figure><img src="/img/same.gif" alt="ALT-SAME"></figure>'
                                '<figure><img src="http://%s:%d/img/pub.webp" alt="ALT-PUB">'
                                '</figure><figure><img src="http://%s:%d/img/intra.gif" '
                                'alt="ALT-INTRA"></figure><figure><img '
                                'src="http://127.0.0.1:%d/img/loop.gif" alt="ALT-LOOP"></figure>'
                                % (PUBLIC, port, PRIVATE, port, port)))
        elif p.startswith("/slow/"):
            time.sleep(0.3)
            self.send(200, page("Slow page %s" % p.split("/")[2],
                                "".join('<figure><img src="/img/s%s-%d.gif" alt="S"></figure>'
                                        % (p.split("/")[2], k) for k in range(4))))
        elif p.endswith(".webp"):
            self.send(200, WEBP, "image/webp")
        elif p.startswith("/img/"):
            if p.startswith("/img/s"):
                time.sleep(0.3)
            self.send(200, GIF, "image/gif")
        else:
            self.send(404, b"<p>no such page</p>")


def pdf_images(path):
    r = subprocess.run(["pdfimages", "-list", path], capture_output=True, text=True, check=True)
    return sorted((int(f[3]), int(f[4])) for f in (l.split() for l in r.stdout.splitlines()[2:])
                  if len(f) > 4 and f[2] == "image")


def pdf_text(path):
    return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True,
                          check=True).stdout


def run_proxy(galley, proxy, *args):
    """galley with http_proxy set to `proxy` (this test's server)."""
    env = dict(os.environ)
    for k in ("https_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        env.pop(k, None)
    env["http_proxy"] = proxy
    return subprocess.run([galley, *args], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=120)


def epubcheck(path):
    c = subprocess.run(["java", "-jar", "/usr/share/java/epubcheck.jar", path],
                       capture_output=True, text=True)
    return c.returncode == 0, c.stdout[-1500:] + c.stderr[-1500:]


def names(galley, base, d):
    # A single URL with -o DIR/: the empty path is named after the title.
    out = os.path.join(d, "one")
    r = run(galley, base + "/", "-o", out + "/", "-t", "text")
    got = sorted(f for f in os.listdir(out) if not f.startswith(".")) if os.path.isdir(out) \
        else []
    check(r.returncode == 0 and got == ["front-page-news-notes.txt"],
          "single URL, empty path: named after its title", r.stderr + repr(got))
    # A batch: index.html, a numeric id, a script's query, a useful segment,
    # and a page without a title (its host, as before).
    out = os.path.join(d, "batch")
    urls = [base + "/", base + "/blog/index.html", base + "/p/12345", base + "/view.php?id=7",
            base + "/harbour-notes.html", base + "/n/2024/"]
    r = run(galley, *urls, "-o", out + "/", "-t", "text", "-j", "2", "--report",
            os.path.join(d, "names.jsonl"))
    got = sorted(f for f in os.listdir(out) if not f.startswith(".")) if os.path.isdir(out) \
        else []
    want = sorted(["front-page-news-notes.txt", "front-page-news-notes-2.txt",
                   "über-die-brücke-notes.txt", "a-story-of-boats.txt", "harbour-notes.txt",
                   "2024.txt"])
    check(r.returncode == 0 and got == want,
          "batch: generic segments named after the title, a clash takes -2, a useful segment "
          "and an untitled page keep the URL's name", r.stderr + repr(got))
    with open(os.path.join(d, "names.jsonl"), encoding="utf-8") as f:
        report = f.read()
    check("a-story-of-boats.txt" in report and "über-die-brücke-notes.txt" in report,
          "batch: the report names the outputs as written", report[-800:])
    # Run again: the same names (a name is the run's, not taken from what
    # the folder already holds).
    r = run(galley, *urls, "-o", out + "/", "-t", "text", "-j", "2")
    again = sorted(f for f in os.listdir(out) if not f.startswith("."))
    check(r.returncode == 0 and again == want, "batch again: the same names", repr(again))


def combine(galley, base, d):
    pages = [base + "/pics/a", base + "/pics/b"]
    pdf = os.path.join(d, "book.pdf")
    r = run(galley, "--combine", *pages, "-o", pdf, "--allow-private-network")
    check(r.returncode == 0 and pdf_images(pdf) == [(40, 30), (40, 30)],
          "--combine pdf: each URL chapter's image fetched", r.stderr +
          (repr(pdf_images(pdf)) if r.returncode == 0 else ""))
    text = pdf_text(pdf) if r.returncode == 0 else ""
    check("ALT-a" not in text and "ALT-b" not in text, "--combine pdf: no alt text", text[-500:])
    epub = os.path.join(d, "book.epub")
    r = run(galley, "--combine", *pages, "-o", epub, "--allow-private-network")
    imgs = [n for n in zipfile.ZipFile(epub).namelist() if n.startswith("EPUB/img")] \
        if r.returncode == 0 else []
    check(r.returncode == 0 and len(imgs) == 2, "--combine epub: both chapters' images",
          r.stderr + repr(imgs))
    if r.returncode == 0:
        ok, why = epubcheck(epub)
        check(ok, "--combine epub: epubcheck passes", why)
    # A URL chapter from 127.0.0.1 may have its own origin's images.
    r = run(galley, "--combine", *pages, "-o", os.path.join(d, "own.pdf"))
    check(r.returncode == 0 and len(pdf_images(os.path.join(d, "own.pdf"))) == 2,
          "--combine: a page's own origin, as a single conversion", r.stderr)
    # Local chapters: nothing without --fetch-images; with it, the rules.
    local = os.path.join(d, "local.html")
    with open(local, "wb") as f:
        f.write(page("Local", '<figure><img src="%s/img/l.gif" alt="ALT-L"></figure>' % base))
    r = run(galley, "--combine", local, "-o", os.path.join(d, "l1.pdf"))
    check(r.returncode == 0 and pdf_images(os.path.join(d, "l1.pdf")) == [],
          "--combine local: no fetch without --fetch-images", r.stderr)
    r = run(galley, "--combine", local, "-o", os.path.join(d, "l2.pdf"), "--fetch-images")
    check(r.returncode == 0 and pdf_images(os.path.join(d, "l2.pdf")) == [] and
          "a loopback address" in r.stderr, "--combine local --fetch-images: 127.0.0.1 refused",
          r.stderr)
    r = run(galley, "--combine", local, "-o", os.path.join(d, "l3.pdf"), "--fetch-images",
            "--allow-private-network")
    check(r.returncode == 0 and pdf_images(os.path.join(d, "l3.pdf")) == [(40, 30)],
          "--combine local --fetch-images --allow-private-network: fetched", r.stderr)


def proxy(galley, server, base, d):
    port = server.server_address[1]
    via = "http://127.0.0.1:%d" % port
    resolve = ["--resolve", "%s:%d:192.0.2.10" % (PUBLIC, port),
               "--resolve", "%s:%d:10.1.2.3" % (PRIVATE, port)]
    url = "http://%s:%d/proxy.html" % (PUBLIC, port)
    server.requests.clear()
    pdf = os.path.join(d, "proxy.pdf")
    r = run_proxy(galley, via, url, "-o", pdf, *resolve)
    check(r.returncode == 0, "proxy: the page came through the proxy", r.stderr)
    asked = [(h, p) for h, p, proxied in server.requests if proxied]
    check(("%s:%d" % (PUBLIC, port), "/proxy.html") in asked, "proxy: asked for the page",
          repr(server.requests))
    sizes = pdf_images(pdf) if r.returncode == 0 else []
    check(sizes == [(40, 30), (50, 40)],
          "proxy: the page's own and a public host's images fetched through it", repr(sizes))
    check(not any(h.startswith(PRIVATE) or h.startswith("127.0.0.1") for h, _ in asked),
          "proxy: never asked for the private or loopback hosts", repr(asked))
    check("intra.galley-test.invalid:%d is at 10.1.2.3, a private address, checked before the "
          "proxy" % port in r.stderr, "proxy: the private host refused, named", r.stderr)
    check("127.0.0.1:%d is at 127.0.0.1, a loopback address, checked before the proxy" % port
          in r.stderr, "proxy: a loopback literal refused", r.stderr)
    # --allow-private-network: the proxy fetches them.
    server.requests.clear()
    r = run_proxy(galley, via, url, "-o", os.path.join(d, "proxy2.pdf"), *resolve,
                  "--allow-private-network")
    asked = [h for h, _, proxied in server.requests if proxied]
    check(r.returncode == 0 and len(pdf_images(os.path.join(d, "proxy2.pdf"))) == 4 and
          any(h.startswith(PRIVATE) for h in asked),
          "proxy, --allow-private-network: every image through the proxy", r.stderr)
    # No proxy: straight to the server, checked at connection time as
    # before (the public name mapped to 127.0.0.1 too, so that nothing
    # but 127.0.0.1 is ever connected to).
    direct = ["--resolve", "%s:%d:127.0.0.1" % (PUBLIC, port),
              "--resolve", "%s:%d:10.1.2.3" % (PRIVATE, port)]
    env_ok = run(galley, base + "/proxy.html", "-o", os.path.join(d, "direct.pdf"), *direct)
    check(env_ok.returncode == 0 and
          "is at 127.0.0.1, a loopback address (--allow-private-network)" in env_ok.stderr,
          "no proxy: the connection's address checked", env_ok.stderr)


def per_host(galley, server, base, d):
    with server.lock:
        server.most.clear()
        server.now.clear()
    urls = [base + "/slow/%d" % i for i in range(6)]
    out = os.path.join(d, "slow")
    r = run(galley, *urls, "-o", out + "/", "-j", "4", "-t", "pdf", "--allow-private-network")
    got = sorted(f for f in os.listdir(out) if f.endswith(".pdf")) if os.path.isdir(out) else []
    check(r.returncode == 0 and len(got) == 6, "-j 4 over one host: converted", r.stderr)
    pics = sum(len(pdf_images(os.path.join(out, f))) for f in got)
    check(pics == 24, "-j 4 over one host: every image fetched", "%d images" % pics)
    most = server.most.get("127.0.0.1:%d" % server.server_address[1], 0)
    check(1 <= most <= 2, "-j 4: at most 2 requests at a time to one host across the workers",
          "most at once: %d" % most)


def main():
    galley = sys.argv[1]
    server = Server(("127.0.0.1", 0), Handler)
    server.lock = threading.Lock()
    server.requests, server.now, server.most = [], {}, {}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % server.server_address[1]
    with tempfile.TemporaryDirectory() as d:
        names(galley, base, d)
        combine(galley, base, d)
        proxy(galley, server, base, d)
        per_host(galley, server, base, d)
    server.shutdown()
    print("%d failed" % failures())
    return 1 if failures() else 0


if __name__ == "__main__":
    sys.exit(main())
