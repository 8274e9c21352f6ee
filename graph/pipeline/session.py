"""What a watch session remembers between its builds, so saving one note costs one note.

A one-off build starts from OUT's disk cache: it reads every note file, unpickles every
note's summary and checks every fragment. A watch session keeps, in memory, the notes'
texts with their files' stat and cache keys, each note's summary as the last build held
it (:class:`Remembered`; whole records are read back from OUT/.cache when minting asks
for them, as in a one-off build), and the digest of each note graph already in the store
(with the summary it came from and the agent index it was minted with). A *quick* build —
the store only, no exports, no network — then mints just the notes whose record changed,
and leaves the analytics graph of the last full build in place until the next full build
replaces it.
"""

from __future__ import annotations

import gc
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..notes.read import ReadResult, read_note_file
from .cache import RecordCache

# a file whose mtime or ctime is this close to the moment it was read may change again within the
# same timestamp tick: it is read again next time (git's "racily clean" entries)
RACY_NS = 2_000_000_000


@dataclass(frozen=True, slots=True)
class Remembered:
    """A note's record as a build held it: its summary (``summarised``), else whole (it was not cached)."""

    record: Any  # NoteRecord, or None for a note that gave none
    issues: tuple
    summarised: bool


class Session:
    """The memory of one watch session (see the module docstring)."""

    def __init__(self, racy_ns: int = RACY_NS) -> None:
        self.racy_ns = racy_ns
        self.summaries: dict[str, Remembered] = {}  # cache key -> the record as the last build held it
        self.graphs: dict[str, tuple[object, str, int]] = {}  # note graph -> (record, digest, quads)
        self.agents: object = None
        self.base: str | None = None
        self.quick = False  # the build in progress writes only the store
        self.files: dict[Path, tuple[tuple[int, ...], ReadResult]] = {}  # note file -> (its stat, what was read)
        self.keys: dict[str, tuple[str, str, str]] = {}  # note -> (its text, its context digest, its cache key)

    def forget(self) -> None:
        """Start afresh (after a failed build: what the session held may be what failed it)."""
        self.__init__(self.racy_ns)

    def read(self, path: Path, root: Path) -> ReadResult:
        """:func:`~graph.notes.read_note_file`, but a file unchanged since the session read it is not read again.

        Unchanged: the same inode, size, mtime and ctime (an editor that saves by renaming a
        new file over the old changes the inode; ``touch`` the ctime). Reading 10k files
        again was half of a quick build at 10k notes (0.4 s).
        """
        try:
            info = os.lstat(path)
        except OSError:
            return read_note_file(path, root)
        signature = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        held = self.files.get(path)
        if held is not None and held[0] == signature:
            return held[1]
        read_at = time.time_ns()
        result = read_note_file(path, root)
        settled = max(info.st_mtime_ns, info.st_ctime_ns) < read_at - self.racy_ns
        if stat.S_ISREG(info.st_mode) and settled:
            self.files[path] = (signature, ReadResult(result.text, result.warning))  # not its bytes: 48 MB at 10k
        else:  # a symlink (its target may change) or a file saved just now
            self.files.pop(path, None)
        return result

    def forget_files(self, live: set[Path], notes: set[str]) -> None:
        """Drop what was read of files that are gone, and the keys of notes that are."""
        for path in [path for path in self.files if path not in live]:
            del self.files[path]
        for rel in [rel for rel in self.keys if rel not in notes]:
            del self.keys[rel]

    def settle(self, full: bool) -> None:
        """After a build whose result is let go: move what the session holds out of the cyclic collector's way.

        A full collection walks every object alive, and a session holding 10k records makes
        each one cost ~0.3 s, which the store's hand-over runs on every quick build. Frozen
        objects (:func:`gc.freeze`) are skipped; after a full build they are thawed and
        collected first, so cyclic garbage frozen since (rare: records are freed by their
        reference counts) lives one full build at most.
        """
        if full:
            gc.unfreeze()
            gc.collect()
        gc.freeze()

    def minted_with(self, agents: object, base: str) -> bool:
        """Whether the graphs held were minted with these agents and this base: asked once a build, as
        comparing two agent indexes of 10k notes costs ~60 µs, 0.6 s if asked for every note."""
        return self.agents is not None and base == self.base and agents == self.agents

    def unchanged(self, name: str, record: object) -> tuple[str, int] | None:
        """(digest, quad count) of a note graph minted from this very record (see :meth:`minted_with`)."""
        hit = self.graphs.get(name)
        if hit is None or hit[0] is not record:
            return None
        return hit[1], hit[2]


class SessionCache(RecordCache):
    """The disk cache of OUT, with the session's keys and summaries beside it (see :class:`Session`)."""

    def __init__(self, out_dir: Path, session: Session):
        super().__init__(out_dir)
        self.session = session

    def key(self, rel: str, text: str, context: str = "") -> str:
        """The cache key, hashed again only when the note's text or context changed (the same text
        object: :meth:`Session.read` hands back what it read)."""
        held = self.session.keys.get(rel)
        if held is not None and held[0] is text and held[1] == context:
            return held[2]
        key = super().key(rel, text, context)
        self.session.keys[rel] = (text, context, key)
        return key

    def prune(self, live: set[str]) -> None:
        for key in [key for key in self.session.summaries if key not in live]:
            del self.session.summaries[key]
        super().prune(live)
