#!/usr/bin/env bash
# Side-by-side speed of two builds on one corpus, rounds alternating, so a noisy shared machine slows
# both alike: what every change that touches extraction reports against the build before it.
# Usage: benches/compare.sh BEFORE_BIN [AFTER_BIN] [CORPUS] [ROUNDS] [THREADS]
#   BEFORE_BIN  the earlier build, e.g. from `git worktree add ../before <commit>` and a release build
#   AFTER_BIN   default: this checkout's release build (built here if missing)
#   CORPUS      default: ../shared/corpus/reuters21578.jsonl.gz (research data, never in the repo)
# Prints, per build, each round's full-run seconds and peak memory, the median, the after/before
# ratio, and each table's row count (a change in rows is a change in output, not in speed).
set -euo pipefail
cd "$(dirname "$0")/.."
before="${1:?usage: benches/compare.sh BEFORE_BIN [AFTER_BIN] [CORPUS] [ROUNDS] [THREADS]}"
after="${2:-}"
corpus="${3:-../shared/corpus/reuters21578.jsonl.gz}"
rounds="${4:-3}"
threads="${5:-0}"
if [ -z "$after" ]; then
  cargo build --locked --release --quiet
  after="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/release/newsfacts"
fi
for bin in "$before" "$after"; do
  [ -x "$bin" ] || { echo "benches/compare.sh: $bin is not an executable build" >&2; exit 2; }
done
before="$(realpath "$before")"; after="$(realpath "$after")"
[ -f "$corpus" ] || { echo "benches/compare.sh: corpus $corpus not found: pass its path" >&2; exit 2; }
corpus="$(cd "$(dirname "$corpus")" && pwd)/$(basename "$corpus")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/in"
ln -s "$corpus" "$work/in/$(basename "$corpus")"
for round in $(seq 1 "$rounds"); do
  for side in before after; do
    bin="$before"; [ "$side" = after ] && bin="$after"
    rm -rf "$work/out-$side"
    status=0
    # From the scratch folder, so that each build runs with its own built-in defaults, not with
    # this checkout's config/newsfacts.toml (an older build would reject newer keys).
    (cd "$work" && /usr/bin/time -f '%e %M' -o "$work/time" "$bin" run --no-progress -j "$threads" \
      -i "$work/in" -o "$work/out-$side" 2> "$work/log") || status=$?
    # Exit 1 means "finished, some inputs rejected" (Reuters has one empty story): a full run.
    if [ "$status" -gt 1 ]; then cat "$work/log" >&2; exit "$status"; fi
    echo "$side $round $(tail -n 1 "$work/time")" | tee -a "$work/rounds" >&2
  done
done
python3 - "$work" "$before" "$after" "$corpus" <<'PY'
import json, statistics, sys
work, before, after, corpus = sys.argv[1:]
times, peaks = {"before": [], "after": []}, {"before": [], "after": []}
for line in open(f"{work}/rounds"):
    side, _, seconds, peak_kb = line.split()
    times[side].append(float(seconds))
    peaks[side].append(int(peak_kb) / 1024)
print(f"corpus  {corpus}")
for side, bin in (("before", before), ("after", after)):
    manifest = json.load(open(f"{work}/out-{side}/current/manifest.json"))
    rows = ", ".join(f"{t['table']} {t['total']}" for t in manifest["tables"])
    print(f"{side:7} {bin}")
    print(f"        seconds {' '.join(f'{t:.2f}' for t in times[side])}  median {statistics.median(times[side]):.2f}")
    print(f"        peak MiB {' '.join(f'{m:.0f}' for m in peaks[side])}  median {statistics.median(peaks[side]):.0f}")
    print(f"        rows    {rows}")
ratio = statistics.median(times["after"]) / statistics.median(times["before"])
print(f"after/before time {ratio:.3f}, peak memory {statistics.median(peaks['after']) / statistics.median(peaks['before']):.3f}")
PY
