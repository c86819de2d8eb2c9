#!/usr/bin/env python3
"""Leave one set out: is a rule, threshold or weight chosen on some sets good on the others?

  corpus_loso.py --corpus DIR --variant NAME=GALLEY --variant NAME=GALLEY ...
      score each galley binary (say, built with and without a rule) on the five
      content sets of the corpus;
  corpus_loso.py --corpus DIR --source DIR --define NAME=V1,V2,...
      build galley from the source tree once per value of the #define NAME (found
      in src/), in a copy of the tree, and score each build.

Prints the AEB F1 (aeb_eval.py, `-t text --body-only`) of every variant on every set,
then, for each set held out in turn, the variant the other four sets choose (the best
mean F1 over them), its F1 on the held-out set, and the variant all five sets choose
(in sample) with its F1 there. A rule is kept when every held-out set agrees with the
in-sample choice or loses less than 0.01 (docs/extraction.md). Not part of ctest: a
build takes minutes; `--json FILE` keeps every figure.
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import corpus_check  # noqa: E402  (staging the pages)

SETS = ("aeb",) + corpus_check.CONTENT_SETS


def score(galley, corpus, pages, work, jobs):
    """{set: {"f1", "precision", "recall", "under_half", "pages"}} for one binary."""
    out = {}
    tool = os.path.join(corpus, "tools", "aeb_eval.py")
    for s in SETS:
        texts = os.path.join(work, s)
        subprocess.run([galley, "-j", str(jobs), "-q", "-t", "text", "--body-only", "-o",
                        texts + "/", os.path.join(pages, s)], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        if not os.path.isdir(texts) or not any(f.endswith(".txt") for f in os.listdir(texts)):
            sys.exit(f"corpus_loso: {galley} converted no page of {s}")
        r = corpus_check.run(tool, ["--data", os.path.join(corpus, s, "dev"), "--outputs", texts,
                                    "--worst", "0", "--n-bootstrap", "0"])
        out[s] = {"f1": r["f1"], "precision": r["precision"], "recall": r["recall"],
                  "under_half": sum(1 for p in r["pages"] if p["f1"] < 0.5),
                  "pages": len(r["pages"])}
    return out


def build_variants(source, define, values, work):
    """Builds galley once per value of `#define NAME` in a copy of `source`; returns
    [(name, binary)]."""
    tree = os.path.join(work, "src-copy")
    files = subprocess.run(["git", "-C", source, "ls-files", "--cached", "--others",
                            "--exclude-standard"], check=True, capture_output=True,
                           text=True).stdout.split("\n")
    for f in filter(None, files):
        if os.path.isfile(os.path.join(source, f)):
            os.makedirs(os.path.dirname(os.path.join(tree, f)), exist_ok=True)
            shutil.copy2(os.path.join(source, f), os.path.join(tree, f))
    pattern = re.compile(r"^(#define\s+" + re.escape(define) + r"\s+)(\S.*?)(\s*(/\*.*)?)$", re.M)
    where = None
    for root, _, names in os.walk(os.path.join(tree, "src")):
        for n in names:
            p = os.path.join(root, n)
            with open(p, encoding="utf-8") as f:
                if pattern.search(f.read()):
                    where = p
    if not where:
        sys.exit(f"corpus_loso: no '#define {define}' under {source}/src")
    with open(where, encoding="utf-8") as f:
        original = f.read()
    build = os.path.join(work, "build")
    subprocess.run(["cmake", "-S", tree, "-B", build, "-DCMAKE_BUILD_TYPE=Release",
                    "-DGL_TESTS=OFF"], check=True, stdout=subprocess.DEVNULL)
    variants = []
    for v in values:
        with open(where, "w", encoding="utf-8") as f:
            f.write(pattern.sub(lambda m: m.group(1) + v + m.group(3), original, count=1))
        subprocess.run(["cmake", "--build", build, "-j", "2", "--target", "galley_cli"],
                       check=True, stdout=subprocess.DEVNULL)
        # the tool loads its readers from lib/galley beside it: copy both
        home = os.path.join(work, f"variant-{len(variants)}")
        shutil.copytree(os.path.join(build, "lib"), os.path.join(home, "lib"))
        binary = os.path.join(home, "galley")
        shutil.copy2(os.path.join(build, "galley"), binary)
        variants.append((f"{define}={v}", binary))
    return variants


def mean(xs):
    return sum(xs) / len(xs)


def report(scores, names):
    print(f"{'F1 per set':30}" + "".join(f"  {s:>11}" for s in SETS) + "  mean")
    for n in names:
        row = scores[n]
        print(f"{n[:30]:30}" + "".join(f"  {row[s]['f1']:11.4f}" for s in SETS) +
              f"  {mean([row[s]['f1'] for s in SETS]):.4f}")
    print()
    in_sample = max(names, key=lambda n: mean([scores[n][s]["f1"] for s in SETS]))
    print(f"in sample (all five sets choose): {in_sample}")
    print(f"{'held out':12} {'chosen on the other four':30} {'held-out F1':>11} "
          f"{'in-sample F1':>12} {'difference':>10}")
    rows, worst = [], 0.0
    for h in SETS:
        others = [s for s in SETS if s != h]
        chosen = max(names, key=lambda n: mean([scores[n][s]["f1"] for s in others]))
        held, ins = scores[chosen][h]["f1"], scores[in_sample][h]["f1"]
        worst = max(worst, ins - held)
        rows.append({"held_out": h, "chosen": chosen, "held_out_f1": held, "in_sample": in_sample,
                     "in_sample_f1": ins})
        print(f"{h:12} {chosen[:30]:30} {held:11.4f} {ins:12.4f} {held - ins:+10.4f}")
    agree = all(r["chosen"] == in_sample for r in rows)
    print(f"\nevery held-out set {'agrees' if agree else 'does not agree'} with the in-sample "
          f"choice; largest held-out loss {worst:.4f} ({'within' if worst <= 0.01 else 'over'} "
          f"0.01)")
    return {"in_sample": in_sample, "rows": rows, "agree": agree, "largest_loss": worst}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus", required=True)
    p.add_argument("--variant", action="append", default=[], metavar="NAME=GALLEY")
    p.add_argument("--source", help="the galley source tree, with --define")
    p.add_argument("--define", metavar="NAME=V1,V2,...")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--json", metavar="FILE")
    a = p.parse_args()
    if corpus_check.absent(a.corpus) is not None:
        return 1
    with tempfile.TemporaryDirectory(prefix="galley-loso-") as work:
        variants = [tuple(v.split("=", 1)) for v in a.variant]
        if a.define:
            name, values = a.define.split("=", 1)
            variants += build_variants(a.source or os.path.join(HERE, "..", ".."), name,
                                       values.split(","), work)
        if len(variants) < 2:
            sys.exit("corpus_loso: give two variants or more")
        pages = os.path.join(work, "pages")
        corpus_check.stage_content(a.corpus, pages)
        scores = {}
        for name, binary in variants:
            scores[name] = score(os.path.abspath(binary), a.corpus, pages,
                                 os.path.join(work, "out", name), a.jobs)
        result = report(scores, [n for n, _ in variants])
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"scores": scores, "loso": result}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
