"""What the analytics read of an entity graph: its nodes' types and labels and its typed links.

A build knows the shape before it makes the networkx graph (whose nodes carry every
mention, alias and link, and which takes seconds at 10k notes): the analytics can start
from the shape, in a process of their own, while the graph is made
(:func:`graph.pipeline.network.network_from_builder`).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True)
class Shape:
    """``nodes``: IRI -> (type, label), in the graph's node order; ``links``: (source, target, type),
    each once, between two of the nodes, never from a node to itself."""

    nodes: dict[str, tuple[str, str]]
    links: list[tuple[str, str, str]]

    @classmethod
    def of(cls, graph: nx.MultiDiGraph) -> Shape:
        """The shape of an entity graph (:func:`graph.network.entity_graph`)."""
        nodes = {node: (data["type"], data["label"]) for node, data in graph.nodes(data=True)}
        return cls(nodes, list(graph.edges(keys=True)))

    def __len__(self) -> int:
        return len(self.nodes)

    def succ(self) -> dict[str, dict[str, list[str]]]:
        """Source -> target -> link types, as ``graph.succ`` of the graph: sources in node order, each
        one's targets in the order of their first link."""
        succ: dict[str, dict[str, list[str]]] = {node: {} for node in self.nodes}
        for source, target, kind in self.links:
            succ[source].setdefault(target, []).append(kind)
        return succ


def shape_of(graph: nx.MultiDiGraph | Shape) -> Shape:
    return graph if isinstance(graph, Shape) else Shape.of(graph)
