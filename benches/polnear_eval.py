#!/usr/bin/env python3
"""Quotes and their speakers on PolNeAR (Newell, Margolin and Ruths, LREC 2018): 2016 US political news
from seven outlets, attributions annotated by people outside the project. newsfacts' `quotes` table is
scored against the attributions whose content holds quotation marks: PolNeAR's `is_direct_quote`, and
the attributions of the New York Times articles, whose archive text writes quotation marks as two
apostrophes (''...''), which that flag misses (1,356 train and 86 dev attributions, none flagged).
Each split is printed twice: `dev` with those quotes, `dev*` with the flag alone (the definition of
the figures quoted before 2026-12-03, where every quote row of those articles counted as wrong).

Each split is run through `BIN run` in a temporary folder (built-in configuration), one JSON line per
article with its publication date. PolNeAR has one annotation file per article in train and dev, and
all of it is scored. Spans of newsfacts' cleaned text are mapped back to the annotated text
(benches/devsets.py).

- Quotes: a quote row is right when it overlaps the content of a gold direct quote; a gold quote is
  found when a quote row overlaps it. P = right rows / rows, R = found gold quotes / gold quotes.
  An interrupted quote is one gold attribution and two rows: both are right, and it is found once.
- Speakers: a gold quote's speaker is found when a row overlapping it names the speaker: its speaker
  mention (`speaker_char_start`, `speaker_char_end`) overlaps the gold source, or its resolved
  `speaker` shares a capitalized word with the gold source as written ("Trump" for "Donald Trump").
  A gold source that is only a pronoun or a description is found only through the mention.
  P = rows with a right speaker / rows with a speaker (among the right rows and the wrong ones),
  R = gold quotes whose speaker was found / gold quotes.
  A quote that continues another (`continues_quote_id`: "...," he said. "...") is judged by the
  speaker mention of the part it continues, as PolNeAR annotates both parts as one attribution.
- No speaker: the share of quote rows with neither a resolved `speaker` nor a speaker mention; unnamed:
  the share with a mention only (a pronoun or description no named entity was resolved for: "the
  narrator says").

Citron (Newell et al. 2021, a published quote attribution system) reports source F1 0.82 on PARC;
the issue's goal on the dev split is quote F1 0.90 and speaker F1 0.80.

Usage: python3 benches/polnear_eval.py BIN [--dev ../shared/dev] [--split train|dev] [--show N]
  --show N prints N missed gold quotes, N wrong rows, N wrong speakers and N right rows without a
  speaker per split.
"""
import argparse
import gzip
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from devsets import run_newsfacts, mapper, overlaps

SPLITS = ["train", "dev"]


def read_split(dev, split):
    path = Path(dev) / "polnear" / "polnear_train_dev.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    return [d for d in docs if d["meta"]["split"] == split]


def is_direct_quote(attribution):
    """PolNeAR's `is_direct_quote`, or content holding two apostrophes, the quotation mark of the New
    York Times archive's text (''...''), which that flag does not see: 1,356 train and 86 dev
    attributions of the NYT articles hold them, and none is flagged."""
    content = (attribution.get("content") or {}).get("text") or ""
    return bool(attribution.get("is_direct_quote")) or "''" in content


def flagged_direct_quote(attribution):
    """PolNeAR's own flag alone (rows marked * in the output)."""
    return bool(attribution.get("is_direct_quote"))


def capitalized_words(text):
    return {w for w in re.findall(r"[A-Z][\w'.-]*", text or "")}


def speaker_right(row, gold_sources, span):
    mention = None
    if row["speaker_char_start"] and row["speaker_char_end"]:
        mention = span(int(row["speaker_char_start"]), int(row["speaker_char_end"]))
    for source in gold_sources:
        if mention and any(overlaps(mention, s) for s in source["spans"]):
            return True
        if row["speaker"] and capitalized_words(row["speaker"]) & capitalized_words(source["text"]):
            return True
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("--dev", default=str(Path(__file__).resolve().parents[2] / "shared" / "dev"))
    ap.add_argument("--split", choices=SPLITS, action="append")
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    if not (Path(args.dev) / "polnear").is_dir():
        sys.exit(f"no PolNeAR data under {args.dev}/polnear: pass --dev (../shared/dev)")
    print(f"{'split':6} {'docs':>4} {'gold':>5} {'rows':>5}  {'quote P/R/F1':>17}  {'speaker P/R/F1':>17}  no speaker  unnamed")
    for split in args.split or SPLITS:
        docs = read_split(args.dev, split)
        with tempfile.TemporaryDirectory() as work:
            found = run_newsfacts(binary, docs, work, "quotes")
        # Scored twice: with the corrected direct quotes, then with PolNeAR's flag alone (the
        # definition of the figures before 2026-12-03), so that the two stay comparable.
        for label, gold_of in ((split, is_direct_quote), (f"{split}*", flagged_direct_quote)):
            if label.endswith("*") and args.show:
                continue
            n_gold = n_rows = rows_right = gold_found = 0
            with_speaker = speaker_rows_right = gold_speaker_found = no_speaker = unnamed = 0
            missed, wrong_rows, wrong_speakers, unattributed = [], [], [], []
            for d in docs:
                gold = [e for e in d["expected"] if gold_of(e)]
                for e in gold:
                    # A few attributions have no source annotated: no speaker can be right for them.
                    e["source"] = e.get("source") or {"text": "", "spans": []}
                gold_spans = [[tuple(s) for s in e["content"]["spans"]] for e in gold]
                text, rows = found.get(d["id"], (None, []))
                span = mapper(text, d["text"]) if text is not None else (lambda s, e: None)
                # A quote that continues another ("...," he said. "...") names its speaker through the
                # first part: it is judged by that part's speaker mention.
                by_id = {r["quote_id"]: r for r in rows}
                for r in rows:
                    first = r
                    while not first["speaker_char_start"] and first["continues_quote_id"] in by_id:
                        first = by_id[first["continues_quote_id"]]
                    r["speaker_char_start"], r["speaker_char_end"] = first["speaker_char_start"], first["speaker_char_end"]
                mapped = [(r, span(int(r["char_start"]), int(r["char_end"]))) for r in rows]
                n_gold += len(gold)
                n_rows += len(rows)
                speaker_found = [False] * len(gold)
                quote_found = [False] * len(gold)
                for r, s in mapped:
                    hits = [k for k, spans in enumerate(gold_spans) if s and any(overlaps(s, g) for g in spans)]
                    has_speaker = bool(r["speaker"]) or bool(r["speaker_char_start"])
                    no_speaker += not has_speaker
                    unnamed += has_speaker and not r["speaker"]
                    with_speaker += has_speaker
                    if not hits:
                        wrong_rows.append((r["surface"][:80], r["speaker"]))
                        continue
                    rows_right += 1
                    right = False
                    for k in hits:
                        quote_found[k] = True
                        if has_speaker and speaker_right(r, [gold[k]["source"]], span):
                            speaker_found[k] = True
                            right = True
                    speaker_rows_right += right
                    if not has_speaker:
                        unattributed.append((r["surface"][:60], gold[hits[0]]["source"]["text"]))
                    if has_speaker and not right:
                        wrong_speakers.append((r["surface"][:60], r["speaker"], r["speaker_surface"],
                                               gold[hits[0]]["source"]["text"]))
                gold_found += sum(quote_found)
                gold_speaker_found += sum(speaker_found)
                missed += [(e["content"]["text"][:80], e["source"]["text"]) for e, f in zip(gold, quote_found) if not f]

            def prf(right, total_system, hit, total_gold):
                p = right / total_system if total_system else 0.0
                r = hit / total_gold if total_gold else 0.0
                f = 2 * p * r / (p + r) if p + r else 0.0
                return f"{p:.3f}/{r:.3f}/{f:.3f}"

            quote = prf(rows_right, n_rows, gold_found, n_gold)
            speaker = prf(speaker_rows_right, with_speaker, gold_speaker_found, n_gold)
            share = no_speaker / n_rows if n_rows else 0.0
            unnamed_share = unnamed / n_rows if n_rows else 0.0
            print(f"{label:6} {len(docs):4d} {n_gold:5d} {n_rows:5d}  {quote:>17}  {speaker:>17}  {share:10.3f}  {unnamed_share:7.3f}")
            if args.show:
                for title, items in (("missed gold quotes", missed), ("rows matching no gold quote", wrong_rows),
                                     ("wrong speakers (row, speaker, mention, gold source)", wrong_speakers),
                                     ("right rows without a speaker (row, gold source)", unattributed)):
                    print(f"  {title} ({len(items)}):")
                    for item in items[: args.show]:
                        print(f"    {item}")


if __name__ == "__main__":
    main()
