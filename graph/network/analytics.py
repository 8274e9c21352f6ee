"""Analytics of the entity graph: degree, betweenness, communities, strongest co-mentions.

They go into every export as RDF (tg:degree, tg:betweenness, tg:community) in a graph of
their own, :data:`ANALYTICS_GRAPH`, and into the build report.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from ..rdf.namespaces import TG
from ..util.igraphs import load as _igraph
from .comentions import strongest_comentions
from .shape import Shape, shape_of

ANALYTICS_GRAPH = "https://w3id.org/talkgraph/analytics"


@dataclass
class Analytics:
    degree: dict[str, int]
    betweenness: dict[str, float]
    community: dict[str, int]
    top: dict[str, list[tuple[str, int]]]
    strongest: list[tuple[str, str, int]]
    betweenness_sources: int = 0  # sampled sources (0: exact)
    betweenness_error: float = 0.0  # bound on the error of each normalised value, with 95 % confidence
    digest: str = ""  # graph_digest of the shape they were read from ("": not known), names the graph's links


BETWEENNESS_BUDGET = 40_000_000  # sampled sources x edges: under a second of igraph's C code on a 10k-note graph
MIN_SOURCES = 64
STRONGEST = 5  # co-mentioned pairs reported


def analytics(graph: nx.MultiDiGraph | Shape, *, seed: int = 42, comentions: bool = True) -> Analytics:
    """Degree, betweenness and Louvain communities of the undirected simple graph, with python-igraph.

    ``graph`` is an entity graph or its :class:`~graph.network.shape.Shape` (what a build
    knows before it makes the graph): the figures are the same. Betweenness is exact while
    nodes x edges stays within :data:`BETWEENNESS_BUDGET`;
    above, it is estimated from a fixed-seed sample of ``k`` source nodes (Brandes-Pich:
    the sum of their dependencies scaled by n/k), which bounds the cost on any graph. Each
    normalised value is then within ``sqrt(ln(2/0.05) / (2k))`` of the exact one with 95 %
    confidence (Hoeffding), stated in :attr:`Analytics.betweenness_error`. Communities are
    igraph's multilevel (Louvain) modularity optimisation, seeded, so deterministic.

    With ``comentions=False`` the strongest co-mentions are left empty, for a caller that
    finds them elsewhere meanwhile (:func:`~graph.network.comentions.strongest_comentions`).
    """
    shape = shape_of(graph)
    nodes = sorted(shape.nodes)
    if not nodes:
        return Analytics({}, {}, {}, {}, [])
    simple = _simple(shape, nodes)
    degree = dict(zip(nodes, simple.degree(), strict=True))
    betweenness, k, error = _betweenness(simple, nodes, seed)
    community = _communities(simple, nodes, seed)
    top: dict[str, list[tuple[str, int]]] = {}
    for kind in ("tool", "topic", "person"):
        members = [(n, label) for n, (type_, label) in shape.nodes.items() if type_ == kind]
        ranked = sorted(members, key=lambda item: (-degree[item[0]], item[1]))[:5]
        top[kind] = [(label, degree[n]) for n, label in ranked]
    strongest = strongest_comentions(shape, STRONGEST) if comentions else []
    return Analytics(degree, betweenness, community, top, strongest, k, error)


def _simple(shape: Shape, nodes: list[str]):
    """The undirected graph with one edge per linked pair, as igraph (no attributes copied)."""
    igraph = _igraph()
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v, _ in shape.links()]
    simple = igraph.Graph(n=len(nodes), edges=edges)
    simple.simplify(multiple=True, loops=True)  # in C: one edge per linked pair
    return simple


def _betweenness(simple, nodes: list[str], seed: int) -> tuple[dict[str, float], int, float]:
    n, m = simple.vcount(), max(1, simple.ecount())
    if n < 3:
        return dict.fromkeys(nodes, 0.0), 0, 0.0
    k = n if n * m <= BETWEENNESS_BUDGET else min(n, max(MIN_SOURCES, BETWEENNESS_BUDGET // m))
    if k >= n:
        raw, k, error = simple.betweenness(directed=False), 0, 0.0
    else:
        sources = sorted(random.Random(seed).sample(range(n), k))
        raw = [value * n / k for value in simple.betweenness(directed=False, sources=sources)]
        error = math.sqrt(math.log(2 / 0.05) / (2 * k))
    scale = 2 / ((n - 1) * (n - 2))
    return {node: value * scale for node, value in zip(nodes, raw, strict=True)}, k, error


def _communities(simple, nodes: list[str], seed: int) -> dict[str, int]:
    igraph = _igraph()
    igraph.set_random_number_generator(random.Random(seed))
    try:
        clusters = simple.community_multilevel()
    finally:
        igraph.set_random_number_generator(random)
    groups = [sorted(nodes[i] for i in members) for members in clusters]
    community = {}
    for index, members in enumerate(sorted(groups, key=lambda c: (-len(c), c[0]))):
        for node in members:
            community[node] = index
    return community


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
    if stats.betweenness_sources:
        lines.append(f"betweenness: estimated from {stats.betweenness_sources} sampled sources, "
                     f"each value within ±{stats.betweenness_error:.3f} (95 % confidence)")
    if stats.community:
        lines.append(f"communities: {len(set(stats.community.values()))} (Louvain, seed 42)")
    if stats.strongest:
        lines.append("strongest co-mentions: " + ", ".join(f"{a} + {b} ({n})" for a, b, n in stats.strongest))
    return lines
