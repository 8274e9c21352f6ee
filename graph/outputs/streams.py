"""Graph streams: outputs fed one named graph at a time, while the build mints it.

TriG and N-Quads (one named graph per note), shards for bulk loaders, and the internal
``union`` stream whose file the union formats (Turtle, N-Triples, JSON-LD) are written
from. Each writes through temporary files renamed into place (:mod:`graph.util.files`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox

from ..rdf.namespaces import prefixes
from ..util.files import AtomicFile, atomic_write
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
    """

    def __init__(self, ctx: WriterContext):
        super().__init__(ctx)
        self.file = AtomicFile(ctx.out_dir / ".cache" / "union.nt")
        self.shared: set[bytes] = set()  # N-Triples lines of the shared subjects already written
        self.notes = f"{ctx.base}note/"
        self.ends: list[int] = []  # where each graph's lines end in the file: the union writers' chunks
        self.size = 0

    def _locals(self, name: str) -> tuple[bytes, ...]:
        """How the N-Triples lines of the subjects only this note's graph can describe begin."""
        if not name.startswith(self.notes):
            return ()
        part = name[len(self.notes) :]
        base = self.ctx.base
        starts = (f"<{name}> ", f"<{base}resource/{part}> ", f"<{name}#", f"<{base}talk/{part}/")
        return tuple(start.encode("utf-8", "surrogatepass") for start in starts)

    def graph(self, fragment: Fragment) -> None:
        """The fragment's lines, less the shared ones already written (bytes only: no term is parsed)."""
        local, shared = self._locals(fragment.name), self.shared
        remember = shared.add  # returns None: a line not yet shared is remembered and kept in one test
        lines = fragment.ntriples().splitlines(keepends=True)
        data = b"".join([line for line in lines if (local and line.startswith(local))
                         or (line not in shared and not remember(line))])
        self.file.handle.write(data)
        if data:
            self.size += len(data)
            self.ends.append(self.size)

    def close(self) -> list[Path]:
        """Commits OUT/.cache/union.nt (the source of the union formats) and union.chunks, its graphs' end offsets."""
        self.shared = set()
        path = self.file.commit()
        with atomic_write(chunks_path(path), "w") as handle:
            json.dump(self.ends, handle)
        return [path, chunks_path(path)]

    def abort(self) -> None:
        self.file.abort()


def _prefix_lines(names: dict[str, str]) -> bytes:
    """The ``@prefix`` lines Oxigraph writes at the top of a TriG serialisation with these prefixes."""
    probe = ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), ox.NamedNode("urn:x"))
    data = ox.serialize([probe], format=ox.RdfFormat.TRIG, prefixes=names)
    return data[: len(data) - len(strip_prefixes(data))]


def chunks_path(union: Path) -> Path:
    """The file of the union's chunk offsets, beside it."""
    return union.with_suffix(".chunks")
