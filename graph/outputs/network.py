"""GraphML and GEXF exports of the entity graph (for Gephi, Cytoscape, yEd)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..util.files import atomic_write
from .registry import WriterContext


def write_network(ctx: WriterContext) -> list[Path]:
    graph, _ = ctx.network
    flat = _flat(graph)
    paths = [ctx.out_dir / "graph.graphml", ctx.out_dir / "graph.gexf"]
    with atomic_write(paths[0]) as handle:
        nx.write_graphml(flat, handle)
    with atomic_write(paths[1]) as handle:
        nx.write_gexf(flat, handle)
    return paths


def _flat(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML/GEXF hold scalar attributes only: lists and dicts become text."""
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(
            node,
            type=data["type"],
            label=data["label"],
            iri=data["iri"],
            degree=data.get("degree", 0),
            aliases="; ".join(data["aliases"]),
            links=" ".join(data["links"]),
            mentions=len(data["mentions"]),
            community=data.get("community", -1),
            betweenness=float(data.get("betweenness", 0.0)),
        )
    for source, target, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(source, target, key=key, type=data["type"])
    return flat


