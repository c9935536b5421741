#!/usr/bin/env python3
"""Incremental runs against one full run on a real corpus (issue 5).

Usage: benches/incremental_eval.py CORPUS.jsonl[.gz] BINARY WORKDIR

Splits the corpus into five JSON Lines files (every fifth story each) that arrive over five runs;
before the fourth run one story of the first file is edited and one story is copied into a new file
that sorts first. Then one full run reads the final inputs. Prints each run's summary and time, and
for every table whether the two outputs hold the same rows (row hashes, sorted); then `verify` on both.
"""
import gzip, os, shutil, subprocess, sys, time
import polars as pl
src, B, w = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
src = os.path.abspath(src)
for d in ["in", "inc", "full"]:
    shutil.rmtree(f"{w}/{d}", ignore_errors=True)
os.makedirs(f"{w}/in")
lines = (gzip.open if src.endswith(".gz") else open)(src, "rt").readlines()
chunks = [lines[i::5] for i in range(5)]  # interleaved: later files sort after, stories of all months in each
times = []
for i, c in enumerate(chunks):
    with open(f"{w}/in/part{i}.jsonl", "w") as f:
        f.writelines(c)
    if i == 3:  # edit one story of part0 and copy one story into a new file that sorts first
        p0 = open(f"{w}/in/part0.jsonl").readlines()
        p0[10] = p0[10].replace("said", "stated", 1)
        open(f"{w}/in/part0.jsonl", "w").writelines(p0)
        open(f"{w}/in/a-copy.jsonl", "w").write(chunks[2][5])
    t = time.time()
    r = subprocess.run([B, "run", "--no-progress", "-j", "2", "-i", f"{w}/in", "-o", f"{w}/inc"], capture_output=True, text=True, cwd="/tmp")
    times.append(round(time.time() - t, 2))
    print(r.stderr.splitlines()[0])
t = time.time()
subprocess.run([B, "run", "--no-progress", "-j", "2", "-i", f"{w}/in", "-o", f"{w}/full"], capture_output=True, cwd="/tmp")
print("incremental run times", times, "full", round(time.time() - t, 2))
same = True
for tname in ["articles", "figures", "dates", "entity_mentions", "entities", "quotes", "events", "event_participants", "event_clusters", "event_cluster_members", "rejects"]:
    a = pl.read_parquet(f"{w}/inc/current/{tname}/**/*.parquet")
    b = pl.read_parquet(f"{w}/full/current/{tname}/**/*.parquet")
    ha = sorted(a.hash_rows().to_list()); hb = sorted(b.hash_rows().to_list())
    ok = ha == hb
    same &= ok
    print(f"{tname:22} rows {a.height:>7} {b.height:>7} {'same' if ok else 'DIFFERENT'}")
print("ALL SAME" if same else "DIFFERENCES")
status = 0 if same else 1
for o in ["inc", "full"]:
    print(o, subprocess.run([B, "verify", "-o", f"{w}/{o}"], capture_output=True, text=True, cwd="/tmp").stdout.strip())
sys.exit(status)
