#!/usr/bin/env python3
"""Events on the events development set (tests/data/events-dev: 82 real articles, Reuters-21578 wire
stories and PolNeAR political news, annotated by the guide in that folder).

The articles' text is read from ../shared (tools/events/select_dev.py draws them) and checked against
the gold file's sha256; `BIN run` (built-in configuration) runs over them in a temporary folder, and
its `events` rows are paired with the gold events of their article (tools/events/matching.py: same
family of kind, a shared party or nearby triggers). Statements are not annotated and not scored.

Printed per split (tune: read while developing; held_out: only scored) and for the kinds
meeting, talks, summit, visit and phone call together (the issue's "meeting/visit/talks" figure), then
agreements apart:
- found: P = paired rows / rows, R = paired gold events / gold events;
- full: a paired row whose parties (the same set), date (the same TIMEX3 value, or both empty) and
  place (the same name, or both empty) are all right; P, R and F1 over all rows and gold events. A
  participant or place of a row is named by its canonical name or any way the article writes that
  entity (its entity_mentions' surfaces: "OECD", "G-7");
- each field's share of right values among paired rows.

Usage: python3 benches/events_eval.py BIN [--shared ../shared] [--gold tests/data/events-dev/gold.jsonl]
       [--show N]   (N misses, N spurious rows and N wrong fields of the tune split)
"""
import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools/events"))
from devsets import mapper, run_newsfacts  # noqa: E402
from gold import comparable, read_jsonl  # noqa: E402
from matching import FAMILIES, MEETING_FAMILIES, forms, judge, pair  # noqa: E402
from select_dev import select  # noqa: E402

GROUPS = [("meeting/talks/summit/visit/call", MEETING_FAMILIES), ("agreement", {"agreement"})]


def gold_events(line):
    return [{**comparable(e), "shown": e} for e in line["events"]]


def predicted_events(tables, span):
    """The article's events rows; a participant's forms are its canonical name and every way the
    article writes it (its entity_mentions' surfaces: "OECD" for the Organisation for Economic
    Co-operation and Development)."""
    written = {}
    for m in tables["entity_mentions"]:
        written.setdefault(m["entity_id"], set()).add(m["surface"])
    by_event = {}
    for p in tables["event_participants"]:
        by_event.setdefault(p["event_id"], {})[p["name"]] = p["entity_id"]
    events = []
    for r in tables["events"]:
        if r["kind"] not in FAMILIES:
            continue
        trigger = span(int(r["char_start"]), int(r["char_end"]))
        ids = by_event.get(r["event_id"], {})
        parties = [forms(" | ".join([p, *written.get(ids.get(p), ())]))
                   for p in r["participants"].split(" | ") if p]
        events.append({"family": FAMILIES[r["kind"]],
                       "parties": parties,
                       "trigger": list(trigger) if trigger else None, "date": r["date"] or None,
                       "place": " | ".join([r["place"], *written.get(r["place_entity_id"], ())]) or None, "shown": {k: r[k] for k in (
                           "kind", "surface", "participants", "date", "place", "status", "rule")}})
    return events


def prf(right, n_pred, n_gold):
    p = right / n_pred if n_pred else 0.0
    r = right / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--shared", type=Path, default=REPO / "../shared")
    parser.add_argument("--gold", type=Path, default=REPO / "tests/data/events-dev/gold.jsonl")
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()

    gold = {g["id"]: g for g in read_jsonl(args.gold)}
    articles = {i: {"id": i, "split": s, "text": t, "reference_time": r}
                for i, s, t, r in select(args.shared.resolve()) if i in gold}
    wrong = [i for i, g in gold.items()
             if i not in articles or hashlib.sha256(articles[i]["text"].encode()).hexdigest() != g["text_sha256"]]
    if wrong:
        sys.exit(f"the gold file does not fit ../shared's text for: {', '.join(wrong)}")
    with tempfile.TemporaryDirectory() as work:
        output = run_newsfacts(args.binary, list(articles.values()), work,
                               ["events", "event_participants", "entity_mentions"])

    tally = {}
    shown = {"miss": [], "spurious": [], "wrong": []}
    for i, g in gold.items():
        cleaned, tables = output[i]
        golds = gold_events(g)
        preds = predicted_events(tables, mapper(cleaned, articles[i]["text"]))
        pairs = pair(golds, preds)
        for name, families in GROUPS:
            t = tally.setdefault((g["split"], name), {"gold": 0, "pred": 0, "paired": 0,
                                                      "parties": 0, "date": 0, "place": 0, "full": 0})
            t["gold"] += sum(e["family"] in families for e in golds)
            t["pred"] += sum(e["family"] in families for e in preds)
            for a, b in pairs:
                if golds[a]["family"] in families:
                    t["paired"] += 1
                    for field, right in judge(golds[a], preds[b]).items():
                        t[field] += right
        if g["split"] != "tune":
            continue
        paired_g, paired_p = {a for a, _ in pairs}, {b for _, b in pairs}
        shown["miss"] += [(i, golds[a]["shown"]) for a in range(len(golds)) if a not in paired_g]
        shown["spurious"] += [(i, preds[b]["shown"]) for b in range(len(preds)) if b not in paired_p]
        shown["wrong"] += [(i, "wrong " + ", ".join(f for f, ok in judge(golds[a], preds[b]).items() if not ok),
                            golds[a]["shown"], preds[b]["shown"])
                           for a, b in pairs if not judge(golds[a], preds[b])["full"]]

    print(f"{'split':9}{'kinds':33}{'gold':>5}{'rows':>5}   found P    R    F1 |  full P    R    F1 | "
          "parties date place")
    for split in ("tune", "held_out", "all"):
        for name, _ in GROUPS:
            keys = [k for k in tally if k[1] == name and (split == "all" or k[0] == split)]
            t = {f: sum(tally[k][f] for k in keys) for f in tally[keys[0]]}
            found = prf(t["paired"], t["pred"], t["gold"])
            full = prf(t["full"], t["pred"], t["gold"])
            share = [t[f] / t["paired"] if t["paired"] else 0.0 for f in ("parties", "date", "place")]
            print(f"{split:9}{name:33}{t['gold']:>5}{t['pred']:>5}  "
                  f"{found[0]:6.3f}{found[1]:6.3f}{found[2]:6.3f} |{full[0]:7.3f}{full[1]:6.3f}{full[2]:6.3f} | "
                  f"{share[0]:6.2f}{share[1]:6.2f}{share[2]:6.2f}")
    if args.show:
        for kind, items in shown.items():
            print(f"\n{kind} (tune, first {args.show} of {len(items)}):")
            for item in items[:args.show]:
                print("  " + " || ".join(json.dumps(x, ensure_ascii=False) if isinstance(x, dict) else x
                                         for x in item))


if __name__ == "__main__":
    main()
