#!/usr/bin/env python3
"""Issue 14: each damaged image in tests/regress/issue-14-* (a truncated PNG,
a bad CRC, bad zlib data, a missing palette, a bad filter byte, a size over
libpng's limits, a broken JPEG) goes to PDF from Markdown (a local file) and
from an HTML page (a data: URI). Before galley checked images itself, libpng
called abort() inside libharu for the PNGs (exit 134) and left the temporary
output behind. Each run must exit 0 with a PDF that pdfinfo opens and
pdftotext shows the alt text of, one warning that carries the input's
"file:line:" and the reason, names a data: URI by its type and size (never
its base64), and no file left beside the output but the PDF.

  pdf_check_corrupt_images.py GALLEY REGRESS_DIR OUT_DIR"""
import base64
import glob
import os
import shutil
import subprocess
import sys


def run(galley, src, out):
    folder = os.path.dirname(out)
    before = set(os.listdir(folder))
    p = subprocess.run([galley, src, "-t", "pdf", "-o", out], capture_output=True, text=True)
    left = sorted(set(os.listdir(folder)) - before - {os.path.basename(out)})
    return p, left


def check(galley, image, work):
    fails = []
    name = os.path.basename(image)
    ext = os.path.splitext(name)[1]
    mime = "image/jpeg" if ext == ".jpg" else "image/png"
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    # A short local name: the image itself is what is under test.
    shutil.copy(image, os.path.join(work, "img" + ext))
    with open(image, "rb") as f:
        b64 = base64.b64encode(f.read()).decode()
    md = os.path.join(work, "doc.md")
    with open(md, "w") as f:
        f.write(f"# Title\n\nBefore.\n\n![alt-md-marker](img{ext})\n\nAfter.\n")
    html = os.path.join(work, "page.html")
    with open(html, "w") as f:
        f.write("<html><head><title>T</title></head><body><article><h1>Title</h1>"
                "<p>Some words of text before the image, enough for a paragraph.</p>"
                f"<p><img alt=\"alt-html-marker\" src=\"data:{mime};base64,{b64}\"></p>"
                "<p>Some words after the image.</p></article></body></html>\n")
    for src, marker, shown in ((md, "alt-md-marker", f"img{ext}"),
                               (html, "alt-html-marker", f"data:{mime} URI of")):
        out = os.path.join(work, os.path.basename(src) + ".pdf")
        p, left = run(galley, src, out)
        what = f"{name} from {os.path.basename(src)}"
        if p.returncode != 0:
            fails.append(f"{what}: exit {p.returncode}: {p.stderr.strip()[-300:]}")
            continue
        if left:
            fails.append(f"{what}: left behind: {left}")
        warnings = [l for l in p.stderr.splitlines() if "cannot be used" in l]
        if len(warnings) != 1:
            fails.append(f"{what}: want one warning about the image, got: {p.stderr.strip()}")
        else:
            w = warnings[0]
            if not w.startswith(f"galley: {src}:"):
                fails.append(f"{what}: the warning lacks the file: prefix: {w}")
            if shown not in w or "alt text stands in" not in w or "damaged" not in w:
                fails.append(f"{what}: the warning lacks the image, reason or outcome: {w}")
            if b64[:16] in w:
                fails.append(f"{what}: the warning prints the base64: {w}")
        if any(l.startswith("libpng") for l in p.stderr.splitlines()):
            fails.append(f"{what}: libpng printed on its own: {p.stderr.strip()}")
        info = subprocess.run(["pdfinfo", out], capture_output=True, text=True)
        if info.returncode != 0:
            fails.append(f"{what}: pdfinfo cannot open the PDF: {info.stderr.strip()}")
        text = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True).stdout
        if marker not in text:
            fails.append(f"{what}: the alt text is not in the PDF")
    return fails


def good_png(path, depth=8):
    """A 4 x 2 RGB PNG of known colours; at 16 bits each sample's low byte
    is 0x55, and the 8-bit colours are its high bytes, as viewers show a
    16-bit file without gAMA (sRGB)."""
    import struct
    import zlib
    rows = b"".join(b"\0" + bytes(sum(([16 * x, 32 * y, 200] for x in range(4)), []))
                    for y in range(2))
    data = rows
    if depth == 16:
        data = b"".join(b"\0" + bytes(sum(([v, 0x55] for v in rows[r * 13 + 1:r * 13 + 13]), []))
                        for r in range(2))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" +
                chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 2, depth, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(data)) + chunk(b"IEND", b""))
    return rows


def check_good(galley, work, depth):
    """A whole PNG is drawn with its own pixels (pdfimages gives them back):
    galley deflates them itself, and the stream must be inflated once."""
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    rows = good_png(os.path.join(work, "img.png"), depth)
    md = os.path.join(work, "doc.md")
    with open(md, "w") as f:
        f.write("# Title\n\n![a good image](img.png)\n")
    out = os.path.join(work, "doc.pdf")
    p, _ = run(galley, md, out)
    if p.returncode != 0 or p.stderr.strip():
        return [f"a good {depth}-bit PNG: exit {p.returncode}: {p.stderr.strip()}"]
    subprocess.run(["pdfimages", out, os.path.join(work, "x")], check=True)
    with open(os.path.join(work, "x-000.ppm"), "rb") as f:
        ppm = f.read()
    want = b"P6\n4 2\n255\n" + rows[1:13] + rows[14:]
    return [] if ppm == want else [f"a good {depth}-bit PNG: pdfimages gives {ppm[:40]!r}..., not its pixels"]


def main():
    galley, regress, out = sys.argv[1:4]
    images = sorted(glob.glob(os.path.join(regress, "issue-14-*.png")) +
                    glob.glob(os.path.join(regress, "issue-14-*.jpg")))
    if len(images) < 7:
        sys.exit(f"FAIL: expected the 7 damaged images in {regress}, found {len(images)}")
    fails = check_good(galley, os.path.join(out, "good"), 8)
    fails += check_good(galley, os.path.join(out, "good16"), 16)
    for image in images:
        fails += check(galley, image, os.path.join(out, os.path.basename(image)))
    for f in fails:
        print("FAIL:", f)
    print(f"{len(images)} images, {len(fails)} failure(s)")
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
