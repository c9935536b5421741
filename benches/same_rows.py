"""Row-for-row comparison of two newsfacts outputs: what a refactoring must leave unchanged.

Usage: python benches/same_rows.py BEFORE_OUTPUT AFTER_OUTPUT [--show N] [--ignore TABLE.COLUMN ...]

Reads every table of each output's current snapshot (Parquet), hashes each row over the columns both
sides have, and compares the sorted multisets of hashes. Prints per table the rows on each side, how
many rows only one side has, columns only one side has, and up to N examples of differing rows (the
row of one side beside the row of the other with the same key columns, when there is one). Exit status
0 when every table is identical, 1 otherwise. Needs polars (the test venv has it:
`$CARGO_TARGET_DIR/pyvenv/bin/python`).
"""

import argparse
import collections
import hashlib
import os
import sys

import polars as pl

# Columns that identify "the same fact" when printing examples: a differing row is shown beside the
# row of the other side with the same key, so a changed value reads as a change, not as add + remove.
KEYS = {
    "articles": ["doc_id"],
    # Facts pair by position: a fact added or removed early in an article renumbers the ids after it.
    "figures": ["doc_id", "byte_start"],
    "dates": ["doc_id", "byte_start"],
    "entity_mentions": ["doc_id", "byte_start"],
    "entities": ["entity_id"],
    "quotes": ["doc_id", "byte_start"],
    "events": ["event_id"],
    "event_participants": ["event_id", "entity_id", "role"],
    "event_clusters": ["cluster_id"],
    "event_cluster_members": ["event_id"],
    "rejects": ["source"],
    "ledger": ["origin"],
    "input_files": ["path"],
}


def tables(output):
    snapshot = os.path.realpath(os.path.join(output, "current"))
    found = {}
    for root in (snapshot, os.path.join(snapshot, "_state")):
        if not os.path.isdir(root):
            continue
        for name in sorted(os.listdir(root)):
            folder = os.path.join(root, name)
            if name in ("csv", "_state") or not os.path.isdir(folder):
                continue
            files = [
                os.path.join(d, f)
                for d, _, fs in os.walk(folder)
                for f in fs
                if f.endswith(".parquet")
            ]
            frames = [pl.read_parquet(f, hive_partitioning=False) for f in sorted(files)]
            found[name] = pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
    return found


def row_hashes(frame, columns):
    rows = frame.select(sorted(columns)).rows() if columns else [()] * frame.height
    return collections.Counter(
        hashlib.sha1(repr(row).encode()).hexdigest() for row in rows
    ), rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--show", type=int, default=3)
    parser.add_argument("--ignore", nargs="*", default=[])
    args = parser.parse_args()
    ignored = {tuple(i.split(".", 1)) for i in args.ignore}
    before, after = tables(args.before), tables(args.after)
    identical = True
    for name in sorted(set(before) | set(after)):
        b = before.get(name, pl.DataFrame())
        a = after.get(name, pl.DataFrame())
        common = [c for c in b.columns if c in a.columns and (name, c) not in ignored]
        only_b = [c for c in b.columns if c not in a.columns]
        only_a = [c for c in a.columns if c not in b.columns]
        hb, rows_b = row_hashes(b, common)
        ha, rows_a = row_hashes(a, common)
        lost, gained = hb - ha, ha - hb
        lost_n, gained_n = sum(lost.values()), sum(gained.values())
        same = not lost_n and not gained_n and not only_b and not only_a
        identical &= same
        status = "identical" if same else f"{lost_n} rows only before, {gained_n} only after"
        print(f"{name:22} {b.height:>8} before {a.height:>8} after  {status}")
        if only_b or only_a:
            print(f"{'':22} columns only before: {only_b}; only after: {only_a}")
        if same or not args.show:
            continue
        cols = sorted(common)
        key = [c for c in KEYS.get(name, []) if c in cols]
        by_key = collections.defaultdict(list)
        for row in rows_a:
            if hashlib.sha1(repr(row).encode()).hexdigest() in gained:
                by_key[tuple(row[cols.index(k)] for k in key)].append(row)
        shown = 0
        for row in rows_b:
            if shown >= args.show:
                break
            if hashlib.sha1(repr(row).encode()).hexdigest() not in lost:
                continue
            shown += 1
            print(f"{'':22} - {dict(zip(cols, row))}")
            twin = by_key.get(tuple(row[cols.index(k)] for k in key))
            if key and twin:
                changed = {c: v for c, v, w in zip(cols, twin[0], row) if v != w}
                print(f"{'':22}   changed to {changed}")
        if not lost_n:
            for rows in list(by_key.values())[: args.show]:
                print(f"{'':22} + {dict(zip(cols, rows[0]))}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
