#!/usr/bin/env bash
# Are two builds' tables identical, row for row? Runs both on the seeds, the wire set and Reuters-21578
# (when ../shared has it) and compares every table with benches/same_rows.py: what a refactoring must
# show, and where a deliberate fix shows up as counted, printed row changes.
# Usage: benches/same_rows.sh BEFORE_BIN [AFTER_BIN] [--show N]
#   AFTER_BIN defaults to this checkout's release build (built here if missing).
# Needs the test venv's polars (scripts/test installs it into $CARGO_TARGET_DIR/pyvenv).
set -euo pipefail
cd "$(dirname "$0")/.."
before="${1:?usage: benches/same_rows.sh BEFORE_BIN [AFTER_BIN] [--show N]}"
shift
after=""
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then after="$1"; shift; fi
target="${CARGO_TARGET_DIR:-target}"
if [ -z "$after" ]; then
  cargo build --locked --release --quiet
  after="$target/release/newsfacts"
fi
before="$(realpath "$before")"; after="$(realpath "$after")"
python="${NEWSFACTS_PYTHON:-$target/pyvenv/bin/python}"
"$python" -c "import polars" 2>/dev/null || { echo "benches/same_rows.sh: no polars in $python: run scripts/test once, or set NEWSFACTS_PYTHON" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpora=("seeds:$PWD/tests/data/seeds" "wire:$PWD/tests/data/wire")
reuters=../shared/corpus/reuters21578.jsonl.gz
if [ -f "$reuters" ]; then
  mkdir "$work/reuters-in"
  ln -s "$(cd "$(dirname "$reuters")" && pwd)/$(basename "$reuters")" "$work/reuters-in/"
  corpora+=("reuters:$work/reuters-in")
else
  echo "benches/same_rows.sh: $reuters not found: comparing seeds and wire only" >&2
fi
status=0
for entry in "${corpora[@]}"; do
  name="${entry%%:*}"; input="${entry#*:}"
  for side in before after; do
    bin="$before"; [ "$side" = after ] && bin="$after"
    code=0
    # From the scratch folder, so neither build reads this checkout's config/newsfacts.toml: each runs
    # with its own built-in defaults.
    (cd "$work" && "$bin" run --no-progress -i "$input" -o "$work/$name-$side") 2> "$work/log" || code=$?
    if [ "$code" -gt 1 ]; then cat "$work/log" >&2; exit "$code"; fi
  done
  echo "== $name"
  "$python" benches/same_rows.py "$work/$name-before" "$work/$name-after" "$@" || status=1
done
exit "$status"
