#!/usr/bin/env python3
"""Turns annotators' event files (tests/data/events-dev/GUIDE.md) into the gold file, and compares two
annotators' files for adjudication.

  tools/events/gold.py convert ANNOTATED --articles DIR/articles.jsonl --out tests/data/events-dev/gold.jsonl
  tools/events/gold.py compare A B --articles DIR/articles.jsonl

`convert` finds each event's anchor in its article (whitespace collapsed on both sides), puts the
trigger's code-point offsets in `trigger`, drops `anchor`, and adds the article's `split` and
`text_sha256`; it stops with the list of anchors it could not place. `compare` pairs the two files'
events as the scorer does (tools/events/matching.py) and prints agreement and every difference.
"""
import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from matching import FAMILIES, forms, judge, pair  # noqa: E402

KINDS = {"meeting", "talks", "summit", "visit", "phone call", "agreement"}
STATUSES = {"happened", "scheduled", "uncertain", "cancelled"}
DATE = re.compile(r"^\d{4}(-(\d{2}(-\d{2})?|W\d{2}))?$")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def collapsed(text):
    """text with each run of whitespace as one space, and for each of its characters the index in text."""
    out, idx = [], []
    for m in re.finditer(r"\s+|\S", text):
        out.append(" " if m.group().isspace() else m.group())
        idx.append(m.start())
    return "".join(out), idx


def place_trigger(text, anchor, trigger):
    flat, idx = collapsed(text)
    anchor = re.sub(r"\s+", " ", anchor).strip()
    at = flat.find(anchor)
    if at < 0:
        at = flat.lower().find(anchor.lower())
    if at < 0:
        return None
    m = re.search(r"\b" + re.escape(trigger) + r"\b", anchor, re.IGNORECASE)
    if not m:
        m = re.search(re.escape(trigger), anchor, re.IGNORECASE)
    if not m:
        return None
    start = idx[at + m.start()]
    return [start, idx[at + m.end() - 1] + 1]


def problems_of(event):
    problems = []
    if event.get("kind") not in KINDS:
        problems.append(f"kind {event.get('kind')!r}")
    if event.get("status") not in STATUSES:
        problems.append(f"status {event.get('status')!r}")
    if event.get("date") and not DATE.match(event["date"]):
        problems.append(f"date {event['date']!r}")
    if not event.get("parties"):
        problems.append("no parties")
    return problems


def convert(annotated, articles):
    gold, problems = [], []
    for line in annotated:
        article = articles.get(line["id"])
        if article is None:
            problems.append(f"{line['id']}: not an article of the set")
            continue
        events = []
        for e in line["events"]:
            trigger = place_trigger(article["text"], e.get("anchor", ""), e.get("trigger", ""))
            if trigger is None:
                problems.append(f"{line['id']}: anchor {e.get('anchor')!r} / trigger {e.get('trigger')!r} not found")
            problems += [f"{line['id']}: {p}" for p in problems_of(e)]
            events.append({"kind": e["kind"], "trigger": trigger, "parties": e["parties"],
                           "host": e.get("host"), "date": e.get("date"), "place": e.get("place"),
                           "status": e.get("status")})
        events.sort(key=lambda e: (e["trigger"] or [0])[0])
        gold.append({"id": line["id"], "split": article["split"],
                     "text_sha256": hashlib.sha256(article["text"].encode("utf-8")).hexdigest(),
                     "events": events})
    missing = set(articles) - {g["id"] for g in gold}
    problems += [f"{m}: no line" for m in sorted(missing)]
    return gold, problems


def comparable(event):
    return {"family": FAMILIES[event["kind"]], "parties": [forms(p) for p in event["parties"]],
            "trigger": event["trigger"], "date": event.get("date"), "place": event.get("place")}


def show(event):
    return (f"{event['kind']} @{(event['trigger'] or ['?'])[0]} parties={event['parties']} "
            f"host={event.get('host')} date={event.get('date')} place={event.get('place')} "
            f"status={event.get('status')}")


def compare(a_lines, b_lines, articles):
    a_gold, a_problems = convert(a_lines, articles)
    b_gold, b_problems = convert(b_lines, articles)
    for p in a_problems + b_problems:
        print("problem:", p)
    b_by_id = {g["id"]: g for g in b_gold}
    n_a = n_b = n_pair = 0
    agree = {"parties": 0, "date": 0, "place": 0, "full": 0}
    for g in a_gold:
        other = b_by_id.get(g["id"], {"events": []})
        ea, eb = g["events"], other["events"]
        n_a, n_b = n_a + len(ea), n_b + len(eb)
        pairs = pair([comparable(e) for e in ea], [comparable(e) for e in eb])
        n_pair += len(pairs)
        lines = []
        for i, j in pairs:
            verdict = judge(comparable(ea[i]), comparable(eb[j]))
            for k in agree:
                agree[k] += verdict[k]
            if not verdict["full"] or ea[i]["kind"] != eb[j]["kind"] or ea[i].get("host") != eb[j].get("host"):
                lines.append(f"  differ A: {show(ea[i])}\n         B: {show(eb[j])}")
        lines += [f"  only A: {show(ea[i])}" for i in range(len(ea)) if i not in {p[0] for p in pairs}]
        lines += [f"  only B: {show(eb[j])}" for j in range(len(eb)) if j not in {p[1] for p in pairs}]
        if lines:
            print(g["id"])
            print("\n".join(lines))
    f1 = 2 * n_pair / (n_a + n_b) if n_a + n_b else 1.0
    print(f"\nA {n_a} events, B {n_b}, paired {n_pair}: detection agreement F1 {f1:.3f}")
    for k, v in agree.items():
        print(f"  {k:8} agree on {v}/{n_pair} paired; F1 {2 * v / (n_a + n_b) if n_a + n_b else 1:.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("convert")
    c.add_argument("annotated")
    c.add_argument("--articles", required=True)
    c.add_argument("--out", required=True)
    k = sub.add_parser("compare")
    k.add_argument("a")
    k.add_argument("b")
    k.add_argument("--articles", required=True)
    args = parser.parse_args()
    articles = {a["id"]: a for a in read_jsonl(args.articles)}
    if args.command == "convert":
        gold, problems = convert(read_jsonl(args.annotated), articles)
        if problems:
            sys.exit("cannot convert:\n  " + "\n  ".join(problems))
        order = {a: n for n, a in enumerate(articles)}
        gold.sort(key=lambda g: order[g["id"]])
        with open(args.out, "w", encoding="utf-8") as f:
            for g in gold:
                f.write(json.dumps(g, ensure_ascii=False) + "\n")
        print(f"{len(gold)} articles, {sum(len(g['events']) for g in gold)} events -> {args.out}")
    else:
        compare(read_jsonl(args.a), read_jsonl(args.b), articles)


if __name__ == "__main__":
    main()
