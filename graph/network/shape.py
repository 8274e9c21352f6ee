"""What the analytics read of an entity graph: its nodes' types and labels and its typed links.

A build knows the shape before it makes the networkx graph (whose nodes carry every
mention, alias and link, and which takes seconds at 10k notes): the analytics can start
from the shape, in a process of their own, while the graph is made
(:func:`graph.pipeline.network.network_from_builder`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping

import networkx as nx

Succ = Mapping[str, Mapping[str, Collection[str]]]  # source -> target -> link types


class Shape:
    """``nodes``: IRI -> (type, label), in the graph's node order; the links (source, target, type),
    each once, between two of the nodes, never from a node to itself.

    Made from the links (:meth:`graph.network.EntityGraphBuilder.shape`), or read from a graph
    without a copy of its links (:meth:`of`).
    """

    __slots__ = ("nodes", "_links", "_succ")

    def __init__(self, nodes: dict[str, tuple[str, str]], links: list[tuple[str, str, str]] | None = None,
                 succ: Succ | None = None) -> None:
        if (links is None) == (succ is None):
            raise ValueError("a shape is made of its links or of a graph's adjacency, one of the two")
        self.nodes = nodes
        self._links = links
        self._succ = succ

    @classmethod
    def of(cls, graph: nx.MultiDiGraph) -> Shape:
        """The shape of an entity graph (:func:`graph.network.entity_graph`): its links are read where they are."""
        return cls({node: (data["type"], data["label"]) for node, data in graph.nodes(data=True)}, succ=graph.succ)

    def __len__(self) -> int:
        return len(self.nodes)

    def links(self) -> Iterator[tuple[str, str, str]]:
        """Every link once: in the order they were first seen when the shape was made from its links,
        source by source (in node order) when it was read from a graph."""
        if self._links is not None:
            return iter(self._links)
        return ((source, target, kind) for source, targets in self.succ().items()
                for target, kinds in targets.items() for kind in kinds)

    def succ(self) -> Succ:
        """Source -> target -> link types, as ``graph.succ`` of the graph: sources in node order, each
        one's targets in the order of their first link (made once, from the links)."""
        if self._succ is None:
            succ: dict[str, dict[str, list[str]]] = {node: {} for node in self.nodes}
            for source, target, kind in self._links or ():
                succ[source].setdefault(target, []).append(kind)
            self._succ = succ
        return self._succ


def shape_of(graph: nx.MultiDiGraph | Shape) -> Shape:
    return graph if isinstance(graph, Shape) else Shape.of(graph)
