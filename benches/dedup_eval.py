#!/usr/bin/env python3
"""Measures near-duplicate detection on Reuters-21578 plus altered copies.

Usage: benches/dedup_eval.py REUTERS.jsonl.gz NEWSFACTS_BINARY WORKDIR [COPIES [THRESHOLD]]

Builds WORKDIR/input.jsonl: every Reuters story, then COPIES altered copies (default 600) of stories
of at least 60 words, a third each with a reworded lead (every other word of the first sentence
replaced), a trimmed tail (the last 30% of the words dropped) and added boilerplate (a byline and a
40-word promotional footer). Runs newsfacts on it and reports, from articles.duplicate_of:
  - recall: altered copies pointed at their own original;
  - precision over the copies: copies pointed at another article;
  - natural pairs among the Reuters stories, with their exact word 5-shingle Jaccard, so that
    flagged pairs can be checked (a low exact Jaccard is a false positive), and a sample to read.
The corpus is research-only: this script reads it from ../shared and writes nothing into the repo.
"""

import gzip
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import polars as pl

FOOTER = (
    "Subscribe to our newsletter for the latest market news and analysis delivered to your inbox "
    "every morning. Follow us on social media for breaking stories, and download our app to read "
    "on the go. All rights reserved; redistribution without written permission is prohibited."
)


def words(text):
    return re.findall(r"\w+", text.lower())


def shingles(text, k=5):
    w = words(text)
    return {tuple(w[i : i + k]) for i in range(len(w) - k + 1)}


def jaccard(a, b):
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / max(1, len(sa | sb))


def reword_lead(text, rng):
    body = text.split("\n", 1)
    head, rest = (body[0], body[1]) if len(body) == 2 else ("", text)
    m = re.search(r"[.!?]\s", rest)
    lead, tail = (rest[: m.end()], rest[m.end() :]) if m else (rest, "")
    fillers = ["reportedly", "officials", "on", "said", "the", "new", "latest", "also"]
    out = [w if i % 2 else rng.choice(fillers) for i, w in enumerate(lead.split())]
    return head + "\n" + " ".join(out) + " " + tail


def trim_tail(text):
    w = text.split(" ")
    return " ".join(w[: int(len(w) * 0.7)])


def boilerplate(text):
    return "By Staff Reporter (Newswire)\n" + text + "\n\n" + FOOTER


def main():
    corpus, binary, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    copies = int(sys.argv[4]) if len(sys.argv) > 4 else 600
    threshold = sys.argv[5] if len(sys.argv) > 5 else None
    rng = random.Random(4)
    work.mkdir(parents=True, exist_ok=True)
    stories = [json.loads(line) for line in gzip.open(corpus, "rt")]
    stories = [s for s in stories if s.get("text", "").strip()]
    eligible = [s for s in stories if len(words(s["text"])) >= 60]
    picked = rng.sample(eligible, copies)
    alter = [("reworded_lead", lambda t: reword_lead(t, rng)), ("trimmed_tail", trim_tail), ("boilerplate", boilerplate)]
    rows = [{"id": s["id"], "text": s["text"]} for s in stories]
    truth = {}
    for i, s in enumerate(picked):
        name, fn = alter[i % 3]
        cid = f"copy/{name}/{i}"
        rows.append({"id": cid, "text": fn(s["text"])})
        truth[cid] = (s["id"], name)
    with open(work / "input.jsonl", "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    out = work / "out"
    cmd = [binary, "run", "-i", str(work / "input.jsonl"), "-o", str(out)]
    if threshold:
        (work / "config.toml").write_text(f"[dedup]\nnear_threshold = {threshold}\n")
        cmd += ["-c", str(work / "config.toml")]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    a = pl.read_parquet(out / "current" / "articles" / "**" / "*.parquet").select("doc_id", "source", "duplicate_of", "duplicate_kind", "duplicate_similarity")
    source_of = dict(zip(a["doc_id"], a["source"]))
    root_of = {r["source"]: source_of.get(r["duplicate_of"]) for r in a.iter_rows(named=True) if r["duplicate_of"]}
    text_of = {r["id"]: r["text"] for r in rows}
    per_kind = {}
    wrong = 0
    for rec in a.iter_rows(named=True):
        if rec["source"] in truth:
            orig, kind = truth[rec["source"]]
            got = source_of.get(rec["duplicate_of"]) if rec["duplicate_of"] else None
            hit, total = per_kind.get(kind, (0, 0))
            # An original that is itself a copy of an earlier story hands its copies to that story.
            right = got is not None and (got == orig or got == root_of.get(orig))
            per_kind[kind] = (hit + right, total + 1)
            # The original may itself be a copy of an earlier story: pointing there is also right.
            if got is not None and not right and jaccard(text_of[got], text_of[orig]) < 0.5:
                wrong += 1
    hits = sum(h for h, _ in per_kind.values())
    flagged = sum(1 for rec in a.iter_rows(named=True) if rec["source"] in truth and rec["duplicate_of"])
    print(f"threshold run: {len(rows)} documents, {len(truth)} altered copies")
    for kind, (h, t) in sorted(per_kind.items()):
        print(f"  recall {kind:<14} {h}/{t} = {h / t:.3f}")
    print(f"  recall all            {hits}/{len(truth)} = {hits / len(truth):.3f}")
    print(f"  copies flagged against an unrelated story: {wrong} of {flagged}")
    natural = [r for r in a.iter_rows(named=True) if r["duplicate_of"] and r["source"] not in truth]
    exact = [r for r in natural if r["duplicate_kind"] == "exact"]
    near = [r for r in natural if r["duplicate_kind"] == "near"]
    low = []
    for r in near:
        j = jaccard(text_of[r["source"]], text_of[source_of[r["duplicate_of"]]])
        if j < 0.4:
            low.append((r["source"], source_of[r["duplicate_of"]], round(j, 3), r["duplicate_similarity"]))
    print(f"natural pairs among Reuters stories: {len(exact)} exact, {len(near)} near")
    print(f"  near pairs whose exact 5-shingle Jaccard is below 0.4: {len(low)}")
    for row in low[:10]:
        print("   ", row)
    sample = rng.sample(near, min(8, len(near)))
    for r in sample:
        x, y = text_of[r["source"]], text_of[source_of[r["duplicate_of"]]]
        print(f"--- {r['source']} ~ {source_of[r['duplicate_of']]} est {r['duplicate_similarity']:.2f} exact {jaccard(x, y):.2f}")
        print("   A:", " ".join(x.split())[:160])
        print("   B:", " ".join(y.split())[:160])


if __name__ == "__main__":
    main()
