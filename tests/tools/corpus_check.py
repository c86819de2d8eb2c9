#!/usr/bin/env python3
"""Corpus checks for article extraction (issue 4), run by tests/cmake/corpus.cmake.

  corpus_check.py floors --galley BIN --corpus DIR   run the three scorers over the
      dev sets and fail when a figure falls under its floor (FLOORS below);
  corpus_check.py names --source DIR --corpus DIR    fail when src/ names a host or
      a page id of the corpus (rules must be general, never keyed to a page);
  corpus_check.py leaks --galley BIN --corpus DIR    run every page of every set
      through the text writer, with extraction and with --whole, and fail when an
      output carries script or style source (issue 16).

Exit 77 (ctest's skip) when the corpus is absent and CI is unset; failure when CI is set.
"""
import argparse, gzip, html.parser, json, os, re, shutil, subprocess, sys, tempfile

# Floors a little under what galley reaches on the dev split (docs/extraction.md):
# a floor guards against regressions and is raised as improvements land. Raised
# on 2026-12-07 (issue 16) to what the code scores after the parser fix, the code
# guard, tightening, link-list cleaning and the dates round; CleanEval and L3S
# again after tightening followed nested layout tables; AEB, Dragnet and L3S
# after the lazy images and the retries' 400 characters; CleanEval and Dragnet
# after the fifth round (the noscript repair, siblings built alike, lists of
# prose, blocks of prose with two embeds, sidebars of article cards, short
# posts); CleanEval, Dragnet and L3S after the seventh round (numeric
# references, a UTF-8 page declaring a single-byte charset, <div>s of text,
# the widget test in layout tables, prose beside photos, named anchors, loose
# text in pieces).
FLOORS = {
    "aeb.f1": 0.970,  # 0.9756 (bootstrap std 0.004)
    "aeb.strict_f1": 0.970,  # 0.9756
    "cleaneval.f1": 0.910,  # 0.9151
    "cleanportal.f1": 0.944,  # 0.949 (13 pages: one page moves it by ~0.01)
    "dragnet.f1": 0.849,  # 0.8543
    "l3s.f1": 0.948,  # 0.9537
    "meta.title": 0.98,  # 1.000 (53 pages: one miss is 0.981)
    "meta.byline": 0.88,  # 0.912 (31/34: one fewer is 0.882)
    "meta.date": 0.92,  # 1.000 (14/14: one miss is 0.929)
    "meta.false_pos_rate": 0.05,  # 0.000: titles and bylines given where the gold has none
    "dates.fscore": 0.960,  # 0.966
}
# The AEB-format content sets, each scored like AEB.
CONTENT_SETS = ("cleaneval", "cleanportal", "dragnet", "l3s")
CEILINGS = {"meta.false_pos_rate"}


def absent(corpus):
    if os.path.isdir(corpus):
        return None
    if os.environ.get("CI"):
        print(f"corpus {corpus} is missing and CI is set", file=sys.stderr)
        return 1
    print(f"corpus {corpus} is absent: skipped")
    return 77


def run(tool, args):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    try:
        subprocess.run([sys.executable, tool] + args + ["--json", out], check=True,
                       stdout=subprocess.DEVNULL)
        with open(out) as f:
            return json.load(f)
    finally:
        os.unlink(out)


def floors(a):
    t = os.path.join(a.corpus, "tools")
    g = a.galley
    jobs = ["--jobs", "2"]
    aeb = run(os.path.join(t, "aeb_eval.py"), ["--data", os.path.join(a.corpus, "aeb", "dev"),
              "--cmd", f"{g} {{in}} -t text --body-only -o {{out}}"] + jobs)
    meta = run(os.path.join(t, "meta_eval.py"), ["--data", os.path.join(a.corpus, "readability", "dev"),
               "--cmd", f"{g} {{in}} -t json -o {{out}}"] + jobs)
    dates = run(os.path.join(t, "date_eval.py"), ["--data", os.path.join(a.corpus, "dates", "dev"),
                "--cmd", f"{g} {{in}} -t json"] + jobs)
    content = {s: run(os.path.join(t, "aeb_eval.py"),
                      ["--data", os.path.join(a.corpus, s, "dev"),
                       "--cmd", f"{g} {{in}} -t text --body-only -o {{out}}"] + jobs)
               for s in CONTENT_SETS}
    fields = meta["metadata"]["fields"]
    nogold = fields["title"]["n_nogold"] + fields["byline"]["n_nogold"]
    falsep = fields["title"]["false_pos"] + fields["byline"]["false_pos"]
    got = {
        "aeb.f1": aeb["f1"],
        "aeb.strict_f1": aeb["f1_strict"],
        "meta.title": fields["title"]["accuracy"],
        "meta.byline": fields["byline"]["accuracy"],
        "meta.date": fields["date"]["accuracy"],
        "meta.false_pos_rate": falsep / nogold if nogold else 0.0,
        "dates.fscore": dates["fscore"],
    }
    for s, r in content.items():
        got[s + ".f1"] = r["f1"]
    bad = 0
    for k, floor in FLOORS.items():
        ok = got[k] <= floor if k in CEILINGS else got[k] >= floor
        print(f"{k:22} {got[k]:.3f}  {'<=' if k in CEILINGS else '>='} {floor:.3f}  "
              f"{'ok' if ok else 'FAILED'}")
        bad += not ok
    return 1 if bad else 0


def names(a):
    hosts, ids = set(), set()
    with open(os.path.join(a.corpus, "aeb", "dev", "ground-truth.json")) as f:
        for pid, v in json.load(f).items():
            ids.add(pid[:16])
            hosts.add(v.get("url", ""))
    with open(os.path.join(a.corpus, "dates", "dev", "gold.json")) as f:
        for url, v in json.load(f).items():
            hosts.add(url)
            stem = v["file"].split(".html")[0]
            if len(stem) >= 8:  # short names ("ol") would match any code
                ids.add(stem)
    rdir = os.path.join(a.corpus, "readability", "dev")
    for name in os.listdir(rdir):
        if len(name) >= 8 and "-" in name:
            ids.add(name)
    needles = set()
    for u in hosts:
        m = re.match(r"https?://([^/]+)", u)
        if m:
            h = m.group(1).lower()
            h = h[4:] if h.startswith("www.") else h
            needles.add(h)
    needles |= {i.lower() for i in ids}
    found = []
    for root, _, files in os.walk(os.path.join(a.source, "src")):
        for fn in files:
            path = os.path.join(root, fn)
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read().lower()
            for n in needles:
                if n in text:
                    found.append((path, n))
    for path, n in found:
        print(f"{path}: names the corpus page or host '{n}'")
    print(f"checked {len(needles)} host names and page ids against src/")
    return 1 if found else 0


class _ShownCode(html.parser.HTMLParser):
    """The text of a page's <pre>, <code>, <samp> and <kbd>: the code it shows."""

    TAGS = {"pre", "code", "samp", "kbd"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        self.depth += tag in self.TAGS

    def handle_endtag(self, tag):
        self.depth -= tag in self.TAGS and self.depth > 0

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def shown_code(markup):
    p = _ShownCode()
    p.feed(markup)
    p.close()
    return " ".join(p.parts)


def stage_content(corpus, work):
    """The pages of AEB and the four content sets, unpacked to work/<set>/<id>.html;
    returns {set: its ground-truth.json}."""
    sets = {}
    for s in ("aeb",) + CONTENT_SETS:
        src, dst = os.path.join(corpus, s, "dev"), os.path.join(work, s)
        os.makedirs(dst)
        for f in os.listdir(src):
            if f.endswith(".html.gz"):
                with open(os.path.join(dst, f[:-3]), "wb") as out:
                    out.write(gzip.open(os.path.join(src, f)).read())
        sets[s] = os.path.join(src, "ground-truth.json")
    return sets


def stage_pages(corpus, work):
    """Every page of every set, unpacked to work/<set>/<name>.html, and a gold file in
    the AEB format per set for script_leak.py (the text a page may show as code)."""
    sys.path.insert(0, os.path.join(corpus, "tools"))
    import evalcommon  # the corpus's own HTML-to-text, for Readability's expected.html

    sets = stage_content(corpus, work)
    # Readability: the article Readability.js keeps is the text the page may show.
    src, dst = os.path.join(corpus, "readability", "dev"), os.path.join(work, "readability")
    os.makedirs(dst)
    gold = {}
    for name in sorted(os.listdir(src)):
        shutil.copy(os.path.join(src, name, "source.html"), os.path.join(dst, name + ".html"))
        with open(os.path.join(src, name, "expected.html"), encoding="utf-8") as f:
            gold[name] = {"articleBody": evalcommon.html_to_text(f.read())}
    sets["readability"] = os.path.join(work, "readability.json")
    with open(sets["readability"], "w") as f:
        json.dump(gold, f)
    # Dates: no text gold; what the page shows in <pre>/<code> may look like code.
    src, dst = os.path.join(corpus, "dates", "dev"), os.path.join(work, "dates")
    os.makedirs(dst)
    gold = {}
    for f in sorted(os.listdir(src)):
        if not f.endswith(".gz"):
            continue
        stem = f[:-3][:-5] if f[:-3].endswith(".html") else f[:-3]
        data = gzip.open(os.path.join(src, f)).read()
        with open(os.path.join(dst, stem + ".html"), "wb") as out:
            out.write(data)
        gold[stem] = {"articleBody": shown_code(data.decode("utf-8", "replace"))}
    sets["dates"] = os.path.join(work, "dates.json")
    with open(sets["dates"], "w") as f:
        json.dump(gold, f)
    return sets


def leaks(a):
    tool = os.path.join(a.corpus, "tools", "script_leak.py")
    bad = 0
    with tempfile.TemporaryDirectory(prefix="galley-leaks-") as work:
        pages = os.path.join(work, "pages")
        sets = stage_pages(a.corpus, pages)
        for mode, extra in (("extraction", []), ("--whole", ["--whole"])):
            for s, gold in sets.items():
                out = os.path.join(work, mode.strip("-"), s)
                # Links are left out: a link list holds addresses, and an address
                # such as /document.asp?id=1 is no script.
                subprocess.run([a.galley, "-j", "2", "-q", "-t", "text", "--links", "none"] +
                               extra + ["-o", out + "/", os.path.join(pages, s)],
                               stdout=subprocess.DEVNULL)
                r = subprocess.run([sys.executable, tool, gold, out], check=True,
                                   capture_output=True, text=True)
                count = int(r.stdout.split()[0])
                done = sum(1 for f in os.listdir(out) if f.endswith(".txt"))
                print(f"{mode:10} {s:12} {done:4} pages, {count} with script or style source"
                      f"{': ' + r.stdout.split(None, 1)[1].strip() if count else ''}")
                bad += count
    return 1 if bad else 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["floors", "names", "leaks"])
    p.add_argument("--galley")
    p.add_argument("--source")
    p.add_argument("--corpus", required=True)
    a = p.parse_args()
    skip = absent(a.corpus)
    if skip is not None:
        return skip
    return {"floors": floors, "names": names, "leaks": leaks}[a.mode](a)


if __name__ == "__main__":
    sys.exit(main())
