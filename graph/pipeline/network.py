"""The entity graph of a build with its analytics as node attributes (computed once per build).

Analytics depend only on the graph's shape and labels, so they are kept in
OUT/.cache/analytics/ under a digest of both: a rebuild that leaves the entity graph as it
was (a typo fixed in a paragraph, a changed TL;DR) does not recompute them.
"""

from __future__ import annotations

import hashlib
import inspect
import pickle
from collections.abc import Iterable
from contextlib import suppress
from functools import cache
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from ..network import Analytics, EntityGraphBuilder, analytics, entity_graph
from ..util.files import atomic_write
from .cancel import Cancel, checkpoint
from .result import Build

ANALYTICS_FORMAT = b"analytics-2"  # 2: the digest names each link's types (co-mentions read them)


@cache
def _code_digest() -> bytes:
    """The analytics code itself is part of the key: a new algorithm never serves old figures."""
    return hashlib.sha256(Path(inspect.getsourcefile(analytics)).read_bytes()).digest()


def network_from_builder(
    builder: EntityGraphBuilder, vocabulary_quads: Iterable[ox.Quad], out_dir: Path | None = None,
    cancel: Cancel | None = None,
) -> tuple[nx.MultiDiGraph, Analytics]:
    """The graph fed while minting, with betweenness and community on every node.

    ``cancel`` is asked while the graph is made and before the analytics (:mod:`graph.pipeline.cancel`).
    """
    graph = builder.graph(vocabulary_quads, check=None if cancel is None else lambda: checkpoint(cancel))
    checkpoint(cancel)
    return _with_analytics(graph, out_dir, cancel)


def network_of(build: Build) -> tuple[nx.MultiDiGraph, Analytics]:
    """The build's entity graph: the one computed while building, else read back from its store."""
    if build.network is None:
        from ..sparql.store import graph_quads

        quads = graph_quads(build.graph_store(), build.note_graphs)
        build.network = _with_analytics(entity_graph(quads, build.vocabulary_quads))
    return build.network


def graph_digest(graph: nx.MultiDiGraph) -> str:
    """A digest of what analytics read: every node's type and label, every link and its types.

    The types count: co-mentions read only ``mentions`` and ``about`` links, so a link that
    becomes one (a tag made a mention) changes the strongest pairs though not the graph's shape.
    """
    digest = hashlib.sha256(ANALYTICS_FORMAT + _code_digest())
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        digest.update(f"{node}\0{data['type']}\0{data['label']}\0".encode("utf-8", "surrogatepass"))
        links = graph.succ[node]
        digest.update("\0".join(f"{target}\1{' '.join(sorted(links[target]))}" for target in sorted(links))
                      .encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
    return digest.hexdigest()[:32]


def _cached_analytics(graph: nx.MultiDiGraph, out_dir: Path | None, cancel: Cancel | None = None) -> Analytics:
    if out_dir is None:
        return analytics(graph)
    folder = Path(out_dir) / ".cache" / "analytics"
    path = folder / f"{graph_digest(graph)}.pickle"
    with suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError), path.open("rb") as handle:
        return pickle.load(handle)
    checkpoint(cancel)
    stats = analytics(graph)
    with suppress(OSError):
        for stale in folder.glob("*.pickle"):  # one entry: the last build's
            stale.unlink()
        with atomic_write(path) as handle:
            pickle.dump(stats, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return stats


def _with_analytics(graph: nx.MultiDiGraph, out_dir: Path | None = None,
                    cancel: Cancel | None = None) -> tuple[nx.MultiDiGraph, Analytics]:
    stats = _cached_analytics(graph, out_dir, cancel)
    for node in graph.nodes:
        graph.nodes[node]["betweenness"] = round(stats.betweenness.get(node, 0.0), 6)
        graph.nodes[node]["community"] = stats.community.get(node, -1)
    return graph, stats
