#!/usr/bin/env python3
"""Fails when modules of src/ import each other in a cycle (scripts/test runs it).

A node is a top-level module (`config`, `sinks`, ...), except under `extract/` and `clean/`, where each
submodule is its own node (`extract::figures`, `clean::meta`): extractors may depend on one another
only one way (events reads entities, dates, figures and quotes; figures reads dates), and the stages
never on `config`, which composes them. Files inside one node (a module and its children) may refer
to each other freely, and so may `extract` or `clean` and their own submodules (a child using its
parent's types is the normal layout). Edges come from `crate::a::b` paths and `super::` paths in
code outside `#[cfg(test)]` modules.

Usage: tools/check_module_cycles.py [SRC_DIR]   (prints the graph with -v)
"""

import os
import re
import sys

SPLIT = {"extract", "clean"}


def node_of_file(rel):
    parts = rel[:-3].split("/")
    if parts[-1] == "mod":
        parts = parts[:-1]
    if parts in (["lib"], ["main"]):
        return None
    if parts[0] in SPLIT and len(parts) >= 2:
        return f"{parts[0]}::{parts[1]}"
    return parts[0]


def module_path(rel):
    parts = rel[:-3].split("/")
    if parts[-1] == "mod":
        parts = parts[:-1]
    return parts


def node_of_path(parts, submodules):
    """The node of a module path such as ['extract', 'figures', 'currency']."""
    if not parts:
        return None
    if parts[0] in SPLIT and len(parts) >= 2 and parts[1] in submodules.get(parts[0], set()):
        return f"{parts[0]}::{parts[1]}"
    return parts[0]


def names_in(group):
    """`a::b` or `{a, b::c, d}` after `crate::x::` → the first segment of each."""
    return [g.strip().split("::")[0] for g in group.split(",") if g.strip()]


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    src = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "src")
    files = []
    for dirpath, _, names in os.walk(src):
        for name in names:
            if name.endswith(".rs"):
                files.append(os.path.relpath(os.path.join(dirpath, name), src))
    submodules = {}
    for rel in files:
        parts = module_path(rel)
        if len(parts) >= 2 and parts[0] in SPLIT:
            submodules.setdefault(parts[0], set()).add(parts[1])
    edges = {}
    for rel in sorted(files):
        me = node_of_file(rel)
        if me is None:
            continue
        code = open(os.path.join(src, rel), encoding="utf-8").read()
        code = re.sub(r"#\[cfg\(test\)\]\s*mod tests\s*\{.*", "", code, flags=re.S)
        code = re.sub(r"//[^\n]*", "", code)
        here = module_path(rel)
        targets = []
        for m in re.finditer(r"crate::(\w+)(?:::(\{[^}]*\}|\w+))?", code):
            first, second = m.group(1), m.group(2)
            if second and second.startswith("{"):
                for n in names_in(second[1:-1]):
                    targets.append([first, n])
            else:
                targets.append([first] + ([second] if second else []))
        for m in re.finditer(r"((?:super::)+)(\{[^}]*\}|\w+)", code):
            ups = m.group(1).count("super::")
            # A mod.rs file is its folder's module; a plain file is one level deeper.
            base = here[: len(here) - ups]
            group = m.group(2)
            seconds = names_in(group[1:-1]) if group.startswith("{") else [group]
            for n in seconds:
                targets.append(base + [n])
        for t in targets:
            node = node_of_path(t, submodules)
            if not node or node in (me, "self"):
                continue
            parent_child = (node in SPLIT and me.startswith(node + "::")) or (
                me in SPLIT and node.startswith(me + "::")
            )
            if not parent_child:
                edges.setdefault(me, set()).add(node)
    if "-v" in sys.argv:
        for n in sorted(edges):
            print(f"{n} -> {', '.join(sorted(edges[n]))}")
    # Cycles: strongly connected components with more than one node.
    index, low, stack, on, sccs = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    nodes = set(edges) | {w for ws in edges.values() for w in ws}
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    if sccs:
        for comp in sccs:
            inside = [f"{a} -> {b}" for a in comp for b in sorted(edges.get(a, ())) if b in comp]
            print("module cycle: " + "; ".join(inside), file=sys.stderr)
        print("tools/check_module_cycles.py: modules import each other in a cycle (see above): "
              "move the shared item to a leaf module (text, model, lang) or let the caller pass it",
              file=sys.stderr)
        return 1
    print(f"tools/check_module_cycles.py: {len(nodes)} modules, no import cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
