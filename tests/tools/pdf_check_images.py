#!/usr/bin/env python3
"""Images in galley's PDF (issue 5).

  pdf_check_images.py GALLEY DATA_DIR WORK_DIR

Copies DATA_DIR (figures.md, photo.jpg, dot.png) into WORK_DIR/in, adds
what must be refused: a file beside the folder (../secret.png), a symbolic
link inside it pointing there (link.png), and a PNG whose header claims
100,000 x 100,000 pixels (huge.png). Then checks that the JPEG, the PNG with
transparency and the data: URI PNG are drawn (pdfimages), fitted to the
column; that the remote, missing, escaping, linked and enormous images each
give one warning naming the reason (the last naming max_image_pixels) and
leave their alt text; and that qpdf and pdftoppm accept the file. Then
converts inline.html, whose images stand alone in HTML paragraphs (one in a
subfolder, one inside a link, one remote) or among words, and checks the
same of it.
Python 3 standard library only.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, **kw)


def main():
    galley, data, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    src = os.path.join(work, "in")
    shutil.copytree(data, src)
    shutil.copy(os.path.join(src, "dot.png"), os.path.join(work, "secret.png"))
    os.symlink("../secret.png", os.path.join(src, "link.png"))
    ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
    with open(os.path.join(src, "huge.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr +
                struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)))
    pdf = os.path.join(work, "figures.pdf")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", XDG_CACHE_HOME=work)
    proc = run([galley, os.path.join(src, "figures.md"), "-o", pdf], env=env)
    if proc.returncode != 0:
        fail("galley exited %d: %s" % (proc.returncode, proc.stderr))
    warnings = [l for l in proc.stderr.splitlines() if "warning" in l]
    expected = [("remote.png", "not a local file"), ("missing.png", "not found"),
                ("../secret.png", "outside the input's folder"),
                ("link.png", "outside the input's folder"),
                ("huge.png", "100000 x 100000 pixels, over the limit of 25000000 "
                             "(max_image_pixels)")]
    if len(warnings) != len(expected):
        fail("expected %d warnings, got: %s" % (len(expected), proc.stderr))
    for (name, why), line in zip(expected, warnings):
        if name not in line or why not in line:
            fail("expected a warning about %s (%s), got: %s" % (name, why, line))

    listing = run(["pdfimages", "-list", pdf]).stdout.splitlines()[2:]
    rows = [l.split() for l in listing if l.strip()]
    kinds = sorted((r[2], r[3], r[4], r[8]) for r in rows)  # type, width, height, enc
    want = sorted([("image", "320", "200", "jpeg"), ("image", "64", "64", "image"),
                   ("smask", "64", "64", "image"), ("image", "120", "48", "image")])
    if kinds != want:
        fail("pdfimages lists %s, expected %s" % (kinds, want))

    text = run(["pdftotext", pdf, "-"]).stdout
    for alt in ("Remote picture", "Missing picture", "Escaping picture", "Linked picture",
                "Enormous picture", "A JPEG photograph.", "A PNG with transparency."):
        if alt not in text:
            fail("the PDF's text lacks %r" % alt)
    for shown in ("A hillside at dusk", "A red dot"):
        if shown in text:
            fail("drawn image's alt text %r is also printed" % shown)

    # Each image lies inside the text column of A4 with 20 mm margins.
    page_w, left = 595.276, 56.693
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                         capture_output=True).stdout.decode("latin-1")
    placed = re.findall(r"([-\d.]+) 0 0 ([-\d.]+) ([-\d.]+) ([-\d.]+) cm\n/\w+ Do", qdf)
    if len(placed) != 3:
        fail("expected 3 images drawn, found %d" % len(placed))
    for w, h, x, y in placed:
        w, h, x = float(w), float(h), float(x)
        if x < left - 0.01 or x + w > page_w - left + 0.01 or w <= 0 or h <= 0:
            fail("an image (%g x %g at x %g) leaves the text column" % (w, h, x))
    if max(float(w) for w, _, _, _ in placed) != 240:
        fail("the 320-pixel photo is not drawn 240 pt wide (96 pixels an inch)")

    check = run(["qpdf", "--check", pdf])
    if check.returncode != 0:
        fail("qpdf --check: " + check.stdout + check.stderr)
    if run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", pdf,
            os.path.join(work, "page")]).returncode != 0:
        fail("pdftoppm cannot render the page")
    check_inline(galley, src, work, env)
    print("images: 3 drawn, 5 refused with their alt text; 3 inline ones drawn, 1 refused")


def check_inline(galley, src, work, env):
    """HTML's <p><img></p> and <p><a><img></a></p> (inline images alone in
    their paragraph) are drawn like figures, the linked one clickable; one
    among words is drawn a line tall; a remote one keeps its alt text, with a
    warning."""
    os.mkdir(os.path.join(src, "images"))
    shutil.copy(os.path.join(src, "dot.png"), os.path.join(src, "images", "x.png"))
    pdf = os.path.join(work, "inline.pdf")
    proc = run([galley, os.path.join(src, "inline.html"), "-o", pdf], env=env)
    if proc.returncode != 0:
        fail("galley exited %d on inline.html: %s" % (proc.returncode, proc.stderr))
    warnings = [l for l in proc.stderr.splitlines() if "warning" in l]
    if (len(warnings) != 1 or "far.png" not in warnings[0]
            or "not a local file" not in warnings[0]):
        fail("expected one warning about the remote far.png, got: %s" % proc.stderr)
    listing = run(["pdfimages", "-list", pdf]).stdout.splitlines()[2:]
    # One XObject per file, however often drawn (pdfimages lists each use).
    kinds = sorted(set((r[2], r[3], r[4], r[8], r[10])
                       for r in (l.split() for l in listing if l.strip())))
    kinds = [k[:4] for k in kinds]
    want = sorted([("image", "320", "200", "jpeg"), ("image", "64", "64", "image"),
                   ("smask", "64", "64", "image")])
    if kinds != want:
        fail("inline.pdf: pdfimages lists %s, expected %s" % (kinds, want))
    text = run(["pdftotext", pdf, "-"]).stdout
    if "[A remote inline picture]" not in text:
        fail("inline.pdf lacks the remote image's alt text: %r" % text)
    for shown in ("A lone dot", "A linked photo", "round red dot"):
        if shown in text:
            fail("inline.pdf: drawn image's alt text %r is also printed" % shown)
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                         capture_output=True).stdout.decode("latin-1")
    placed = [(float(w), float(h)) for w, h in
              re.findall(r"([-\d.]+) 0 0 ([-\d.]+) [-\d.]+ [-\d.]+ cm\n/\w+ Do", qdf)]
    if len(placed) != 3:
        fail("inline.pdf: expected 3 images drawn, found %d" % len(placed))
    if sorted(placed)[1:] != [(48, 48), (240, 150)]:
        fail("inline.pdf: the lone images are not drawn as figures: %s" % placed)
    w, h = sorted(placed)[0]
    if not (8 <= h <= 1.2 * 11 and abs(w - h) < 0.01):  # A4 sets 11 pt type
        fail("inline.pdf: the image among words is %g x %g, not a line tall" % (w, h))
    if "/URI (https://example.org/)" not in qdf:
        fail("inline.pdf: the linked image is not clickable")
    check = run(["qpdf", "--check", pdf])
    if check.returncode != 0:
        fail("qpdf --check inline.pdf: " + check.stdout + check.stderr)


if __name__ == "__main__":
    main()
