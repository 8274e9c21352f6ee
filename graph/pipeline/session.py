"""What a watch session remembers between its builds, so saving one note costs one note.

A one-off build starts from OUT's disk cache: it unpickles every record, mints every note
and parses the vocabularies again. A watch session keeps, in memory, the records by cache
key, the digest of each note graph already in the store (with the record it came from and
the agent index it was minted with) and the vocabulary quads. A *quick* build — the store
only, no exports, no network — then mints just the notes whose record changed, and leaves
the analytics graph of the last full build in place until the next full build replaces it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .cache import RecordCache


class Session:
    """The memory of one watch session (see the module docstring)."""

    def __init__(self) -> None:
        self.records: dict[str, Any] = {}  # cache key -> (record, issues)
        self.graphs: dict[str, tuple[object, str, int]] = {}  # note graph -> (record, digest, quads)
        self.agents: object = None
        self.base: str | None = None
        self.vocabulary: list[ox.Quad] | None = None
        self.quick = False  # the build in progress writes only the store

    def unchanged(self, name: str, record: object, agents: object, base: str) -> tuple[str, int] | None:
        """(digest, quad count) of a note graph minted from this very record with the same agents."""
        hit = self.graphs.get(name)
        if hit is None or hit[0] is not record or agents != self.agents or base != self.base:
            return None
        return hit[1], hit[2]


class SessionCache(RecordCache):
    """The disk cache of OUT, with the records already read kept in memory."""

    def __init__(self, out_dir: Path, session: Session):
        super().__init__(out_dir)
        self.session = session

    def get(self, key: str) -> Any | None:
        if key not in self.session.records:
            value = super().get(key)
            if value is None:
                return None
            self.session.records[key] = value
        return self.session.records[key]

    def put(self, key: str, value: Any) -> bool:
        self.session.records[key] = value
        return super().put(key, value)

    def prune(self, live: set[str]) -> None:
        for key in [key for key in self.session.records if key not in live]:
            del self.session.records[key]
        super().prune(live)
