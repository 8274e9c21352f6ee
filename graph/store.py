"""The embedded store: OUT/store, a pyoxigraph on-disk store with one named graph per note.

Writes are copy-on-write: the current store is checkpointed (``Store.backup``, hard links,
cheap) into a temporary folder, only the note graphs whose content changed are replaced
there, and the folder is swapped in at the end. A build that fails or is interrupted
leaves the previous store untouched, never half a store.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from .export import atomic_write, writer

STORE_DIR = "store"
STATE_FILE = "store.json"


def store_path(out_dir: Path) -> Path:
    return Path(out_dir) / STORE_DIR


def open_store(out_dir: str | Path, *, read_only: bool = True) -> ox.Store:
    """The build's store (read-only by default: queries never change it)."""
    path = store_path(Path(out_dir))
    if not path.is_dir():
        raise FileNotFoundError(f"no store in {out_dir} (run `talkgraph build NOTES_DIR -o {out_dir}` first)")
    return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))


def store_state(out_dir: str | Path) -> dict:
    """What the last build recorded about its store: base IRI and a hash per graph."""
    try:
        return json.loads((Path(out_dir) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _graphs(quads: list[ox.Quad]) -> dict[str, list[ox.Quad]]:
    groups: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        groups[quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""].append(quad)
    return groups


def _digest(quads: list[ox.Quad]) -> str:
    digest = hashlib.sha256()
    for quad in quads:
        digest.update(str(quad).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def update_store(out_dir: Path, quads: list[ox.Quad], base: str) -> dict[str, int]:
    """Bring OUT/store to ``quads``, replacing only changed graphs; returns what changed."""
    out_dir = Path(out_dir)
    target = store_path(out_dir)
    groups = _graphs(quads)
    hashes = {name: _digest(graph_quads) for name, graph_quads in groups.items()}
    previous = store_state(out_dir)
    old_hashes: dict[str, str] = previous.get("graphs", {}) if target.is_dir() else {}
    work = out_dir / f".{STORE_DIR}.tmp-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        if old_hashes and previous.get("base") == base:
            ox.Store.read_only(str(target)).backup(str(work))
            store = ox.Store(str(work))
        else:
            old_hashes = {}
            store = ox.Store(str(work))
        changed = [name for name, digest in hashes.items() if old_hashes.get(name) != digest]
        removed = [name for name in old_hashes if name not in hashes]
        for name in changed + removed:
            if name in old_hashes:
                store.remove_graph(ox.NamedNode(name) if name else ox.DefaultGraph())
        fresh = [quad for name in changed for quad in groups[name]]
        if fresh:
            store.bulk_extend(fresh)
        store.flush()
        del store
        swap_in(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    with atomic_write(out_dir / STATE_FILE, "w") as handle:
        json.dump({"base": base, "graphs": hashes}, handle, indent=0, sort_keys=True)
    return {"graphs": len(hashes), "replaced": len(changed), "removed": len(removed)}


def swap_in(work: Path, target: Path) -> None:
    """Replace the ``target`` folder by ``work`` with two renames (the old one is deleted last)."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(work, target)
    shutil.rmtree(old, ignore_errors=True)


@writer("store")
def write_store(build) -> list[Path]:
    stats = update_store(build.out_dir, build.quads + build.vocabulary_quads, build.base)
    build.store_stats = stats
    return [store_path(build.out_dir)]
