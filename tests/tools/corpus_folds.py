#!/usr/bin/env python3
"""Splits the dev sets of ../shared/corpus into two folds (docs/extraction.md):
a page goes to fold A or B by the parity of the SHA-1 of its name, so the split
is fixed and blind to content. Writes OUT/{a,b}/{aeb,readability,dates} with
symbolic links to the pages and filtered gold files, for the scorers' --data.

  corpus_folds.py --corpus ../shared/corpus --out /tmp/folds
"""
import argparse, hashlib, json, os


def fold(name):
    return "ab"[hashlib.sha1(name.encode()).digest()[0] & 1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    c = os.path.abspath(a.corpus)
    for f in "ab":
        for s in ("aeb", "readability", "dates"):
            os.makedirs(os.path.join(a.out, f, s), exist_ok=True)
    # AEB: <id>.html.gz and ground-truth.json {id: ...}
    gt = json.load(open(os.path.join(c, "aeb", "dev", "ground-truth.json")))
    parts = {"a": {}, "b": {}}
    for pid, v in gt.items():
        parts[fold(pid)][pid] = v
        src = os.path.join(c, "aeb", "dev", pid + ".html.gz")
        dst = os.path.join(a.out, fold(pid), "aeb", pid + ".html.gz")
        if os.path.exists(src) and not os.path.exists(dst):
            os.symlink(src, dst)
    for f in "ab":
        json.dump(parts[f], open(os.path.join(a.out, f, "aeb", "ground-truth.json"), "w"))
    # Readability: one folder per page
    rdir = os.path.join(c, "readability", "dev")
    for name in os.listdir(rdir):
        if os.path.isdir(os.path.join(rdir, name)):
            dst = os.path.join(a.out, fold(name), "readability", name)
            if not os.path.exists(dst):
                os.symlink(os.path.join(rdir, name), dst)
    # Dates: <file>.gz and gold.json {url: {"file", "date"}}
    gold = json.load(open(os.path.join(c, "dates", "dev", "gold.json")))
    parts = {"a": {}, "b": {}}
    for url, v in gold.items():
        f = fold(v["file"])
        parts[f][url] = v
        src = os.path.join(c, "dates", "dev", v["file"] + ".gz")
        dst = os.path.join(a.out, f, "dates", v["file"] + ".gz")
        if os.path.exists(src) and not os.path.exists(dst):
            os.symlink(src, dst)
    for f in "ab":
        json.dump(parts[f], open(os.path.join(a.out, f, "dates", "gold.json"), "w"))
    for f in "ab":
        print(f, {s: len(os.listdir(os.path.join(a.out, f, s))) for s in ("aeb", "readability", "dates")})


if __name__ == "__main__":
    main()
