#!/usr/bin/env python3
"""TIMEX3 on TempEval-3's TimeBank and AQUAINT news: newsfacts' `dates` table against the annotators'
expressions, with the TempEval-3 metric (UzZaman et al. 2013): strict span match (same start and end),
relaxed span match (overlap), and value and type scored on the relaxed matches.

For each split: precision, recall and F1 of strict and relaxed spans, and value F1 and type F1, where
a value (type) counts as found when a relaxed match carries the gold value (type): P = correct /
system expressions, R = correct / gold expressions. HeidelTime's published TempEval-3 figures (task A,
TE3 platinum test: strict F1 81.34, relaxed F1 90.30, value F1 77.61, type F1 82.09) are printed
beside ours for orientation; they are on another test set, so the comparison is indicative.

The documents are read from ../shared/dev/timebank (research data, never copied into the repo), each
written as one JSON line with its document creation time as `published`, and run through
`BIN run` in a temporary folder (built-in configuration). newsfacts cleans the text (whitespace,
furniture), so spans are mapped back to the original text through the characters that are not
whitespace (difflib's matching blocks). Expressions without a gold value score on spans only.

Splits: `timebank` (183 documents) is where the rules are tuned; `aquaint` (73 documents) is kept
aside and reported as the figure for unseen news.

Usage: python3 benches/timebank_eval.py BIN [--dev ../shared/dev] [--show N] [--split timebank|aquaint]
  --show N prints N missed and N wrong expressions per split (what to fix next).
"""
import argparse
import gzip
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

from devsets import run_newsfacts, mapper

HEIDELTIME_TE3 = {"strict": 81.34, "relaxed": 90.30, "value": 77.61, "type": 82.09}
SPLITS = ["timebank", "aquaint"]


def read_split(dev, split):
    path = Path(dev) / "timebank" / f"tempeval3_tbaq_{split}.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score(gold, system):
    """gold, system: lists of (start, end, type, value). Returns counts."""
    c = Counter(gold=len(gold), system=len(system))
    used = set()
    pairs = []
    for g in gold:
        best = None
        for k, s in enumerate(system):
            if k in used or s[0] >= g[1] or g[0] >= s[1]:
                continue
            exact = (s[0], s[1]) == (g[0], g[1])
            overlap = min(s[1], g[1]) - max(s[0], g[0])
            key = (exact, overlap)
            if best is None or key > best[0]:
                best = (key, k)
        if best is None:
            pairs.append((g, None))
            continue
        used.add(best[1])
        s = system[best[1]]
        pairs.append((g, s))
        c["relaxed"] += 1
        c["strict"] += (s[0], s[1]) == (g[0], g[1])
        c["value"] += s[3] == g[3]
        c["type"] += s[2] == g[2]
    spurious = [s for k, s in enumerate(system) if k not in used]
    return c, pairs, spurious


def prf(correct, system, gold):
    p = correct / system if system else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("--dev", default=str(Path(__file__).resolve().parents[2] / "shared" / "dev"))
    ap.add_argument("--split", choices=SPLITS, action="append")
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    if not (Path(args.dev) / "timebank").is_dir():
        sys.exit(f"no TimeBank data under {args.dev}/timebank: pass --dev (../shared/dev)")
    print(f"{'split':9} {'docs':>4} {'gold':>5} {'sys':>5}  {'strict P/R/F1':>17}  {'relaxed P/R/F1':>17}  {'value F1':>8}  {'type F1':>7}")
    for split in args.split or SPLITS:
        docs = read_split(args.dev, split)
        with tempfile.TemporaryDirectory() as work:
            found = run_newsfacts(binary, docs, work, "dates")
        total = Counter()
        misses, wrong, spurious_all = [], [], []
        for d in docs:
            gold = [(e["start"], e["end"], e["type"].lower(), e.get("value") or None) for e in d["expected"]]
            text, rows = found.get(d["id"], (None, []))
            system = []
            if text is not None:
                span = mapper(text, d["text"])
                for r in rows:
                    s = span(int(r["char_start"]), int(r["char_end"]))
                    if s is not None:
                        system.append((s[0], s[1], r["kind"], r["value"] or None))
            c, pairs, spurious = score(gold, system)
            total += c
            for g, s in pairs:
                if s is None:
                    misses.append((d["text"][g[0]:g[1]], g[3], d["reference_time"]))
                elif s[3] != g[3]:
                    wrong.append((d["text"][g[0]:g[1]], g[3], d["text"][s[0]:s[1]], s[3], d["reference_time"]))
            spurious_all += [(d["text"][s[0]:s[1]], s[3]) for s in spurious]
        cells = []
        for key in ["strict", "relaxed"]:
            p, r, f = prf(total[key], total["system"], total["gold"])
            cells.append(f"{p:.3f}/{r:.3f}/{f:.3f}")
        vf = prf(total["value"], total["system"], total["gold"])[2]
        tf = prf(total["type"], total["system"], total["gold"])[2]
        print(f"{split:9} {len(docs):4d} {total['gold']:5d} {total['system']:5d}  {cells[0]:>17}  {cells[1]:>17}  {vf:8.3f}  {tf:7.3f}")
        if args.show:
            print(f"  missed ({len(misses)}):")
            for m in Counter(misses).most_common(args.show):
                print(f"    {m[1]}x {m[0]}")
            print(f"  wrong value ({len(wrong)}):")
            for w in wrong[: args.show]:
                print(f"    {w}")
            print(f"  spurious ({len(spurious_all)}):")
            for s in Counter(spurious_all).most_common(args.show):
                print(f"    {s[1]}x {s[0]}")
    h = HEIDELTIME_TE3
    print(f"HeidelTime, TempEval-3 test (published): strict F1 {h['strict'] / 100:.3f}, relaxed F1 {h['relaxed'] / 100:.3f}, "
          f"value F1 {h['value'] / 100:.3f}, type F1 {h['type'] / 100:.3f}")


if __name__ == "__main__":
    main()
