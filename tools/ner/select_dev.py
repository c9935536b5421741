#!/usr/bin/env python3
"""Picks the entity development set: 20 PolNeAR train articles and 20 Reuters-21578 stories (never one
listed in ../shared/dev/reuters-blind-ids.txt), by a fixed seed, and writes their text, as the shared
corpus has it, to OUT/articles.jsonl (outside the repo: the text stays in ../shared).

Usage: tools/ner/select_dev.py [--shared ../shared] --out DIR
The ids it picks are the ones tests/data/ner-dev/gold.jsonl annotates; the silver training text
(tools/ner/silver.py) leaves them out.
"""
import argparse
import ast
import gzip
import json
import random
import re
from pathlib import Path

SEED = 13
PER_SOURCE = 20


def meta_of(record):
    meta = record["meta"]
    return meta if isinstance(meta, dict) else ast.literal_eval(meta)


def polnear_articles(shared):
    """One text per PolNeAR train article (the first annotator's copy), keyed by article id."""
    articles = {}
    with gzip.open(shared / "dev/polnear/polnear_train_dev.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if meta_of(record)["split"] != "train":
                continue
            article = record["id"].rsplit("/", 1)[0]
            articles.setdefault(article, record["text"])
    return articles


def prose(text):
    """Running prose, not a table of results: few digits, lines mostly long."""
    digits = sum(c.isdigit() for c in text) / max(1, len(text))
    return digits < 0.06 and len(re.findall(r"[a-z]{3,}", text)) > 120


def select(shared):
    rng = random.Random(SEED)
    polnear = polnear_articles(shared)
    fitting = sorted(a for a, t in polnear.items() if 1500 <= len(t) <= 6000)
    chosen = [(a, polnear[a]) for a in rng.sample(fitting, PER_SOURCE)]
    blind = set((shared / "dev/reuters-blind-ids.txt").read_text().split())
    stories = []
    with gzip.open(shared / "corpus/reuters21578.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record["id"] in blind or not 1200 <= len(record["text"]) <= 3500:
                continue
            if prose(record["text"]):
                stories.append((record["id"], record["text"]))
    stories.sort()
    chosen += rng.sample(stories, PER_SOURCE)
    return chosen


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "../shared")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "articles.jsonl", "w", encoding="utf-8") as f:
        for article_id, text in select(args.shared.resolve()):
            f.write(json.dumps({"id": article_id, "text": text}, ensure_ascii=False) + "\n")
            print(article_id, len(text))


if __name__ == "__main__":
    main()
