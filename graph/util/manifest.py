"""OUT/manifest.json: which build OUT holds, written last and atomically by every build.

Readers that outlive a build (``serve``, ``mcp``, a watch session) compare its ``build`` id
to the one they answer from, and reopen the store when it changes. Because the manifest is
renamed into place only after the store has been swapped in, a reader that sees a new id
finds the new store complete.

Fields: ``build`` (a new id for every build that lands), ``time`` (UTC, ISO 8601), ``notes``
(the absolute notes folder, so ``serve`` can show the notes the explorer links to), ``base``
(the base IRI), ``outputs`` (file names written), ``counts`` (notes, triples, warnings) and
``graphs`` (a digest of the store's graph hashes: equal digests, equal store content) and
``seconds`` (how long the build took).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .files import atomic_write

MANIFEST = "manifest.json"


def manifest_path(out_dir: str | Path) -> Path:
    return Path(out_dir) / MANIFEST


def new_build_id() -> str:
    """Sortable by time, unique even for two builds in the same second."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ") + "-" + secrets.token_hex(3)


def content_digest(graph_hashes: dict[str, str]) -> str:
    text = "\n".join(f"{name} {digest}" for name, digest in sorted(graph_hashes.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def write_manifest(out_dir: str | Path, fields: dict[str, Any]) -> dict[str, Any]:
    """Write OUT/manifest.json with a fresh build id and time; returns what was written."""
    data = {"build": new_build_id(), "time": datetime.now(UTC).isoformat(timespec="seconds"), **fields}
    with atomic_write(manifest_path(out_dir), "w") as handle:
        json.dump(data, handle, indent=1, sort_keys=True, ensure_ascii=False)
    return data


def read_manifest(out_dir: str | Path) -> dict[str, Any]:
    """The manifest of OUT, or ``{}`` when OUT has none (a build by an older talkgraph, or none yet)."""
    try:
        data = json.loads(manifest_path(out_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def manifest_signature(out_dir: str | Path) -> tuple[int, int, int] | None:
    """A cheap fingerprint (inode, size, mtime) that changes whenever a new manifest is renamed in."""
    try:
        info = os.stat(manifest_path(out_dir))
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns
