#!/usr/bin/env python3
"""Named entities side by side: spaCy en_core_web_sm 3.8.0, en_core_web_md 3.8.0 and newsfacts against a
gold file, with exact-span, exact-type precision, recall and F1 per type, and each system's speed.

GOLD is JSON Lines of {"id", "text_sha256", "ents": [[start, end, TYPE], ...]} (code-point offsets,
TYPE in PERSON, NORP, ORG, GPE, LOC); ARTICLES is JSON Lines of {"id", "text"} (tools/ner/select_dev.py
writes /tmp/nerdev/articles.jsonl; the text stays outside the repo). Every gold article's text must
match its sha256. spaCy's entity edges are trimmed of whitespace (it can end one on a newline token),
as tools/ner/silver.py does. Types scored: PERSON, ORG, GPE+LOC (one type: newsfacts' LOC covers both), NORP, and
micro over PERSON, ORG and GPE+LOC.

spaCy runs the components its NER depends on (tok2vec, parser, ner: the same entities as the full
pipeline, see tools/ner/silver.py). newsfacts runs as `BIN run --no-progress -j THREADS -i IN -o OUT`
in a temporary folder (so with its built-in configuration, not a config/newsfacts.toml of the current
folder or $NEWSFACTS_CONFIG) over the articles written as one JSON Lines file; its entity_mentions are read from OUT/current/ and
joined to the input ids through articles.source. Its time is the whole run (every extractor, Parquet
writing, start-up), so it is a bound on the tagger's share. Speed is tokens/s for all three over one
count: spaCy's tokenizer's non-whitespace tokens; each system runs --repeat times, the median is kept.

Usage (after tools/ner/setup.sh, whose venv has spaCy and pyarrow):
  nice -n 10 ~/.cache/newsfacts-ner/venv/bin/python benches/ner_side_by_side.py \
      --gold tests/data/ner-dev/gold.jsonl --articles /tmp/nerdev/articles.jsonl \
      [--newsfacts ~/.cache/newsfacts-target/debug/newsfacts] [--setup ~/.cache/newsfacts-ner] \
      [--by-source] [--repeat 3] [--threads 1]
"""
import argparse
import difflib
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The teacher's entity edges are trimmed here exactly as in its silver labels.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools/ner"))
from silver import trimmed  # noqa: E402

SCORED = ["PERSON", "ORG", "GPE+LOC", "NORP"]
MICRO = ["PERSON", "ORG", "GPE+LOC"]
NOT_FOR_NER = ["lemmatizer", "tagger", "attribute_ruler", "senter"]


def scored_type(label):
    return {"GPE": "GPE+LOC", "LOC": "GPE+LOC"}.get(label, label if label in SCORED else None)


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def source_of(doc_id):
    return "reuters" if doc_id.startswith("reuters") else doc_id.split("/", 1)[0]


def load_inputs(gold_path, articles_path):
    texts = {a["id"]: a["text"] for a in read_jsonl(articles_path)}
    gold, problems = {}, []
    for g in read_jsonl(gold_path):
        text = texts.get(g["id"])
        if text is None:
            problems.append(f"{g['id']}: not in {articles_path}")
        elif hashlib.sha256(text.encode("utf-8")).hexdigest() != g["text_sha256"]:
            problems.append(f"{g['id']}: text differs from the one annotated (sha256)")
        else:
            gold[g["id"]] = {(s, e, scored_type(t)) for s, e, t in g["ents"] if scored_type(t)}
    if problems:
        sys.exit("gold does not fit the articles:\n  " + "\n  ".join(problems))
    return {i: texts[i] for i in gold}, gold


def timed(run, repeat):
    """Runs run() repeat times; returns its last result and the median seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def run_spacy(model_dir, texts, repeat):
    import spacy
    nlp = spacy.load(model_dir, exclude=NOT_FOR_NER)
    list(nlp.pipe(["Warm-up: Sen. Bernie Sanders spoke in Beijing."]))
    ids = list(texts)
    docs, seconds = timed(lambda: list(nlp.pipe((texts[i] for i in ids), batch_size=64)), repeat)
    preds = {i: {(*trimmed(d.text, e.start_char, e.end_char), scored_type(e.label_))
                 for e in d.ents if scored_type(e.label_)} for i, d in zip(ids, docs)}
    return preds, seconds, ""


def offset_map(pipeline_text, original):
    """pipeline_text position -> original position, for the stretches the two texts share."""
    mapping = {}
    matcher = difflib.SequenceMatcher(None, pipeline_text, original, autojunk=False)
    for a, b, n in matcher.get_matching_blocks():
        mapping.update((a + k, b + k) for k in range(n + 1))
    return mapping


def run_newsfacts(binary, texts, repeat, threads, settings=()):
    import pyarrow.dataset as ds
    work = Path(tempfile.mkdtemp(prefix="ner-side-by-side-"))
    (work / "in").mkdir()
    with open(work / "in/articles.jsonl", "w", encoding="utf-8") as f:
        for doc_id, text in texts.items():
            f.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    runs = iter(range(repeat))

    def run():
        out = work / f"out{next(runs)}"  # a fresh folder each time: a second run would be incremental
        cmd = [str(binary), "run", "--no-progress", "-j", str(threads), "-i", str(work / "in"), "-o", str(out)]
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFACTS_")}
        env.update(settings)
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=work, env=env)  # built-in config
        if done.returncode not in (0, 1):  # 1: finished, some inputs rejected
            sys.exit(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr}")
        return out

    out, seconds = timed(run, repeat)

    def table(name, columns):
        return ds.dataset(out / "current" / name, format="parquet", partitioning="hive").to_table(
            columns=columns).to_pylist()

    articles = {a["doc_id"]: a for a in table("articles", ["doc_id", "source", "text", "extracted"])}
    by_source = {a["source"]: a for a in articles.values()}
    missing = sorted(set(texts) - set(by_source))
    notes = [f"{len(missing)} articles missing from newsfacts' output: {missing[:3]}"] if missing else []
    notes += [f"not extracted (non-English?): {a['source']}" for a in articles.values() if not a["extracted"]]
    maps = {}
    for doc_id, text in texts.items():
        if doc_id in by_source and by_source[doc_id]["text"] != text:
            maps[by_source[doc_id]["doc_id"]] = offset_map(by_source[doc_id]["text"], text)
    notes.append(f"newsfacts changed the text of {len(maps)} articles; offsets aligned back" if maps
                 else f"articles.text equals the input text for all {len(by_source)} articles")
    preds, lost = {i: set() for i in texts}, 0
    for m in table("entity_mentions", ["doc_id", "char_start", "char_end", "surface", "type"]):
        doc_id, start, end = articles[m["doc_id"]]["source"], m["char_start"], m["char_end"]
        if m["doc_id"] in maps:
            mapping = maps[m["doc_id"]]
            start, end = mapping.get(start), mapping.get(end)
            if start is None or end is None or texts[doc_id][start:end] != m["surface"]:
                lost += 1
                continue
        assert texts[doc_id][start:end] == m["surface"], (doc_id, start, end, m["surface"])
        if scored_type(m["type"]):
            preds[doc_id].add((start, end, scored_type(m["type"])))
    if lost:
        notes.append(f"{lost} newsfacts mentions could not be aligned to the original text (counted missed)")
    shutil.rmtree(work)  # kept when a run fails, to look into
    return preds, seconds, "; ".join(notes)


def prf(tp, n_pred, n_gold):
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold, preds, ids):
    """{type: (n_gold, n_pred, tp)} over ids, with "micro" over MICRO."""
    counts = {}
    for t in SCORED:
        g = {(i, s, e) for i in ids for s, e, ty in gold[i] if ty == t}
        p = {(i, s, e) for i in ids for s, e, ty in preds[i] if ty == t}
        counts[t] = (len(g), len(p), len(g & p))
    counts["micro"] = tuple(sum(counts[t][k] for t in MICRO) for k in range(3))
    return counts


def print_table(title, gold, systems, ids, speeds=None):
    scores = {name: score(gold, preds, ids) for name, preds in systems.items()}
    print(f"\n{title} ({len(ids)} articles)")
    print(f"{'':20}{'gold':>5}" + "".join(f"  {name:^25}" for name in systems))
    print(f"{'':25}" + "    P     R    F1  pred" * len(systems))
    for t in SCORED + ["micro"]:
        n_gold = next(iter(scores.values()))[t][0]
        row = f"{'micro P,O,GPE+LOC' if t == 'micro' else t:20}{n_gold:>5}"
        for name in systems:
            _, n_pred, tp = scores[name][t]
            row += "  {:5.3f} {:5.3f} {:5.3f} {:>5}".format(*prf(tp, n_pred, n_gold), n_pred)
        print(row)
    if speeds:
        print(f"{'tokens/s':25}" + "".join(f"  {s:>25}" for s in speeds))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", required=True, type=Path)
    parser.add_argument("--articles", required=True, type=Path)
    parser.add_argument("--newsfacts", type=Path, help="newsfacts binary (left out when not given)")
    parser.add_argument("--setup", type=Path, default=Path.home() / ".cache/newsfacts-ner")
    parser.add_argument("--by-source", action="store_true", help="also one table per source")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="newsfacts -j")
    parser.add_argument("--variant", action="append", default=[], metavar="LABEL:VAR=VALUE[,VAR=VALUE]",
                        help="also run newsfacts with these NEWSFACTS_* settings, e.g. "
                             "'rules:NEWSFACTS_EXTRACT__ENTITIES__RECOGNIZERS=rules' (repeatable)")
    args = parser.parse_args()

    texts, gold = load_inputs(args.gold, args.articles)
    import spacy
    tokenizer = spacy.load(args.setup / "en_core_web_md", exclude=["tok2vec", "parser", "ner"] + NOT_FOR_NER)
    tokens = sum(1 for t in texts.values() for tok in tokenizer(t) if not tok.is_space)
    systems, speeds, notes = {}, [], []
    runs = [("spaCy sm", lambda: run_spacy(args.setup / "en_core_web_sm", texts, args.repeat)),
            ("spaCy md", lambda: run_spacy(args.setup / "en_core_web_md", texts, args.repeat))]
    if args.newsfacts:
        runs.append(("newsfacts", lambda: run_newsfacts(args.newsfacts, texts, args.repeat, args.threads)))
        for variant in args.variant:
            label, _, pairs = variant.partition(":")
            settings = dict(pair.split("=", 1) for pair in pairs.split(",") if pair)
            runs.append((f"newsfacts {label}", lambda settings=settings: run_newsfacts(
                args.newsfacts, texts, args.repeat, args.threads, settings)))
    for name, run in runs:
        systems[name], seconds, note = run()
        speeds.append(f"{tokens / seconds:,.0f}  ({seconds:.2f} s)")
        notes += [f"{name}: {note}"] if note else []
    print(f"{len(texts)} articles, {tokens} tokens; exact span and type; median of {args.repeat} runs"
          + (f"; newsfacts -j {args.threads}, whole run" if args.newsfacts else ""))
    print_table("all", gold, systems, list(texts), speeds)
    if args.by_source:
        for source in sorted({source_of(i) for i in texts}):
            print_table(source, gold, systems, [i for i in texts if source_of(i) == source])
    for note in notes:
        print("note:", note)


if __name__ == "__main__":
    main()
