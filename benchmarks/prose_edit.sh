#!/bin/sh
# A rebuild after a prose edit: toggles one line that names no tool, person or topic in the
# 50th note of NOTES, then rebuilds NOTES into OUT with the talkgraph of CHECKOUT (its
# `graph` package, found first from its own folder). Time it side by side for two checkouts,
# each on its own copy of the notes and its own OUT, built cold once beforehand.
# usage: sh benchmarks/prose_edit.sh CHECKOUT NOTES OUT [PYTHON]
set -eu
checkout=$1 notes=$2 out=$3 python=${4:-$(dirname "$0")/../.venv/bin/python}
python=$(cd "$(dirname "$python")" && pwd)/$(basename "$python")
line="Une phrase de plus, relue deux fois."
note=$(ls "$notes"/*.md | head -50 | tail -1)
if grep -qx "$line" "$note"; then
  grep -vx "$line" "$note" > "$note.tmp" && mv "$note.tmp" "$note"
else
  printf '\n%s\n' "$line" >> "$note"
fi
cd "$checkout" && exec "$python" -m graph build "$notes" -o "$out" -q > /dev/null
