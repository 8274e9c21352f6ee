"""Analytics of the entity graph: degree, betweenness, communities, strongest co-mentions.

They go into every export as RDF (tg:degree, tg:betweenness, tg:community) in a graph of
their own, :data:`ANALYTICS_GRAPH`, and into the build report.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from ..rdf.namespaces import TG
from .entity import comention_graph

ANALYTICS_GRAPH = "https://w3id.org/talkgraph/analytics"


@dataclass
class Analytics:
    degree: dict[str, int]
    betweenness: dict[str, float]
    community: dict[str, int]
    top: dict[str, list[tuple[str, int]]]
    strongest: list[tuple[str, str, int]]


BETWEENNESS_BUDGET = 3_000_000  # sampled sources x edges: bounds the cost on large graphs


def analytics(graph: nx.MultiDiGraph, *, seed: int = 42, exact_limit: int = 3000) -> Analytics:
    """Degree, betweenness, Louvain communities (fixed seed).

    Betweenness is exact up to ``exact_limit`` nodes; above, it is estimated from sampled
    source nodes (fixed seed, so deterministic), as many as :data:`BETWEENNESS_BUDGET`
    allows for the graph's size — between 16 and 300. Exact betweenness is O(nodes x edges):
    hours in pure Python on a 10k-note graph, for a ranking the sample already gives.
    """
    simple = nx.Graph()  # undirected, one edge per linked pair: built directly, no copy of the attributes
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from(graph.edges())
    degree = dict(simple.degree())
    if simple.number_of_nodes() == 0:
        return Analytics({}, {}, {}, {}, [])
    n, m = simple.number_of_nodes(), max(1, simple.number_of_edges())
    k = None if n <= exact_limit else min(n, max(16, min(300, BETWEENNESS_BUDGET // m)))
    betweenness = nx.betweenness_centrality(simple, k=k, seed=seed)
    communities = nx.community.louvain_communities(simple, seed=seed)
    community = {}
    for index, members in enumerate(sorted(communities, key=lambda c: (-len(c), min(c)))):
        for node in members:
            community[node] = index
    top: dict[str, list[tuple[str, int]]] = {}
    for kind in ("tool", "topic", "person"):
        nodes = [n for n, d in graph.nodes(data=True) if d["type"] == kind]
        ranked = sorted(nodes, key=lambda n: (-degree[n], graph.nodes[n]["label"]))[:5]
        top[kind] = [(graph.nodes[n]["label"], degree[n]) for n in ranked]
    co = comention_graph(graph)
    strongest = sorted(
        ((co.nodes[a]["label"], co.nodes[b]["label"], d["weight"]) for a, b, d in co.edges(data=True)),
        key=lambda e: (-e[2], e[0], e[1]),
    )[:5]
    return Analytics(degree, betweenness, community, top, strongest)


def analytics_quads(stats: Analytics) -> list[ox.Quad]:
    """tg:degree, tg:betweenness and tg:community of every entity, in a graph of their own."""
    graph = ox.NamedNode(ANALYTICS_GRAPH)
    xsd = "http://www.w3.org/2001/XMLSchema#"
    integer, decimal = ox.NamedNode(xsd + "integer"), ox.NamedNode(xsd + "decimal")
    degree, betweenness, community = (ox.NamedNode(TG + p) for p in ("degree", "betweenness", "community"))
    out = []
    for node in sorted(stats.degree):
        subject = ox.NamedNode(node)
        out.append(ox.Quad(subject, degree, ox.Literal(str(stats.degree[node]), datatype=integer), graph))
        value = f"{stats.betweenness.get(node, 0.0):.6f}".rstrip("0").rstrip(".") or "0"  # canonical xsd:decimal
        out.append(ox.Quad(subject, betweenness, ox.Literal(value, datatype=decimal), graph))
        out.append(ox.Quad(subject, community, ox.Literal(str(stats.community.get(node, -1)), datatype=integer), graph))
    return out


def summary_lines(stats: Analytics) -> list[str]:
    lines = []
    for kind, title in (
        ("tool", "most connected tools"),
        ("topic", "most connected topics"),
        ("person", "most connected people"),
    ):
        if stats.top.get(kind):
            lines.append(f"{title}: " + ", ".join(f"{label} ({n})" for label, n in stats.top[kind]))
    if stats.community:
        lines.append(f"communities: {len(set(stats.community.values()))} (Louvain, seed 42)")
    if stats.strongest:
        lines.append("strongest co-mentions: " + ", ".join(f"{a} + {b} ({n})" for a, b, n in stats.strongest))
    return lines
