"""Graph streams: outputs fed one named graph at a time, while the build mints it.

TriG and N-Quads (one named graph per note), shards for bulk loaders, and the internal
``union`` stream whose file the union formats (Turtle, N-Triples, JSON-LD) are written
from. Each writes through temporary files renamed into place (:mod:`graph.util.files`).
"""

from __future__ import annotations

import hashlib
import json
import pickle
from contextlib import suppress
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from ..rdf.namespaces import prefixes
from ..util.files import AtomicFile, atomic_write
from ..util.sources import source_digest
from .fragment import Fragment, strip_prefixes
from .registry import WriterContext


class GraphStream:
    """A writer fed one named graph at a time (in path order, then the vocabularies), as a :class:`Fragment`."""

    def __init__(self, ctx: WriterContext):
        self.ctx = ctx

    def graph(self, fragment: Fragment) -> None:
        raise NotImplementedError

    def close(self) -> list[Path]:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError


class FileStream(GraphStream):
    """A stream into one output file, committed whole or not at all."""

    filename = ""

    def __init__(self, ctx: WriterContext):
        super().__init__(ctx)
        self.file = AtomicFile(ctx.out_dir / self.filename)

    def close(self) -> list[Path]:
        return [self.file.commit()]

    def abort(self) -> None:
        self.file.abort()


class TriGStream(FileStream):
    """graph.trig: every note in its own named graph, ontology and vocabularies in theirs.

    The prefixes are declared once, at the top; each graph's block comes ready-made in its fragment.
    """

    filename = "graph.trig"

    def __init__(self, ctx: WriterContext):
        super().__init__(ctx)
        self.header = _prefix_lines(prefixes(ctx.base))
        self.first = True

    def graph(self, fragment: Fragment) -> None:
        if self.first and fragment.trig:
            self.file.handle.write(self.header)
        self.first = self.first and not fragment.trig
        self.file.handle.write(fragment.trig)


class NQuadsStream(FileStream):
    """graph.nq: the same dataset as N-Quads, for bulk loaders."""

    filename = "graph.nq"

    def graph(self, fragment: Fragment) -> None:
        self.file.handle.write(fragment.nquads)


class ShardStream(GraphStream):
    """OUT/shards/part-NNN.nq for bulk loaders: each named graph whole in one shard (``--shards N``)."""

    def __init__(self, ctx: WriterContext):
        super().__init__(ctx)
        self.folder = ctx.out_dir / "shards"
        self.files = [AtomicFile(self.folder / f"part-{i:03d}.nq") for i in range(ctx.shards)]

    def graph(self, fragment: Fragment) -> None:
        if self.files:
            index = int(hashlib.sha1(fragment.name.encode()).hexdigest(), 16) % len(self.files)
            self.files[index].handle.write(fragment.nquads)

    def close(self) -> list[Path]:
        written = [f.commit() for f in self.files]
        if self.folder.is_dir():
            for stale in self.folder.glob("part-*.nq"):
                if stale not in written:
                    stale.unlink()
        return written

    def abort(self) -> None:
        for f in self.files:
            f.abort()


class UnionStream(GraphStream):
    """The distinct triples of every graph, as N-Triples in OUT/.cache/union.nt (the ``union`` need).

    Only the few triples about entities that several notes share (people, organisations,
    tags, sources, vocabulary terms) can repeat across graphs, so only those are
    remembered to drop repeats; a note's own subjects — the note, its resource, its talks
    and its mentions — are written straight through. Asking the store for the same union
    (a CONSTRUCT) reads every quad back from disk: 5x slower on a 1k-note build.

    A rebuild copies the lines of the last build's union.nt (:class:`PreviousUnion`) for each
    graph that is the same graph at the same place, as long as every graph before it read
    the same shared lines as then (so the repeats it drops are the same): after one edit,
    only the changed graph's lines are split and filtered again.
    """

    def __init__(self, ctx: WriterContext):
        super().__init__(ctx)
        self.file = AtomicFile(ctx.out_dir / ".cache" / "union.nt")
        self.shared: set[bytes] = set()  # N-Triples lines of the shared subjects already written
        self.pending: list[tuple[bytes, ...]] = []  # the shared lines of graphs copied, not yet in self.shared
        self.notes = f"{ctx.base}note/"
        self.ends: list[int] = []  # where each graph's lines end in the file: the union writers' chunks
        self.size = 0
        self.previous = PreviousUnion(self.file.path, ctx.base)
        self.index: list[tuple[str, str, int, tuple[bytes, ...]]] = []  # this build's, for the next one

    def _locals(self, name: str) -> tuple[bytes, ...]:
        """How the N-Triples lines of the subjects only this note's graph can describe begin."""
        if not name.startswith(self.notes):
            return ()
        part = name[len(self.notes) :]
        base = self.ctx.base
        starts = (f"<{name}> ", f"<{base}resource/{part}> ", f"<{name}#", f"<{base}talk/{part}/")
        return tuple(start.encode("utf-8", "surrogatepass") for start in starts)

    def graph(self, fragment: Fragment) -> None:
        """The fragment's lines, less the shared ones already written: copied from the last build when they
        are the same, else filtered (bytes only either way: no term is parsed)."""
        position = len(self.index)
        copied = self.previous.copy(position, fragment, self.file.handle)
        if copied is not None:
            size, mine = copied
            self.pending.append(mine)
        else:
            data, mine = self._filtered(fragment)
            self.file.handle.write(data)
            size = len(data)
            self.previous.follow(position, fragment, mine)
        if size:
            self.size += size
            self.ends.append(self.size)
        self.index.append((fragment.name, fragment.digest, self.size, mine))

    def _filtered(self, fragment: Fragment) -> tuple[bytes, tuple[bytes, ...]]:
        """The fragment's lines to write, and every shared line it holds (written or already there)."""
        shared = self.shared
        for lines in self.pending:
            shared.update(lines)
        self.pending.clear()
        local, mine = self._locals(fragment.name), []
        remember, note = shared.add, mine.append  # both return None: a shared line is noted, remembered, kept
        lines = fragment.ntriples().splitlines(keepends=True)
        data = b"".join([line for line in lines if (local and line.startswith(local))
                         or (note(line) or (line not in shared and not remember(line)))])
        return data, tuple(mine)

    def close(self) -> list[Path]:
        """Commits OUT/.cache/union.nt (the source of the union formats), union.chunks, its graphs' end offsets,
        and union.index, what the next build copies from it."""
        self.shared = set()
        self.previous.close()
        path = self.file.commit()
        with atomic_write(chunks_path(path), "w") as handle:
            json.dump(self.ends, handle)
        PreviousUnion.save(path, self.ctx.base, self.index)
        return [path, chunks_path(path)]

    def abort(self) -> None:
        self.previous.close()
        self.file.abort()


class PreviousUnion:
    """The last build's union.nt with its index (OUT/.cache/union.index): for each graph in order, its
    name, its digest, where its lines end and the shared lines it held.

    The index names the file's size, modification time and inode: a union.nt changed since (or
    another code's) is not read. Graph ``i`` is copied while it is the graph the last build had
    at ``i``, with the same digest, and every graph before it was copied or held the same shared
    lines as then (:meth:`follow`): then the shared lines written before it are the same too.
    """

    FORMAT = 1

    def __init__(self, path: Path, base: str):
        self.entries: list = []
        self.handle = None
        self.synced = False
        try:
            with _index_path(path).open("rb") as source:
                saved = pickle.load(source)
            if saved[:3] == (self.FORMAT, _code(), base) and saved[3] == _identity(path):
                self.handle = path.open("rb")
                self.entries, self.synced = saved[4], True
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, IndexError, AttributeError):
            self.entries, self.handle = [], None

    def copy(self, position: int, fragment: Fragment, into) -> tuple[int, tuple[bytes, ...]] | None:
        """Copy the graph's lines of the last build when they are known to be the same: (size, shared lines)."""
        if not self.synced or position >= len(self.entries):
            return None
        name, digest, end, mine = self.entries[position]
        if name != fragment.name or digest != fragment.digest:
            return None
        start = self.entries[position - 1][2] if position else 0
        self.handle.seek(start)
        into.write(self.handle.read(end - start))
        return end - start, mine

    def follow(self, position: int, fragment: Fragment, mine: tuple[bytes, ...]) -> None:
        """After a graph filtered anew: the graphs after it may still be copied if it held the same shared lines."""
        entry = self.entries[position] if self.synced and position < len(self.entries) else None
        self.synced = entry is not None and entry[0] == fragment.name and set(entry[3]) == set(mine)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None

    @classmethod
    def save(cls, path: Path, base: str, index: list) -> None:
        with suppress(OSError), atomic_write(_index_path(path)) as handle:
            pickle.dump((cls.FORMAT, _code(), base, _identity(path), index), handle, protocol=pickle.HIGHEST_PROTOCOL)


def _index_path(union: Path) -> Path:
    return union.with_suffix(".index")


def _identity(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


@cache
def _code() -> str:
    """This module's code and the fragments': another way of filtering never serves its lines."""
    return source_digest(Path(__file__), Fragment).hex()[:16]


def _prefix_lines(names: dict[str, str]) -> bytes:
    """The ``@prefix`` lines Oxigraph writes at the top of a TriG serialisation with these prefixes."""
    probe = ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), ox.NamedNode("urn:x"))
    data = ox.serialize([probe], format=ox.RdfFormat.TRIG, prefixes=names)
    return data[: len(data) - len(strip_prefixes(data))]


def chunks_path(union: Path) -> Path:
    """The file of the union's chunk offsets, beside it."""
    return union.with_suffix(".chunks")
