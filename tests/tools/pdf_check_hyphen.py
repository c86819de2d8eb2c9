#!/usr/bin/env python3
"""Hyphenation in galley's PDF, checked against the dictionaries themselves.

  pdf_check_hyphen.py GALLEY INPUT.md DICT WORK_DIR

Converts INPUT (whose text has no hyphen of its own) to a narrow-column PDF
and to text. In pdftotext's lines, every line ending in "letter-" must cut
the word where DICT (a libhyphen .dic, read through libhyphen itself via
ctypes, in the dictionary's own encoding) allows a hyphen, with at least two
letters on each side; at least three words must be cut; and the PDF's text,
hyphens joined again, must hold the same words as galley's text output,
which never hyphenates. Python 3 standard library only.
"""
import ctypes
import os
import re
import subprocess
import sys


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def allowed(lib, dic, encoding, word):
    """Letter counts after which DICT allows a hyphen in `word`."""
    raw = word.lower().encode(encoding)
    hyphens = ctypes.create_string_buffer(len(raw) + 5)
    rep, pos, cut = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
    if lib.hnj_hyphen_hyphenate2(dic, raw, len(raw), hyphens, None, ctypes.byref(rep),
                                 ctypes.byref(pos), ctypes.byref(cut)) != 0:
        fail("libhyphen failed on " + word)
    return {k + 1 for k in range(len(word) - 1) if hyphens.raw[k] & 1}


def main():
    galley, source, dic_path, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    name = os.path.splitext(os.path.basename(source))[0]
    pdf = os.path.join(work, name + ".pdf")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", XDG_CACHE_HOME=work)
    subprocess.run([galley, source, "--paper", "62x160", "--margin", "6", "-o", pdf],
                   check=True, env=env)
    pages = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True,
                           text=True).stdout.split("\f")
    lines = []
    for page in pages:  # each page's last line is its number
        body = [l.strip() for l in page.splitlines() if l.strip()]
        lines += body[:-1] if body and body[-1].isdigit() else body
    text = subprocess.run([galley, source, "-t", "text", "--width", "0"], check=True,
                          capture_output=True, text=True, env=env).stdout
    if "-" in text:
        fail(source + " must have no hyphen of its own")

    lib = ctypes.CDLL("libhyphen.so.0")
    lib.hnj_hyphen_load.restype = ctypes.c_void_p
    lib.hnj_hyphen_load.argtypes = [ctypes.c_char_p]
    lib.hnj_hyphen_hyphenate2.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                          ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p,
                                          ctypes.c_void_p, ctypes.c_void_p]
    dic = lib.hnj_hyphen_load(dic_path.encode())
    if not dic:
        fail("cannot load " + dic_path)
    with open(dic_path, "rb") as f:
        encoding = f.readline().decode("ascii").strip()

    cuts = 0
    for i, line in enumerate(lines[:-1]):
        m = re.search(r"(\w+)-$", line)
        if not m:
            continue
        head = m.group(1)
        tail = re.match(r"(\w+)", lines[i + 1]).group(1)
        word = head + tail
        ok = allowed(lib, dic, encoding, word)
        if len(head) not in ok or len(head) < 2 or len(tail) < 2:
            fail("%s: %s-%s is not a break %s allows (%s)" %
                 (pdf, head, tail, dic_path, sorted(ok)))
        cuts += 1
    if cuts < 3:
        fail("%s: only %d words hyphenated in a narrow column" % (pdf, cuts))
    joined = re.sub(r"(\w)-\n\s*(\w)", r"\1\2", "\n".join(lines))
    words = lambda s: re.findall(r"\w+", s)
    if words(joined) != words(text):
        fail("%s: the words differ from the text output" % pdf)
    print("hyphenation: %s: %d words cut, every cut allowed" % (name, cuts))


if __name__ == "__main__":
    main()
