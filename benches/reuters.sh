#!/usr/bin/env bash
# Whole-pipeline benchmark: runs `newsfacts run` over a corpus (default: Reuters-21578 in ../shared,
# research data that never enters the repo) and prints documents/s, MB/s of text and peak memory.
# Usage: benches/reuters.sh [CORPUS] [dev|release] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus/reuters21578.jsonl.gz}"
profile="${2:-release}"
threads="${3:-0}"
[ -f "$corpus" ] || { echo "benches/reuters.sh: corpus $corpus not found: pass its path" >&2; exit 2; }
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
status=0
/usr/bin/time -f '%e %M' -o "$work/time" "$bin" run --no-progress -j "$threads" -i "$corpus" -o "$work/out" 2> "$work/log" || status=$?
# Exit status 1 means "finished, some inputs rejected" (Reuters has one empty story): still a full run.
if [ "$status" -gt 1 ]; then cat "$work/log" >&2; exit "$status"; fi
read -r seconds peak_kb < <(tail -n 1 "$work/time")
python3 - "$corpus" "$work/out/manifest.json" "$seconds" "$peak_kb" "$profile" <<'PY'
import gzip, json, sys
corpus, manifest, seconds, peak_kb, profile = sys.argv[1:]
m = json.load(open(manifest))
opener = gzip.open if corpus.endswith(".gz") else open
text_bytes = sum(len(json.loads(l).get("text", "").encode()) for l in opener(corpus, "rt") if l.strip())
s = float(seconds)
print(f"corpus      {corpus}")
print(f"profile     {profile}")
print(f"documents   {m['documents']} read, {m['rejected']} rejected")
print(f"rows        " + ", ".join(f"{t} {n}" for t, n in m["rows"]))
print(f"time        {s:.2f} s")
print(f"throughput  {m['documents'] / s:,.0f} documents/s, {text_bytes / 1e6 / s:.1f} MB/s of text ({text_bytes / 1e6:.1f} MB)")
print(f"peak memory {int(peak_kb) / 1024:.0f} MiB")
PY
