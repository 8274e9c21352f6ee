"""Which files of a notes folder are notes: every ``*.md`` below it, in a stable order."""

from __future__ import annotations

import os
from pathlib import Path


def discover(notes_dir: Path) -> list[Path]:
    """Every ``*.md`` below the folder, sorted by relative path; hidden and symlinked folders are not entered."""
    found = []
    for root, dirs, files in os.walk(notes_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.lower().endswith(".md"):
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(notes_dir).as_posix())
