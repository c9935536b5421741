"""What the scorers of development sets in benches/ share: running a build over a set's articles as
a user does, and mapping spans of its cleaned `articles.text` back to the text the set annotated.

newsfacts normalizes whitespace and drops page furniture, so its offsets do not index the original.
The characters that are not whitespace are aligned (difflib's matching blocks over them), and a span
maps to the original characters its own characters align with.
"""
import csv
import difflib
import glob
import json
import subprocess
import sys
from pathlib import Path


def run_newsfacts(binary, docs, work, table):
    """Runs `binary` (built-in configuration) over `docs` ({id, text, reference_time}) written as one
    JSON Lines file in the folder `work`, and returns {id: (cleaned text, rows of `table`)}; given a
    list of tables, {id: (cleaned text, {table: rows})}."""
    inp = Path(work) / "in"
    inp.mkdir()
    with open(inp / "articles.jsonl", "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d["id"], "text": d["text"], "published": d["reference_time"]}) + "\n")
    out = Path(work) / "out"
    proc = subprocess.run([binary, "run", "--no-progress", "-i", str(inp), "-o", str(out)],
                          cwd=work, capture_output=True, text=True)
    if proc.returncode > 1:
        sys.exit(f"newsfacts failed ({proc.returncode}): {proc.stderr[-2000:]}")
    csv.field_size_limit(1 << 30)

    def rows(name):
        for path in sorted(glob.glob(str(out / "current" / "csv" / name / "**" / "*.csv"), recursive=True)):
            with open(path, encoding="utf-8", newline="") as f:
                yield from csv.DictReader(f)

    def by_doc(name):
        grouped = {}
        for r in rows(name):
            grouped.setdefault(r["doc_id"], []).append(r)
        return grouped

    # A JSON line's `id` becomes the article's `source`.
    if isinstance(table, str):
        one = by_doc(table)
        return {a["source"]: (a["text"], one.get(a["doc_id"], [])) for a in rows("articles")}
    many = {name: by_doc(name) for name in table}
    return {a["source"]: (a["text"], {name: many[name].get(a["doc_id"], []) for name in table})
            for a in rows("articles")}


def nonspace_map(text):
    """The non-whitespace characters of text and, for each, its index in text."""
    idx = [i for i, c in enumerate(text) if not c.isspace()]
    return "".join(text[i] for i in idx), idx


def mapper(cleaned, original):
    """A function from a span (start, end) of `cleaned` to one of `original`, or None where none of
    its characters was kept."""
    cs, ci = nonspace_map(cleaned)
    os_, oi = nonspace_map(original)
    to_orig = {}
    sm = difflib.SequenceMatcher(None, cs, os_, autojunk=False)
    for a, b, n in sm.get_matching_blocks():
        for k in range(n):
            to_orig[ci[a + k]] = oi[b + k]

    def span(start, end):
        inside = [to_orig[i] for i in range(start, end) if i in to_orig]
        if not inside:
            return None
        return inside[0], inside[-1] + 1

    return span


def overlaps(a, b):
    """Whether spans a and b (start, end) share a character."""
    return a[0] < b[1] and b[0] < a[1]
