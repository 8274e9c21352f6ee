"""The entity graph of a build with its analytics as node attributes (computed once per build)."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pyoxigraph as ox

from ..network import Analytics, EntityGraphBuilder, analytics, entity_graph
from .result import Build


def network_from_builder(
    builder: EntityGraphBuilder, vocabulary_quads: Iterable[ox.Quad]
) -> tuple[nx.MultiDiGraph, Analytics]:
    """The graph fed while minting, with betweenness and community on every node."""
    return _with_analytics(builder.graph(vocabulary_quads))


def network_of(build: Build) -> tuple[nx.MultiDiGraph, Analytics]:
    """The build's entity graph: the one computed while building, else read back from its store."""
    if build.network is None:
        from ..sparql.store import graph_quads

        quads = graph_quads(build.graph_store(), build.note_graphs)
        build.network = _with_analytics(entity_graph(quads, build.vocabulary_quads))
    return build.network


def _with_analytics(graph: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, Analytics]:
    stats = analytics(graph)
    for node in graph.nodes:
        graph.nodes[node]["betweenness"] = round(stats.betweenness.get(node, 0.0), 6)
        graph.nodes[node]["community"] = stats.community.get(node, -1)
    return graph, stats
