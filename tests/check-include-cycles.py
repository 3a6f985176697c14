#!/usr/bin/env python3
"""No include cycles between modules (STYLE.md: layers and modules point
one way). A module is foo.c with foo.h; module A uses module B when A's .c
or .h includes "B.h". Any cycle in that graph (A uses B, B uses A, or a
longer loop) fails, named file by file.

index/catalog.h is the index layer's interface, implemented by several
files (catalog.c, engine.c, facets.c, item.c): it is a module of its own,
and catalog.c is one of its users like the others."""
import os
import re
import sys

LAYERS = ["common", "gen", "index", "ui", "cli"]
INTERFACES = {"index/catalog.h"}
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)


def graph(root):
    """Module -> set of modules it uses, names as layer/stem."""
    where = {}
    for layer in LAYERS:
        d = os.path.join(root, layer)
        for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            if name.endswith(".h"):
                where.setdefault(name, []).append(layer)
    uses = {}
    for layer in LAYERS:
        d = os.path.join(root, layer)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            stem, ext = os.path.splitext(name)
            if ext not in (".c", ".h"):
                continue
            me = layer + "/" + stem
            if ext == ".c" and me + ".h" in INTERFACES:
                me += ".c"
            edges = uses.setdefault(me, {})
            with open(os.path.join(d, name), encoding="utf-8") as f:
                for h in INCLUDE.findall(f.read()):
                    h = os.path.basename(h)
                    homes = where.get(h, [])
                    # Its own folder first, as the compiler looks.
                    home = layer if layer in homes else (homes[0] if homes else None)
                    if home is None:
                        continue
                    dep = home + "/" + os.path.splitext(h)[0]
                    if dep != me:
                        edges.setdefault(dep, layer + "/" + name)
    return uses


def cycles(uses):
    """Each cycle once, as a list of modules, by depth-first search."""
    found, state, stack = [], {}, []

    def visit(m):
        state[m] = "open"
        stack.append(m)
        for dep in sorted(uses.get(m, {})):
            if state.get(dep) == "open":
                found.append(stack[stack.index(dep):] + [dep])
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[m] = "done"

    for m in sorted(uses):
        if m not in state:
            visit(m)
    return found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    uses = graph(root)
    if len(uses) < 20:
        print("include-cycles: found only %d modules under %s" % (len(uses), root),
              file=sys.stderr)
        return 1
    bad = cycles(uses)
    for c in bad:
        steps = ["%s (%s)" % (a, uses[a][b]) for a, b in zip(c, c[1:])]
        print("include-cycles: " + " -> ".join(steps) + " -> " + c[-1], file=sys.stderr)
    if bad:
        return 1
    print("include-cycles: ok (%d modules)" % len(uses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
