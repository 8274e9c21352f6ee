"""graph.graphml and graph.gexf are the bytes networkx's own writers give for the flattened graph."""

from __future__ import annotations

import io
import random

import networkx as nx
import pytest

from graph.outputs.network import flat_graph, gexf_lines, graphml_lines
from graph.pipeline.network import network_of

HOSTILE = ['</data><x a="1">&amp;', "tab\there", "line\nbreak\r\nend", 'quote "q" and \'s\'', "  ", "",
           "é€😀", "lone \udcff surrogate", "]]> <!-- -->", "a&b<c>d"]


def _reference(graph: nx.MultiDiGraph, writer) -> bytes:
    out = io.BytesIO()
    writer(flat_graph(graph), out)
    return out.getvalue()


def _ours(lines) -> bytes:
    return "".join(lines).encode("utf-8", "xmlcharrefreplace")


def _hostile_graph(seed: int, nodes: int, edges: int) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    for i in range(nodes):
        text = rng.choice(HOSTILE)
        graph.add_node(f"https://x.test/{i}?{text}", type=rng.choice(("tool", "note", text or "t")), label=text,
                       iri=f"https://x.test/{i}", degree=rng.randrange(9), aliases=rng.sample(HOSTILE, 2),
                       links=[text] if i % 2 else [], mentions=[{}] * rng.randrange(3),
                       community=rng.randrange(-1, 4), betweenness=rng.choice((0.0, 1e-06, 0.25, 1 / 3)))
    names = list(graph.nodes)
    for _ in range(edges):
        kind = rng.choice(("mentions", "about", rng.choice(HOSTILE) or "x"))
        graph.add_edge(rng.choice(names), rng.choice(names), key=kind, type=kind)
    return graph


@pytest.mark.parametrize(("nodes", "edges"), [(0, 0), (1, 0), (5, 0), (12, 30), (40, 200)])
def test_same_bytes_as_networkx(nodes, edges):
    graph = _hostile_graph(nodes * 7 + edges, nodes, edges)
    assert _ours(graphml_lines(graph)) == _reference(graph, nx.write_graphml)
    assert _ours(gexf_lines(graph)) == _reference(graph, nx.write_gexf)


def test_same_bytes_on_the_examples(examples_build):
    graph, _ = network_of(examples_build)
    for name, writer in (("graph.graphml", nx.write_graphml), ("graph.gexf", nx.write_gexf)):
        assert (examples_build.out_dir / name).read_bytes() == _reference(graph, writer)
    read = nx.read_graphml(examples_build.out_dir / "graph.graphml")
    assert read.number_of_nodes() == graph.number_of_nodes()
