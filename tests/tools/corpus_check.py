#!/usr/bin/env python3
"""Corpus checks for article extraction (issue 4), run by tests/cmake/corpus.cmake.

  corpus_check.py floors --galley BIN --corpus DIR   run the three scorers over the
      dev sets and fail when a figure falls under its floor (FLOORS below);
  corpus_check.py names --source DIR --corpus DIR    fail when src/ names a host or
      a page id of the corpus (rules must be general, never keyed to a page).

Exit 77 (ctest's skip) when the corpus is absent and CI is unset; failure when CI is set.
"""
import argparse, json, os, re, subprocess, sys, tempfile

# Floors a little under what galley reaches on the dev split (docs/extraction.md):
# a floor guards against regressions and is raised as improvements land. Reset
# on 2026-12-07 to what the code scored on the corpus as it is now (dates/dev
# grew from 200 to 480 pages; the four content sets below AEB are new).
FLOORS = {
    "aeb.f1": 0.965,  # 0.970
    "aeb.strict_f1": 0.965,  # 0.970
    "cleaneval.f1": 0.893,  # 0.898
    "cleanportal.f1": 0.940,  # 0.947 (13 pages: one page moves it by ~0.01)
    "dragnet.f1": 0.830,  # 0.836
    "l3s.f1": 0.912,  # 0.918
    "meta.title": 0.96,  # 1.000
    "meta.byline": 0.88,  # 0.912
    "meta.date": 0.90,  # 1.000
    "meta.false_pos_rate": 0.10,  # 0.000: titles and bylines given where the gold has none
    "dates.fscore": 0.932,  # 0.937
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


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["floors", "names"])
    p.add_argument("--galley")
    p.add_argument("--source")
    p.add_argument("--corpus", required=True)
    a = p.parse_args()
    skip = absent(a.corpus)
    if skip is not None:
        return skip
    return floors(a) if a.mode == "floors" else names(a)


if __name__ == "__main__":
    sys.exit(main())
