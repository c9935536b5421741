#!/usr/bin/env bash
# Whole-pipeline benchmark: runs `newsfacts run` over a corpus (default: Reuters-21578 in ../shared,
# research data that never enters the repo) and prints documents/s, MB/s of text and peak memory;
# then a second, incremental run over the same inputs (nothing new: what a scheduled run costs when
# nothing arrived) and a third after one more file arrived.
# Usage: benches/reuters.sh [CORPUS] [dev|release] [THREADS] [COPIES]
# COPIES > 1 reads the corpus that many times (as COPIES differently named files, symlinked), to see
# how time and memory grow with the corpus (issue 5: 10 copies, peak memory under 1 GiB).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus/reuters21578.jsonl.gz}"
profile="${2:-release}"
threads="${3:-0}"
copies="${4:-1}"
[ -f "$corpus" ] || { echo "benches/reuters.sh: corpus $corpus not found: pass its path" >&2; exit 2; }
corpus="$(cd "$(dirname "$corpus")" && pwd)/$(basename "$corpus")"
target="${CARGO_TARGET_DIR:-target}"
# For dev, build the way `cargo test` does (with dev-dependencies), so CI reuses the test build instead
# of recompiling polars with a different feature set.
if [ "$profile" = dev ]; then
  cargo build --locked --tests --quiet
  dir=debug
else
  cargo build --locked --profile "$profile" --quiet
  dir="$profile"
fi
bin="$target/$dir/newsfacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/in"
name=$(basename "$corpus")
for i in $(seq -w 1 "$copies"); do ln -s "$corpus" "$work/in/copy$i-$name"; done
run() {
  local status=0
  /usr/bin/time -f '%e %M' -o "$work/time" "$bin" run --no-progress -j "$threads" -i "$work/in" -o "$work/out" 2> "$work/log" || status=$?
  # Exit status 1 means "finished, some inputs rejected" (Reuters has one empty story): still a full run.
  if [ "$status" -gt 1 ]; then cat "$work/log" >&2; exit "$status"; fi
  tail -n 1 "$work/time"
}
read -r seconds peak_kb < <(run)
cp "$work/out/current/manifest.json" "$work/full.json"
read -r seconds2 peak_kb2 < <(run)
cp "$work/out/current/manifest.json" "$work/again.json"
python3 - "$corpus" "$work/in/late-arrivals.jsonl" <<'PY'
import gzip, itertools, sys
opener = gzip.open if sys.argv[1].endswith(".gz") else open
with opener(sys.argv[1], "rt") as f, open(sys.argv[2], "w") as out:
    out.writelines(itertools.islice(f, 50))
PY
read -r seconds3 peak_kb3 < <(run)
cp "$work/out/current/manifest.json" "$work/late.json"
python3 - "$corpus" "$copies" "$profile" "$work" "$seconds" "$peak_kb" "$seconds2" "$peak_kb2" "$seconds3" "$peak_kb3" <<'PY'
import gzip, json, sys
corpus, copies, profile, work, s1, m1, s2, m2, s3, m3 = sys.argv[1:]
copies = int(copies)
full = json.load(open(f"{work}/full.json"))
opener = gzip.open if corpus.endswith(".gz") else open
text_bytes = copies * sum(len(json.loads(l).get("text", "").encode()) for l in opener(corpus, "rt") if l.strip())
s = float(s1)
c = full["counts"]
print(f"corpus      {corpus} x {copies}")
print(f"profile     {profile}")
print(f"documents   {c['new']} read, {c['rejected']} rejected")
print(f"rows        " + ", ".join(f"{t['table']} {t['total']}" for t in full["tables"]))
print(f"stages      " + ", ".join(f"{n} {v:.2f}s" for n, v in full["stages"]))
print(f"time        {s:.2f} s")
print(f"throughput  {c['new'] / s:,.0f} documents/s, {text_bytes / 1e6 / s:.1f} MB/s of text ({text_bytes / 1e6:.1f} MB)")
print(f"peak memory {int(m1) / 1024:.0f} MiB")
again = json.load(open(f"{work}/again.json"))
print(f"rerun, nothing new   {float(s2):.2f} s, {int(m2) / 1024:.0f} MiB ({again['counts']['files_unchanged']} files unchanged)")
late = json.load(open(f"{work}/late.json"))
print(f"rerun, 50 new stories {float(s3):.2f} s, {int(m3) / 1024:.0f} MiB ({late['counts']['new']} new; stages "
      + ", ".join(f"{n} {v:.2f}s" for n, v in late["stages"]) + ")")
PY
