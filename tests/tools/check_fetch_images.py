#!/usr/bin/env python3
"""Fetched images (issue 18, item 2): a page served by this test on
127.0.0.1 (Python's http.server; no other address is ever asked) has PNG,
JPEG, GIF, WebP and SVG images, a redirect loop, a slow image, one past the
size limit, a 404, a redirect to file:, and images on another host name
mapped to 127.0.0.1 with --resolve. galley fetches what the rules allow,
refuses the rest with one warning each (the image's URL and why) and keeps
their alt text; pdfimages lists the images with their sizes, epubcheck
passes the EPUB.

Usage: check_fetch_images.py GALLEY DATA_DIR (tests/data)
Prints one line per check; exits 1 when any failed."""

import http.server
import os
import re
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from http_kit import Server, check, failures, run  # noqa: E402

DATA = sys.argv[2] if len(sys.argv) > 2 else "tests/data"
OTHER = "images.galley-test.invalid"  # mapped to 127.0.0.1 with --resolve


def png(width, height, rgb):
    """A PNG of one colour, made here so that its size is known."""
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    rows = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                               0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def read(path):
    with open(os.path.join(DATA, path), "rb") as f:
        return f.read()


IMAGES = {
    "/img/pic.png": (read("images/dot.png"), "image/png"),        # 64 x 64
    "/img/pic.jpg": (read("images/photo.jpg"), "image/jpeg"),     # 320 x 200
    "/img/pic.gif": (read("fetch/pic.gif"), "image/gif"),         # 40 x 30
    "/img/pic.webp": (read("fetch/pic.webp"), "image/webp"),      # 50 x 40
    "/img/pic.svg": (read("fetch/pic.svg"), "image/svg+xml"),     # 120 x 60: 240 x 120
    "/img/other.png": (png(30, 20, (200, 30, 30)), "image/png"),  # on the other host
    "/img/big.png": (png(900, 900, (1, 2, 3)) + b"\0" * 200000, "image/png"),
    "/img/slow.png": (png(11, 11, (0, 0, 0)), "image/png"),
}

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pictures of the harbour</title></head>
<body><article><h1>Pictures of the harbour</h1>
<p>The harbour at dusk, drawn and photographed by the keepers over many years,
with the boats coming in on the evening tide and the lights along the quay.</p>
<figure><img src="/img/pic.png" alt="ALT-PNG"><figcaption>A dot</figcaption></figure>
<figure><img src="/img/pic.jpg" alt="ALT-JPEG"><figcaption>A photo</figcaption></figure>
<figure><img src="/img/pic.gif" alt="ALT-GIF"><figcaption>Stripes</figcaption></figure>
<figure><img src="/img/pic.webp" alt="ALT-WEBP"><figcaption>A gradient</figcaption></figure>
<figure><img src="/img/pic.svg" alt="ALT-SVG"><figcaption>A drawing</figcaption></figure>
<figure><img src="http://%(other)s:%(port)d/img/other.png" alt="ALT-OTHER"><figcaption>Elsewhere</figcaption></figure>
<figure><img src="/img/hop" alt="ALT-HOP"><figcaption>Moved elsewhere</figcaption></figure>
<figure><img src="/img/loop" alt="ALT-LOOP"><figcaption>A loop</figcaption></figure>
<figure><img src="/img/slow.png" alt="ALT-SLOW"><figcaption>Slow</figcaption></figure>
<figure><img src="/img/big.png" alt="ALT-BIG"><figcaption>Too big</figcaption></figure>
<figure><img src="/img/missing.png" alt="ALT-404"><figcaption>Gone</figcaption></figure>
<figure><img src="/img/to-file" alt="ALT-FILE"><figcaption>A file</figcaption></figure>
<p>The keepers wrote everything down in a book that is still kept in the office
by the gate, where anyone may read it on a weekday afternoon.</p>
</article></body></html>
"""

# Six images that each take a while: how many run at once is measured.
MANY = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Many pictures</title></head>
<body><article><h1>Many pictures</h1>
<p>Six pictures of the same quay, taken on six evenings of the same week, each
a little later than the one before, as the days grew longer in spring.</p>
%s
</article></body></html>
""" % "\n".join('<figure><img src="/img/wait%d.png" alt="W%d"><figcaption>Evening %d'
                '</figcaption></figure>' % (i, i, i) for i in range(6))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, body, ctype="text/html; charset=utf-8", headers=()):
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # galley hung up once past its limit, as it should

    def do_GET(self):
        srv = self.server
        with srv.lock:
            srv.requests.append((self.headers.get("Host", ""), self.path))
        p = self.path
        port = srv.server_address[1]
        if p in ("/page.html", "/many.html"):
            text = PAGE % {"other": OTHER, "port": port} if p == "/page.html" else MANY
            self.send(200, text.encode())
        elif p == "/one.html":
            self.send(200, PAGE.split("<figure>")[0].encode() +
                      b'<figure><img src="/img/pic.jpg" alt="ALT-JPEG"></figure></article>')
        elif p == "/img/hop":
            self.send(302, b"", None, [("Location", "http://%s:%d/img/other.png" % (OTHER, port))])
        elif p == "/img/loop":
            self.send(302, b"", None, [("Location", "/img/loop")])
        elif p == "/img/to-file":
            self.send(302, b"", None, [("Location", "file:///etc/passwd")])
        elif p == "/img/slow.png":
            time.sleep(5)
            self.send(200, *IMAGES[p])
        elif p.startswith("/img/wait"):
            host = self.headers.get("Host", "")
            with srv.lock:
                srv.now[host] = srv.now.get(host, 0) + 1
                srv.most = max(srv.most, srv.now[host])
            time.sleep(0.4)
            with srv.lock:
                srv.now[host] -= 1
            self.send(200, png(8, 8, (9, 9, 9)), "image/png")
        elif p in IMAGES:
            self.send(200, *IMAGES[p])
        else:
            self.send(404, b"<p>no such file</p>")


def pdf_images(path):
    """(width, height) of every image pdfimages lists, soft masks left out."""
    r = subprocess.run(["pdfimages", "-list", path], capture_output=True, text=True, check=True)
    sizes = []
    for line in r.stdout.splitlines()[2:]:
        f = line.split()
        if len(f) > 4 and f[2] == "image":
            sizes.append((int(f[3]), int(f[4])))
    return sorted(sizes)


def pdf_text(path):
    return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True,
                          check=True).stdout


def warned(stderr, url, why):
    return any(url in line and why in line and "alt text" in line
               for line in stderr.splitlines())


def main():
    galley = sys.argv[1]
    server = Server(("127.0.0.1", 0), Handler)
    server.lock = threading.Lock()
    server.requests, server.now, server.most = [], {}, 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    base = "http://127.0.0.1:%d" % port
    other = "http://%s:%d" % (OTHER, port)
    resolve = "%s:%d:127.0.0.1" % (OTHER, port)
    common = ["--resolve", resolve, "--fetch-timeout", "2", "--max-image-bytes", "100000"]
    same_origin = [(64, 64), (320, 200), (40, 30), (50, 40), (240, 120)]

    with tempfile.TemporaryDirectory() as d:
        # Allowed: every image that can be had, the other host's too.
        pdf = os.path.join(d, "a.pdf")
        r = run(galley, base + "/page.html", "-o", pdf, "--allow-private-network", *common)
        check(r.returncode == 0, "--allow-private-network: converted", r.stderr)
        sizes = pdf_images(pdf) if r.returncode == 0 else []
        check(sizes == sorted(same_origin + [(30, 20), (30, 20)]),
              "--allow-private-network: pdfimages lists PNG, JPEG, GIF, WebP, SVG (2x), and the "
              "other host's twice (direct and redirected)", repr(sizes))
        err = r.stderr
        check(warned(err, base + "/img/loop", "more than 10 redirects"), "loop: warned", err)
        check(warned(err, base + "/img/slow.png", "not there within 2 s (--fetch-timeout)"),
              "slow: warned", err)
        check(warned(err, base + "/img/big.png",
                     "over the limit of 100000 bytes (--max-image-bytes)"), "too big: warned", err)
        check(warned(err, base + "/img/missing.png", "the server answered 404 (not found)"),
              "404: warned", err)
        check(warned(err, base + "/img/to-file", "not http or https (file:///etc/passwd)"),
              "redirect to file: refused", err)
        check(len([l for l in err.splitlines() if "alt text" in l]) == 5,
              "one warning per failed image", err)
        text = pdf_text(pdf) if r.returncode == 0 else ""
        check(all(a in text for a in ("ALT-LOOP", "ALT-SLOW", "ALT-BIG", "ALT-404", "ALT-FILE")),
              "failed images keep their alt text", text)
        check(not any(a in text for a in ("ALT-PNG", "ALT-SVG", "ALT-WEBP", "ALT-OTHER")),
              "drawn images show no alt text", text)

        # Refused: the page came from 127.0.0.1, so its own origin may be
        # fetched; another host name that resolves to 127.0.0.1 may not,
        # asked directly or through a redirect.
        server.requests.clear()
        pdf2 = os.path.join(d, "b.pdf")
        r = run(galley, base + "/page.html", "-o", pdf2, *common)
        check(r.returncode == 0, "private network: converted", r.stderr)
        sizes = pdf_images(pdf2) if r.returncode == 0 else []
        check(sizes == sorted(same_origin), "private network: the page's own origin only",
              repr(sizes))
        why = "is at 127.0.0.1, a loopback address (--allow-private-network)"
        check(warned(r.stderr, other + "/img/other.png", why), "other host: refused, warned",
              r.stderr)
        check(warned(r.stderr, base + "/img/hop", why), "redirect to other host: refused",
              r.stderr)
        check(not any(h.startswith(OTHER) for h, _ in server.requests),
              "other host: never asked", repr(server.requests))
        text = pdf_text(pdf2) if r.returncode == 0 else ""
        check("ALT-OTHER" in text and "ALT-HOP" in text, "refused images keep their alt text",
              text)

        # EPUB: PNG, JPEG and GIF as they are; WebP and SVG as PNG.
        epub = os.path.join(d, "a.epub")
        r = run(galley, base + "/page.html", "-o", epub, "--allow-private-network", *common)
        check(r.returncode == 0, "epub: converted", r.stderr)
        names = zipfile.ZipFile(epub).namelist() if r.returncode == 0 else []
        imgs = sorted(n.rsplit(".", 1)[1] for n in names if re.match(r"EPUB/img\d+\.", n))
        check(imgs == ["gif", "jpg", "png", "png", "png", "png", "png"],
              "epub: png, jpg, gif kept; webp and svg as png; the other host's (direct and "
              "redirected)", repr(names))
        check(not any(n.endswith((".webp",)) for n in names) and
              not any(re.match(r"EPUB/img\d+\.svg", n) for n in names), "epub: no webp, no svg",
              repr(names))
        if r.returncode == 0:
            c = subprocess.run(["java", "-jar", "/usr/share/java/epubcheck.jar", epub],
                               capture_output=True, text=True)
            check(c.returncode == 0, "epub: epubcheck passes", c.stdout[-1500:] + c.stderr[-1500:])

        # A local page: no network without --fetch-images.
        local = os.path.join(d, "local.html")
        with open(local, "w") as f:
            f.write(PAGE.split("<figure>")[0] + '<figure><img src="%s/img/pic.gif" alt="ALT-L">'
                    '</figure></article>' % base)
        server.requests.clear()
        r = run(galley, local, "-o", os.path.join(d, "l.pdf"))
        check(r.returncode == 0 and server.requests == [] and
              "galley fetches images only for a URL input, or with --fetch-images" in r.stderr,
              "local page: no request without --fetch-images", r.stderr + repr(server.requests))
        env = dict(os.environ, LD_DEBUG="files")
        m = subprocess.run([galley, local, "-o", os.path.join(d, "l2.pdf")], capture_output=True,
                           text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
        check(m.returncode == 0 and "libcurl" not in m.stderr and "galley-fetch" not in m.stderr,
              "local page: libcurl never loaded", m.stderr[-300:])
        r = run(galley, local, "-o", os.path.join(d, "l3.pdf"), "--fetch-images")
        check(r.returncode == 0 and warned(r.stderr, base + "/img/pic.gif", "a loopback address")
              and server.requests == [], "local page, --fetch-images: 127.0.0.1 refused",
              r.stderr + repr(server.requests))
        r = run(galley, local, "-o", os.path.join(d, "l4.pdf"), "--fetch-images",
                "--allow-private-network")
        check(r.returncode == 0 and pdf_images(os.path.join(d, "l4.pdf")) == [(40, 30)],
              "local page, --fetch-images --allow-private-network: fetched", r.stderr)

        # All of a page's images together under --max-images-bytes.
        r = run(galley, base + "/one.html", "-o", os.path.join(d, "one.pdf"),
                "--max-images-bytes", "1000")
        check(r.returncode == 0 and warned(r.stderr, base + "/img/pic.jpg",
                                           "limit of 1000 bytes for all of the page's images"),
              "--max-images-bytes: refused", r.stderr)

        # At most two requests at a time to one host.
        server.most = 0
        r = run(galley, base + "/many.html", "-o", os.path.join(d, "many.pdf"))
        check(r.returncode == 0 and len(pdf_images(os.path.join(d, "many.pdf"))) == 6,
              "six images fetched", r.stderr)
        check(1 <= server.most <= 2, "at most 2 requests at a time to one host",
              "most at once: %d" % server.most)

    server.shutdown()
    print("%d failed" % failures())
    return 1 if failures() else 0


if __name__ == "__main__":
    sys.exit(main())
