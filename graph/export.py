"""Output writers, registered by name (like rdflib's serializer plugins).

Two kinds, both writing through temporary files renamed into place, so an interrupted
build leaves the previous file intact, never half a file:

- *graph streams* (:func:`stream`: TriG, N-Quads, shards) receive each named graph while
  the build mints it, and never need the whole dataset in memory;
- *writers* (:func:`writer`: Turtle, N-Triples, JSON-LD, the report, and from other
  modules the networkx exports and the HTML explorer) run on the finished build.

The union formats (Turtle, N-Triples, JSON-LD) are one graph: the distinct triples of all
named graphs, written once by the ``union`` stream and shared through :func:`union_file`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from .rdf.namespaces import prefixes
from .resources import schema_file


def _default_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _default_file_mode()

Writer = Callable[["Build"], list[Path]]  # noqa: F821
WRITERS: dict[str, Writer] = {}


def writer(name: str) -> Callable[[Writer], Writer]:
    """Register a build output under a name (``--only`` and tests pick writers by name)."""

    def register(func: Writer) -> Writer:
        WRITERS[name] = func
        return func

    return register


class AtomicFile:
    """A temporary file beside ``path``, renamed over it by :meth:`commit`, deleted by :meth:`abort`."""

    def __init__(self, path: Path, mode: str = "wb"):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self.handle = os.fdopen(fd, mode, **({"encoding": "utf-8"} if "b" not in mode else {}))

    def commit(self) -> Path:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.chmod(self.tmp, _FILE_MODE)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        self.handle.close()
        with suppress(FileNotFoundError):
            os.unlink(self.tmp)


@contextmanager
def atomic_write(path: Path, mode: str = "wb") -> Iterator[IO]:
    """Write to a temporary file beside ``path`` and rename it over ``path`` when done."""
    out = AtomicFile(path, mode)
    try:
        yield out.handle
    except BaseException:
        out.abort()
        raise
    out.commit()


class GraphStream:
    """A writer fed one named graph at a time (in path order, then the vocabularies)."""

    def __init__(self, build):
        self.build = build

    def graph(self, name: str, quads: list[ox.Quad]) -> None:
        raise NotImplementedError

    def close(self) -> list[Path]:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError


STREAMS: dict[str, type[GraphStream]] = {}


def stream(name: str) -> Callable[[type[GraphStream]], type[GraphStream]]:
    """Register a graph stream under a writer name."""

    def register(cls: type[GraphStream]) -> type[GraphStream]:
        STREAMS[name] = cls
        return cls

    return register


def open_streams(build, names: list[str] | None) -> dict[str, GraphStream]:
    """The streams the named writers need (all of them when ``names`` is None)."""
    wanted = set(names) if names is not None else None
    return {
        name: cls(build)
        for name, cls in STREAMS.items()
        if wanted is None or name in wanted or wanted & set(getattr(cls, "needed_by", ()))
    }


class FileStream(GraphStream):
    """A stream into one output file, committed whole or not at all."""

    filename = ""

    def __init__(self, build):
        super().__init__(build)
        self.file = AtomicFile(build.out_dir / self.filename)

    def close(self) -> list[Path]:
        return [self.file.commit()]

    def abort(self) -> None:
        self.file.abort()


@stream("trig")
class TriGStream(FileStream):
    """graph.trig: every note in its own named graph, ontology and vocabularies in theirs."""

    filename = "graph.trig"

    def __init__(self, build):
        super().__init__(build)
        self.prefixes = prefixes(build.base)
        self.first = True

    def graph(self, name: str, quads: list[ox.Quad]) -> None:
        data = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=self.prefixes)
        if not self.first:  # the prefixes are declared once, at the top of the file
            start = 0
            while data.startswith(b"@prefix ", start):
                start = data.index(b"\n", start) + 1
            data = data[start:]
        self.first = False
        self.file.handle.write(data)


@stream("nquads")
class NQuadsStream(FileStream):
    """graph.nq: the same dataset as N-Quads, for bulk loaders."""

    filename = "graph.nq"

    def graph(self, name: str, quads: list[ox.Quad]) -> None:
        ox.serialize(quads, self.file.handle, ox.RdfFormat.N_QUADS)


@stream("shards")
class ShardStream(GraphStream):
    """OUT/shards/part-NNN.nq for bulk loaders: each named graph whole in one shard (``--shards N``)."""

    def __init__(self, build):
        super().__init__(build)
        self.folder = build.out_dir / "shards"
        self.files = [AtomicFile(self.folder / f"part-{i:03d}.nq") for i in range(build.shards)]

    def graph(self, name: str, quads: list[ox.Quad]) -> None:
        if self.files:
            index = int(hashlib.sha1(name.encode()).hexdigest(), 16) % len(self.files)
            ox.serialize(quads, self.files[index].handle, ox.RdfFormat.N_QUADS)

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


@stream("union")
class UnionStream(GraphStream):
    """The distinct triples of every graph, as N-Triples in OUT/.cache/union.nt (see :func:`union_file`).

    Only the few triples about entities that several notes share (people, organisations,
    tags, sources, vocabulary terms) can repeat across graphs, so only those are
    remembered to drop repeats; a note's own subjects — the note, its resource, its talks
    and its mentions — are written straight through. Asking the store for the same union
    (a CONSTRUCT) reads every quad back from disk: 5x slower on a 1k-note build.
    """

    needed_by = ("turtle", "ntriples", "jsonld")

    def __init__(self, build):
        super().__init__(build)
        self.file = AtomicFile(build.out_dir / ".cache" / "union.nt")
        self.shared: set[ox.Triple] = set()
        self.notes = f"{build.base}note/"

    def _locals(self, name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The IRIs (exact, and as prefixes) that only this note's graph can describe."""
        if not name.startswith(self.notes):
            return (), ()
        part = name[len(self.notes) :]
        base = self.build.base
        return (name, f"{base}resource/{part}"), (f"{name}#", f"{base}talk/{part}/")

    def graph(self, name: str, quads: list[ox.Quad]) -> None:
        exact, prefixes_ = self._locals(name)
        out = []
        for quad in quads:
            triple = ox.Triple(quad.subject, quad.predicate, quad.object)
            subject = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else None
            if subject is not None and (subject in exact or subject.startswith(prefixes_)):
                out.append(triple)
            elif triple not in self.shared:
                self.shared.add(triple)
                out.append(triple)
        ox.serialize(out, self.file.handle, ox.RdfFormat.N_TRIPLES)

    def close(self) -> list[Path]:
        self.build._union_file = self.file.commit()
        self.shared = set()
        return []

    def abort(self) -> None:
        self.file.abort()


def union_file(build) -> Path:
    """An N-Triples file of the distinct triples of every graph (from the union stream, else the store)."""
    path = getattr(build, "_union_file", None)
    if path is None or not path.is_file():
        from .store import union_triples

        path = build.out_dir / ".cache" / "union.nt"
        path.parent.mkdir(parents=True, exist_ok=True)
        union_triples(build.graph_store()).serialize(str(path), ox.RdfFormat.N_TRIPLES)
        build._union_file = path
    return path


def union_triples_of(build) -> Iterator[ox.Triple]:
    return ox.parse(path=str(union_file(build)), format=ox.RdfFormat.N_TRIPLES)


@writer("turtle")
def write_turtle(build) -> list[Path]:
    """graph.ttl: the union of all graphs as Turtle."""
    path = build.out_dir / "graph.ttl"
    with atomic_write(path) as handle:
        ox.serialize(union_triples_of(build), handle, ox.RdfFormat.TURTLE, prefixes=prefixes(build.base))
    return [path]


@writer("ntriples")
def write_ntriples(build) -> list[Path]:
    """graph.nt: the union of all graphs as N-Triples."""
    path = build.out_dir / "graph.nt"
    with atomic_write(path) as handle, union_file(build).open("rb") as source:
        shutil.copyfileobj(source, handle, 1 << 20)
    return [path]


@writer("jsonld")
def write_jsonld(build) -> list[Path]:
    """graph.jsonld: the union of all graphs as compact JSON-LD with schema/context.jsonld."""
    from .rdf.jsonld import write_jsonld as write

    context = json.loads(schema_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
    path = build.out_dir / "graph.jsonld"
    with atomic_write(path, "w") as handle:
        write(union_triples_of(build), context, handle)
    return [path]


@writer("report")
def write_report(build) -> list[Path]:
    """report.json: the build report in machine-readable form (counts, warnings, corrections, candidates)."""
    report = {
        "notes": len(build.records),
        "skipped": build.skipped,
        "triples": build.triples,
        "entities": dict(sorted(build.entity_counts().items())),
        "warnings": [{"file": w.path, "line": w.line, "message": w.message} for w in build.warnings],
        "corrections": [{"file": f, "line": n, "surface": s, "tool": t} for f, n, s, t in build.corrections()],
        "candidates": dict(sorted(build.candidates().items())),
    }
    path = build.out_dir / "report.json"
    with atomic_write(path, "w") as handle:
        json.dump(report, handle, ensure_ascii=False, indent=1, sort_keys=True)
    return [path]


def write_outputs(build, names: list[str] | None = None, skip: set[str] | frozenset = frozenset()) -> None:
    """Run the named writers (all registered ones when ``names`` is None) but ``skip``, timing each."""
    _load_plugins()
    try:
        for name in names if names is not None else list(WRITERS):
            func = WRITERS.get(name)
            if func is None or name in skip:
                continue
            started = time.perf_counter()
            build.outputs.extend(func(build))
            build.timings[name] = time.perf_counter() - started
    finally:
        union = getattr(build, "_union_file", None)
        if union is not None:
            with suppress(FileNotFoundError):
                union.unlink()


def writer_names() -> list[str]:
    """Every output a build can be asked for (``build --only``): streams, writers, and the store."""
    _load_plugins()
    return [name for name in (*STREAMS, *WRITERS, "store") if name != "union"]


def _load_plugins() -> None:
    """Import the modules that register further writers, when they are present."""
    import importlib

    for module in ("graph.network", "graph.html"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
