#!/usr/bin/env python3
"""Fails when the files of one source folder depend on each other in a circle.

usage: include_cycles.py FOLDER

A file and its header (x.c, x.h) are one node. x depends on y when a file of
x includes y.h, or x.c calls a function that y.c defines (whichever header
declares it: a function declared in one header and defined in another
file's .c, as gl_html_is_hidden was, hides a dependency from the includes).
Prints each circle found, as "a -> b -> a", and exits 1; else prints the
edges and exits 0.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
# A definition starts at column 0: "type name(" with the body's brace later.
DEFINITION = re.compile(r'^(?!static\b)[A-Za-z_][\w \t\*]*?\b(gl_\w+)\s*\([^;{]*\)\s*\{', re.M)
CALL = re.compile(r'\b(gl_\w+)\s*\(')
COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)


def main():
    folder = sys.argv[1]
    prefix = os.path.basename(os.path.normpath(folder)) + "/"
    texts = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith((".c", ".h")):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                texts[name] = COMMENT.sub(" ", f.read())
    node = lambda name: name.rsplit(".", 1)[0]
    defined = {}
    for name, text in texts.items():
        if name.endswith(".c"):
            for m in DEFINITION.finditer(text):
                defined[m.group(1)] = node(name)
    edges = {node(n): set() for n in texts}
    for name, text in texts.items():
        me = node(name)
        for inc in INCLUDE.findall(text):
            if inc.startswith(prefix) and node(inc[len(prefix):]) in edges:
                edges[me].add(node(inc[len(prefix):]))
        for fn in CALL.findall(text) if name.endswith(".c") else ():
            if fn in defined:
                edges[me].add(defined[fn])
    for me in edges:
        edges[me].discard(me)

    cycles = []
    state = {}  # 1: on the path, 2: done
    path = []

    def visit(n):  # the folder has a few dozen files: recursion is fine here
        state[n] = 1
        path.append(n)
        for m in sorted(edges[n]):
            if state.get(m) == 1:
                cycles.append(path[path.index(m):] + [m])
            elif m not in state:
                visit(m)
        path.pop()
        state[n] = 2

    for n in sorted(edges):
        if n not in state:
            visit(n)
    for n in sorted(edges):
        print(f"{n} -> {', '.join(sorted(edges[n])) or '(nothing)'}")
    for c in cycles:
        print("circle: " + " -> ".join(c), file=sys.stderr)
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main())
