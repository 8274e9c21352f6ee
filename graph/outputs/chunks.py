"""The union's chunks, and a cache of what each one serialises to (see :mod:`graph.outputs.union`).

The union stream writes each graph's distinct lines one after the other and records where
each graph's lines end (``union.chunks``). A chunk is cut between two graphs only where
the subject changes, so formats that group consecutive triples by subject (Turtle, the
JSON-LD node list) serialise every chunk on its own and the concatenation is the same
text as the whole file's. The cache keeps the text of each chunk by the digest of its
lines; the chunks no longer in the union are dropped after each write.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


def _subject(line: bytes) -> bytes:
    return line.split(b" ", 1)[0]


def chunk_groups(union: Path | None) -> Iterator[bytes]:
    """The union's lines, graph by graph, two graphs merged when one subject's run spans both.

    Nothing when the chunk offsets are missing (then the caller writes the whole file at once).
    """
    if union is None:
        return
    try:
        ends = json.loads(union.with_suffix(".chunks").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    pending = b""
    with union.open("rb") as handle:
        start = 0
        for end in ends:
            data = handle.read(end - start)
            start = end
            if pending and _subject(pending[pending.rfind(b"\n", 0, len(pending) - 1) + 1 :]) == _subject(data):
                pending += data
                continue
            if pending:
                yield pending
            pending = data
    if pending:
        yield pending


class ChunkCache:
    """OUT/.cache/union-NAME/ (or OUT/.cache/FOLDER/): the serialised text of each chunk, by the digest of its lines.

    ``salt`` names everything else the text depends on (the serialiser's code, the context,
    the prefixes), so a new version never serves an old text. The explorer's text index keeps
    its deflated pieces in one too (``folder="textindex-deflated"``).
    """

    def __init__(self, out_dir: Path, name: str, salt: bytes, folder: str | None = None):
        self.root = out_dir / ".cache" / (folder or f"union-{name}")
        self.salt = hashlib.sha256(salt).digest()
        self.used: set[str] = set()

    def text(self, data: bytes, serialise: Callable[[bytes], bytes]) -> bytes:
        key = hashlib.sha256(self.salt + data).hexdigest()[:32]
        self.used.add(key)
        path = self.root / key
        with contextlib.suppress(OSError):
            return path.read_bytes()
        text = serialise(data)
        with contextlib.suppress(OSError):
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(text)
            os.replace(tmp, path)
        return text

    def __enter__(self) -> ChunkCache:
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None and self.root.is_dir():
            for entry in self.root.iterdir():
                if entry.name not in self.used:
                    with contextlib.suppress(OSError):
                        entry.unlink()
