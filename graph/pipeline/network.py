"""The entity graph of a build with its analytics as node attributes (computed once per build).

Analytics depend only on the graph's shape and labels, so they are kept in
OUT/.cache/analytics/ under a digest of both: a rebuild that leaves the entity graph as it
was (a typo fixed in a paragraph, a changed TL;DR) does not recompute them.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TypeVar

import networkx as nx
import pyoxigraph as ox

from ..network import Analytics, EntityGraphBuilder, analytics, entity_graph
from ..network.analytics import STRONGEST
from ..network.comentions import strongest_comentions
from ..network.shape import Shape, shape_of
from ..util.files import atomic_write
from ..util.forked import ChildEnded, Forked, can_fork
from ..util.sources import source_digest
from .cancel import Cancel, checkpoint
from .result import Build

T = TypeVar("T")
ANALYTICS_FORMAT = b"analytics-3"  # 2: the digest names each link's types (co-mentions read them); 3: in order


@cache
def _code_digest() -> bytes:
    """The analytics code itself is part of the key: a new algorithm never serves old figures."""
    return source_digest(analytics, strongest_comentions, Shape)  # their modules


FORK_NODES = 1_000  # nodes from which, with two jobs or more, the analytics run in a process of their own


def network_from_builder(
    builder: EntityGraphBuilder, vocabulary_quads: Iterable[ox.Quad], out_dir: Path | None = None,
    cancel: Cancel | None = None, jobs: int = 1, then: Callable[[Analytics], T] | None = None,
) -> tuple[tuple[nx.MultiDiGraph, Analytics], T | None]:
    """The graph fed while minting, with betweenness and community on every node; and ``then(analytics)``.

    The analytics read only the graph's :class:`~graph.network.shape.Shape`, known before
    the graph is made: with ``jobs`` > 1 and :data:`FORK_NODES` nodes or more, they run in a
    forked process while this one makes the graph (at 1k notes igraph's betweenness alone
    took 1.2 s, the graph 0.8 s), and ``then`` runs there too (the build serialises the
    analytics graph: its result must pickle). There ``then`` is given the analytics before
    their strongest co-mentions, which this process finds meanwhile: it must not read
    :attr:`Analytics.strongest`. ``cancel`` is asked while the graph is made and while the
    analytics are awaited (:mod:`graph.pipeline.cancel`).
    """
    check = None if cancel is None else lambda: checkpoint(cancel)
    shape = builder.shape(vocabulary_quads, check)
    checkpoint(cancel)
    pending = _aside(shape, out_dir, then) if jobs > 1 and len(shape) >= FORK_NODES and can_fork() else None
    try:
        graph = builder.graph(check=check)
        builder.resolved = shape = None  # the forked process has its own; here the graph is read from now on
        checkpoint(cancel)
        if pending is None:
            stats = _cached_analytics(Shape.of(graph), out_dir, cancel)
            extra = None if then is None else then(stats)
        else:
            stats, extra = _awaited(pending, graph, out_dir, cancel, then)
    except BaseException:
        if pending is not None:
            pending.abandon()
        raise
    return _with_analytics(graph, stats), extra


def _aside(shape: Shape, out_dir: Path | None, then: Callable | None) -> Forked | None:
    """The analytics started in a forked process, or None when no process can be forked (they are made here)."""
    try:
        return Forked(_analytics_of, shape, out_dir, then, name="analytics")
    except OSError:
        return None


def network_of(build: Build) -> tuple[nx.MultiDiGraph, Analytics]:
    """The build's entity graph: the one computed while building, else read back from its store."""
    if build.network is None:
        from ..sparql.store import graph_quads

        quads = graph_quads(build.graph_store(), build.note_graphs)
        graph = entity_graph(quads, build.vocabulary_quads)
        build.network = _with_analytics(graph, analytics(graph))  # no OUT to keep them in
    return build.network


def graph_digest(graph: nx.MultiDiGraph | Shape) -> str:
    """A digest of what analytics read: every node's type and label, every link and its types.

    The types count: co-mentions read only ``mentions`` and ``about`` links, so a link that
    becomes one (a tag made a mention) changes the strongest pairs though not the graph's shape.
    Nodes and links are read in the graph's order (the notes' order, then each note's own), not
    sorted: the same notes give the same order, and sorting 575k links took 1.8 s at 10k notes.
    """
    shape = shape_of(graph)
    digest = hashlib.sha256(ANALYTICS_FORMAT + _code_digest())
    update = digest.update
    for node, (kind, label) in shape.nodes.items():
        update(f"{node}\0{kind}\0{label}\n".encode("utf-8", "surrogatepass"))
    for source, targets in shape.succ().items():
        if targets:
            update("\0".join([f"{source}\1{target}\1{' '.join(kinds)}" for target, kinds in targets.items()])
                   .encode("utf-8", "surrogatepass"))
            update(b"\n")
    return digest.hexdigest()[:32]


def _looked_up(out_dir: Path | None, shape: Shape) -> tuple[Path | None, Analytics | None]:
    """Where the analytics of this shape are kept (None without OUT), and what is kept there (None: nothing)."""
    if out_dir is None:
        return None, None
    path = Path(out_dir) / ".cache" / "analytics" / f"{graph_digest(shape)}.pickle"
    with suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError), path.open("rb") as handle:
        found = pickle.load(handle)
        return path, found if isinstance(found, Analytics) else None
    return path, None


def _keep(path: Path, stats: Analytics) -> None:
    with suppress(OSError):
        for stale in path.parent.glob("*.pickle"):  # one entry: the last build's
            stale.unlink()
        with atomic_write(path) as handle:
            pickle.dump(stats, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _cached_analytics(shape: Shape, out_dir: Path | None, cancel: Cancel | None = None) -> Analytics:
    path, stats = _looked_up(out_dir, shape)
    if stats is None:
        checkpoint(cancel)
        stats = analytics(shape)
        if path is not None:
            _keep(path, stats)
    return _named(stats, path)


def _named(stats: Analytics, path: Path | None) -> Analytics:
    """The analytics with the digest of the shape they were read from (the name of their cache entry).

    A writer whose file depends on the graph's links only through that shape knows from it,
    without reading 575k links again, that they are the last build's (:mod:`graph.outputs.network`)."""
    return stats if path is None else replace(stats, digest=path.stem)


def _analytics_of(shape: Shape, out_dir: Path | None,
                  then: Callable | None) -> tuple[Analytics, Path | None, bool, object]:
    """In the forked process: the analytics, where they are kept, whether they were found there, and ``then``'s.

    Computed, they lack the strongest co-mentions: the parent finds those once it has made
    the graph, while this process is still at its betweenness and communities. It writes
    nothing: the parent keeps the whole, so a process ended early leaves no half-written file.
    """
    path, stats = _looked_up(out_dir, shape)
    found = stats is not None
    if stats is None:
        stats = analytics(shape, comentions=False)
    return stats, path, found, None if then is None else then(stats)


def _awaited(pending: Forked, graph: nx.MultiDiGraph, out_dir: Path | None, cancel: Cancel | None,
             then: Callable[[Analytics], T] | None) -> tuple[Analytics, T | None]:
    """The forked analytics, completed with the strongest co-mentions (found here while they run)."""
    strongest = None
    if not pending.ready():
        checkpoint(cancel)
        strongest = _strongest(graph)
    try:
        stats, path, found, extra = pending.result(lambda: checkpoint(cancel))
    except (ChildEnded, MemoryError):  # killed (out of memory?): made here instead, from the graph
        stats = _cached_analytics(Shape.of(graph), out_dir, cancel)
        return stats, None if then is None else then(stats)
    if not found:
        stats = replace(stats, strongest=_strongest(graph) if strongest is None else strongest)
        if path is not None:
            _keep(path, stats)
    return _named(stats, path), extra


def _strongest(graph: nx.MultiDiGraph) -> list[tuple[str, str, int]]:
    """Read from the graph's own adjacency: the builder's shape would index its links once more (~100 MB at 10k)."""
    return strongest_comentions(Shape.of(graph), STRONGEST)


def _with_analytics(graph: nx.MultiDiGraph, stats: Analytics) -> tuple[nx.MultiDiGraph, Analytics]:
    for node in graph.nodes:
        graph.nodes[node]["betweenness"] = round(stats.betweenness.get(node, 0.0), 6)
        graph.nodes[node]["community"] = stats.community.get(node, -1)
    return graph, stats
