#!/usr/bin/env bash
# Trains the shipped entity tagger from scratch: the teacher (spaCy en_core_web_md 3.8.0) labels
# varied text (tools/ner/silver.py), and `newsfacts train-entities` learns the averaged perceptron
# from those silver labels, prints its agreement with the teacher on held-back documents and writes
# data/models/entities-en.bin. The same inputs and seed give the same model.
# Usage: tools/ner/train.sh [WORK_DIR]   (default ~/.cache/newsfacts-ner; needs ../shared)
set -euo pipefail
cd "$(dirname "$0")/../.."
work="${1:-$HOME/.cache/newsfacts-ner}"
shared="${NEWSFACTS_SHARED:-../shared}"
tools/ner/setup.sh "$work"
# The development gold set's articles are never trained on: silver.py leaves their ids out.
python3 tools/ner/select_dev.py --shared "$shared" --out "$work/dev"
if [ ! -s "$work/silver/silver.jsonl" ]; then
  "$work/venv/bin/python" tools/ner/silver.py --shared "$shared" --dev "$work/dev/articles.jsonl" --out "$work/silver"
fi
cargo build --release --locked --quiet
target="${CARGO_TARGET_DIR:-target}"
"$target/release/newsfacts" train-entities --silver "$work/silver/silver.jsonl" --out data/models/entities-en.bin --epochs "${EPOCHS:-6}" --seed 1 --min-weight "${MIN_WEIGHT:-3}"
