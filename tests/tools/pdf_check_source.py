#!/usr/bin/env python3
"""Checks the shape of src/ (issue 15).

  pdf_check_source.py hpdf SRC   no file but src/writers/pdf_hpdf.c includes
                                 libharu's headers (hpdf*.h, public or private)
  pdf_check_source.py sizes SRC  no source file over 1,200 lines and no
                                 function over 150 lines

Each offender is listed (file, line, what); the exit status is 1 when there
is one. Functions are found as the house style writes them (clang-format,
LLVM style): a definition starts at column 0 and its body closes with '}'
at column 0."""
import os
import re
import sys

MAX_FILE_LINES = 1200
MAX_FUNCTION_LINES = 150
ADAPTER = os.path.join("writers", "pdf_hpdf.c")


def sources(root):
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith((".c", ".h")):
                yield os.path.join(folder, name)


def check_hpdf(root):
    bad = []
    include = re.compile(r'^\s*#\s*include\s*[<"](hpdf[^>"]*\.h)[>"]')
    for path in sources(root):
        if os.path.relpath(path, root) == ADAPTER:
            continue
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                m = include.match(line)
                if m:
                    bad.append(f"{path}:{number}: includes {m.group(1)} (only {ADAPTER} may)")
    return bad


def functions(lines):
    """(name, first line, line count) of each function definition."""
    start = None
    name = None
    for i, line in enumerate(lines):
        if start is None:
            # A definition's first line: at column 0, a name then '(' and no ';'
            # on the line that opens its body.
            m = re.match(r"^[A-Za-z_][\w \*]*?\b(\w+)\(", line)
            if m and not line.startswith(("typedef", "struct", "enum", "union", "#")):
                j = i
                while j < len(lines) and not lines[j].rstrip().endswith(("{", ";")):
                    j += 1
                if j < len(lines) and lines[j].rstrip().endswith("{") and "=" not in line:
                    start, name = i, m.group(1)
        elif line.startswith("}"):
            yield name, start + 1, i - start + 1
            start = None


def check_sizes(root):
    bad = []
    for path in sources(root):
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if len(lines) > MAX_FILE_LINES:
            bad.append(f"{path}: {len(lines)} lines (at most {MAX_FILE_LINES})")
        for name, first, count in functions(lines):
            if count > MAX_FUNCTION_LINES:
                bad.append(f"{path}:{first}: {name}() is {count} lines "
                           f"(at most {MAX_FUNCTION_LINES})")
    return bad


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("hpdf", "sizes"):
        sys.exit(__doc__)
    root = sys.argv[2]
    if not os.path.isfile(os.path.join(root, ADAPTER)):
        sys.exit(f"{root}: no {ADAPTER}: not galley's src/")
    bad = check_hpdf(root) if sys.argv[1] == "hpdf" else check_sizes(root)
    for line in bad:
        print(line)
    print(f"{len(bad)} offender(s)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
