"""Output writers, registered by name (like rdflib's serializer plugins).

Every writer takes the finished :class:`~graph.build.Build` and writes one artefact through
:func:`atomic_write`, so an interrupted build leaves the previous file in place, never
half a file. Other modules add writers with :func:`writer` (the store, the networkx
exports, the HTML explorer).
"""

from __future__ import annotations

import hashlib
import json
import os
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


@contextmanager
def atomic_write(path: Path, mode: str = "wb") -> Iterator[IO]:
    """Write to a temporary file beside ``path`` and rename it over ``path`` when done."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **({"encoding": "utf-8"} if "b" not in mode else {})) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _FILE_MODE)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def distinct_triples(quads: list[ox.Quad]) -> list[ox.Triple]:
    """The triples of all graphs, each once, in first-seen order (so deterministic)."""
    return list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))


def all_quads(build) -> list[ox.Quad]:
    """Note graphs in path order, each in generation order, then ontology and vocabularies.

    Generation is deterministic, so the same input gives byte-identical files without a
    global sort (which costs more than the serialisation itself on large builds).
    """
    return build.quads + build.vocabulary_quads


@writer("trig")
def write_trig(build) -> list[Path]:
    path = build.out_dir / "graph.trig"
    with atomic_write(path) as handle:
        ox.serialize(all_quads(build), handle, ox.RdfFormat.TRIG, prefixes=prefixes(build.base))
    return [path]


@writer("nquads")
def write_nquads(build) -> list[Path]:
    path = build.out_dir / "graph.nq"
    with atomic_write(path) as handle:
        ox.serialize(all_quads(build), handle, ox.RdfFormat.N_QUADS)
    return [path]


@writer("turtle")
def write_turtle(build) -> list[Path]:
    path = build.out_dir / "graph.ttl"
    with atomic_write(path) as handle:
        ox.serialize(
            distinct_triples(build.quads + build.vocabulary_quads),
            handle,
            ox.RdfFormat.TURTLE,
            prefixes=prefixes(build.base),
        )
    return [path]


@writer("ntriples")
def write_ntriples(build) -> list[Path]:
    path = build.out_dir / "graph.nt"
    with atomic_write(path) as handle:
        ox.serialize(distinct_triples(build.quads + build.vocabulary_quads), handle, ox.RdfFormat.N_TRIPLES)
    return [path]


@writer("jsonld")
def write_jsonld(build) -> list[Path]:
    """Compact JSON-LD of the note graphs, with the project's context (schema/context.jsonld)."""
    import rdflib

    graph = rdflib.Graph()
    data = ox.serialize(distinct_triples(build.quads), format=ox.RdfFormat.N_TRIPLES)
    graph.parse(data=data.decode("utf-8"), format="nt")
    context = json.loads(schema_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
    text = graph.serialize(format="json-ld", context=context, auto_compact=True, sort_keys=True, indent=1)
    path = build.out_dir / "graph.jsonld"
    with atomic_write(path, "w") as handle:
        handle.write(text)
    return [path]


@writer("shards")
def write_shards(build) -> list[Path]:
    """OUT/shards/part-NNN.nq for bulk loaders: each note graph whole in one shard (``--shards N``)."""
    count = getattr(build, "shards", 0)
    folder = build.out_dir / "shards"
    if not count:
        return []
    parts: list[list[ox.Quad]] = [[] for _ in range(count)]
    for quad in all_quads(build):
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        parts[int(hashlib.sha1(name.encode()).hexdigest(), 16) % count].append(quad)
    written = []
    for index, quads in enumerate(parts):
        path = folder / f"part-{index:03d}.nq"
        with atomic_write(path) as handle:
            ox.serialize(quads, handle, ox.RdfFormat.N_QUADS)
        written.append(path)
    for stale in folder.glob("part-*.nq"):
        if stale not in written:
            stale.unlink()
    return written


@writer("report")
def write_report(build) -> list[Path]:
    """report.json: the build report in machine-readable form (warnings, counts, timings)."""
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


def write_outputs(build, names: list[str] | None = None) -> None:
    """Run the named writers (all registered ones when ``names`` is None), timing each."""
    _load_plugins()
    for name in names if names is not None else list(WRITERS):
        func = WRITERS.get(name)
        if func is None:
            continue
        started = time.perf_counter()
        build.outputs.extend(func(build))
        build.timings[name] = time.perf_counter() - started


def _load_plugins() -> None:
    """Import the modules that register further writers, when they are present."""
    import importlib

    for module in ("graph.store", "graph.network", "graph.html"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
