"""The RDF as an entity-level networkx graph, its analytics, and GraphML/GEXF exports.

    >>> from graph.network import entity_graph, analytics          # doctest: +SKIP
    >>> g = entity_graph(build.quads, build.vocabulary_quads)       # doctest: +SKIP
    >>> stats = analytics(g)                                        # doctest: +SKIP

Nodes are the things a reader cares about — notes, resources, events, talks, people,
organisations, tools, topics, tags, sources, places — with their type, label, IRI and
aliases; tg:Mention records are not nodes but the provenance attached to each node
(``mentions``: file, line, text). Edges are typed by the predicate that links them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from .export import atomic_write, writer
from .rdf.namespaces import DCTERMS, PROV, RDF, SDO, SKOS, TG, TOOL, TOPIC

TYPE = RDF + "type"
ANALYTICS_GRAPH = "https://w3id.org/talkgraph/analytics"

# class IRI -> entity type shown to users (the first that applies wins)
ENTITY_TYPES = [
    (TG + "Talk", "talk"),
    (SDO + "Event", "event"),
    (TG + "Note", "note"),
    (SDO + "Person", "person"),
    (SDO + "Organization", "organization"),
    (PROV + "Agent", "agent"),
    (SDO + "SoftwareApplication", "tool"),
    (TG + "CandidateTool", "candidate tool"),
    (TG + "Source", "source"),
    (SDO + "Place", "place"),
    (SDO + "CreativeWork", "resource"),
    (SKOS + "Concept", "tag"),
]
RESOURCE_CLASSES = ("VideoObject", "BlogPosting", "Article", "Book", "ScholarlyArticle", "TechArticle", "Course")
# predicates that become edges, with the edge type users see
EDGE_TYPES = {
    SDO + "performer": "performer",
    SDO + "affiliation": "affiliation",
    SDO + "mentions": "mentions",
    SDO + "about": "about",
    SDO + "subEvent": "subEvent",
    SDO + "author": "author",
    TG + "tag": "tag",
    TG + "source": "source",
    SDO + "location": "location",
    SDO + "organizer": "organizer",
    TG + "created": "created",
    SKOS + "broader": "broader",
}
LABELS = (SDO + "name", SKOS + "prefLabel")
ALIASES = (SDO + "alternateName", SKOS + "altLabel")
LINKS = (SDO + "url", SDO + "sameAs", SDO + "recordedIn", TG + "slides")
PROPERTIES = {
    SDO + "jobTitle": "job title",
    SDO + "description": "description",
    TG + "resourceType": "resource type",
    SDO + "datePublished": "published",
    SDO + "startDate": "date",
    SDO + "duration": "duration",
    SDO + "inLanguage": "language",
    TG + "attended": "attended",
    SDO + "abstract": "TL;DR",
    TG + "sourceFile": "file",
    SDO + "dateCreated": "consulted",
    DCTERMS + "description": "description",
}


@dataclass
class _Entity:
    types: set[str] = field(default_factory=set)
    labels: list[str] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    links: set[str] = field(default_factory=set)
    props: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def _entity_type(types: set[str]) -> str | None:
    if TG + "Talk" in types:
        return "talk"
    for cls, name in ENTITY_TYPES:
        if cls in types:
            return name
    if any(SDO + c in types for c in RESOURCE_CLASSES):
        return "resource"
    return None


class EntityGraphBuilder:
    """Builds :func:`entity_graph` from quads fed graph by graph, so a build can feed it while
    it mints each note (reading millions of quads back from the on-disk store is slow)."""

    def __init__(self) -> None:
        self.entities: dict[str, _Entity] = defaultdict(_Entity)
        self.edges: list[tuple[str, str, str]] = []  # source, target, type
        self.mention_parts: dict[str, dict] = defaultdict(dict)  # of the graphs being fed, until resolved
        self.mention_rows: list[tuple[str, str, int, str]] = []  # entity, file, line, text
        self.files: dict[str, str] = {}

    def feed(self, quads: Iterable[ox.Quad]) -> None:
        entities, edges, mention_parts, files = self.entities, self.edges, self.mention_parts, self.files
        for quad in quads:
            s, p, o = quad.subject.value, quad.predicate.value, quad.object
            if p.startswith(TG) and p[len(TG) :] in ("entity", "note", "line", "text", "talk") and "#L" in s:
                mention_parts[s][p[len(TG) :]] = o.value
                continue
            if p == TYPE:
                if o.value == TG + "Mention":
                    continue
                entities[s].types.add(o.value)
            elif p in LABELS:
                if o.value not in entities[s].labels:
                    entities[s].labels.append(o.value)
            elif p in ALIASES:
                entities[s].aliases.add(o.value)
            elif p in LINKS and isinstance(o, ox.NamedNode):
                entities[s].links.add(o.value)
            elif p in EDGE_TYPES and isinstance(o, ox.NamedNode):
                edges.append((s, o.value, EDGE_TYPES[p]))
            elif p == SDO + "about" and isinstance(o, ox.NamedNode):
                edges.append((s, o.value, "about"))
            elif p in PROPERTIES and isinstance(o, ox.Literal):
                entities[s].props[PROPERTIES[p]].add(o.value)
            if p == TG + "sourceFile":
                files[s] = o.value
        # a mention is described within its note's graph: resolve the fed ones to compact rows now
        for parts in mention_parts.values():
            if "entity" in parts and "note" in parts:
                row = (parts["entity"], files.get(parts["note"], ""), int(parts.get("line", 0)), parts.get("text", ""))
                self.mention_rows.append(row)
        mention_parts.clear()

    def graph(self, vocabulary_quads: Iterable[ox.Quad] = ()) -> nx.MultiDiGraph:
        entities, edges = self.entities, self.edges
        mentions: dict[str, list[dict]] = defaultdict(list)
        for entity, file, line, text in self.mention_rows:
            mentions[entity].append({"file": file, "line": line, "text": text})
        used = {t for _, t, _ in edges}  # tools and topics that a talk or note mentions or is about
        vocab_entities: dict[str, _Entity] = defaultdict(_Entity)
        for quad in vocabulary_quads:
            s = quad.subject.value
            if s not in used or not (s.startswith(TOOL) or s.startswith(TOPIC)):
                continue
            p, o = quad.predicate.value, quad.object
            if p == TYPE:
                vocab_entities[s].types.add(o.value)
            elif p in LABELS and (not isinstance(o, ox.Literal) or o.language in (None, "en")):
                vocab_entities[s].labels.append(o.value)
            elif p in ALIASES or (p == SKOS + "prefLabel" and isinstance(o, ox.Literal)):
                vocab_entities[s].aliases.add(o.value)
            elif p == SDO + "url" and isinstance(o, ox.NamedNode):
                vocab_entities[s].links.add(o.value)
        for iri, entity in vocab_entities.items():
            merged = entities[iri]
            merged.types |= entity.types
            merged.labels = entity.labels + [x for x in merged.labels if x not in entity.labels]
            merged.aliases |= entity.aliases
            merged.links |= entity.links

        graph = nx.MultiDiGraph()
        for iri, entity in entities.items():
            kind = _entity_type(entity.types)
            if kind is None or (not entity.labels and kind != "note"):
                continue  # unnamed link targets (a replay, slides) are properties of a talk, not entities
            if iri.startswith(TOPIC):
                kind = "topic"
            label = entity.labels[0] if entity.labels else iri.rsplit("/", 1)[-1]
            if kind == "note" and entity.props.get("file"):
                label = next(iter(entity.props["file"]))
            graph.add_node(
                iri,
                type=kind,
                label=label,
                iri=iri,
                aliases=sorted((set(entity.labels[1:]) | entity.aliases) - {label}),
                links=sorted(entity.links),
                properties={k: sorted(v) for k, v in sorted(entity.props.items())},
                mentions=sorted(mentions.get(iri, []), key=lambda m: (m["file"], m["line"], m["text"])),
            )
        for source, target, kind in edges:
            if source in graph and target in graph and source != target:
                key = kind
                if not graph.has_edge(source, target, key=key):
                    graph.add_edge(source, target, key=key, type=kind)
        for node, degree in graph.degree():
            graph.nodes[node]["degree"] = degree
        return graph




def entity_graph(quads: Iterable[ox.Quad], vocabulary_quads: Iterable[ox.Quad] = ()) -> nx.MultiDiGraph:
    """Entities of the note graphs (plus the tools and topics they use) and their typed links."""
    builder = EntityGraphBuilder()
    builder.feed(quads)
    return builder.graph(vocabulary_quads)


def comention_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Tools and topics linked when a talk or note mentions (or is about) both; weight = how many do."""
    by_holder: dict[str, set[str]] = defaultdict(set)
    for source, target, data in graph.edges(data=True):
        if data["type"] in ("mentions", "about") and graph.nodes[target]["type"] in ("tool", "topic"):
            by_holder[source].add(target)
    co = nx.Graph()
    for members in by_holder.values():
        for a, b in combinations(sorted(members), 2):
            if co.has_edge(a, b):
                co[a][b]["weight"] += 1
            else:
                co.add_edge(a, b, weight=1)
    for node in co.nodes:
        co.nodes[node].update(type=graph.nodes[node]["type"], label=graph.nodes[node]["label"])
    return co


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


def network_of(build) -> tuple[nx.MultiDiGraph, Analytics]:
    """The entity graph of a build, with analytics as node attributes (computed once per build)."""
    cached = getattr(build, "_network", None)
    if cached is not None:
        return cached
    builder = getattr(build, "_entity_builder", None)
    if builder is not None:  # fed by the build while it minted the notes
        graph = builder.graph(build.vocabulary_quads)
        build._entity_builder = None
    else:
        from .store import graph_quads

        graph = entity_graph(graph_quads(build.graph_store(), build.note_graphs), build.vocabulary_quads)
    stats = analytics(graph)
    for node in graph.nodes:
        graph.nodes[node]["betweenness"] = round(stats.betweenness.get(node, 0.0), 6)
        graph.nodes[node]["community"] = stats.community.get(node, -1)
    build._network = (graph, stats)
    return build._network


@writer("network")
def write_network(build) -> list[Path]:
    graph, stats = network_of(build)
    flat = _flat(graph)
    paths = [build.out_dir / "graph.graphml", build.out_dir / "graph.gexf"]
    with atomic_write(paths[0]) as handle:
        nx.write_graphml(flat, handle)
    with atomic_write(paths[1]) as handle:
        nx.write_gexf(flat, handle)
    build.analytics_summary = summary_lines(stats)
    return paths


__all__ = [
    "Analytics",
    "analytics",
    "analytics_quads",
    "comention_graph",
    "entity_graph",
    "network_of",
    "summary_lines",
]
