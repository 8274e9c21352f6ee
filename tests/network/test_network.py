"""The entity graph, its analytics, and the GraphML/GEXF exports."""

from __future__ import annotations

import sys
from dataclasses import replace

import networkx as nx
import pyoxigraph as ox
import pytest

from graph.network import MentionTable, analytics, comention_graph, entity_graph
from graph.outputs.html import LARGE_GRAPH, page_data, render
from graph.pipeline import network_of
from graph.rdf.namespaces import RDF, SDO, TG

from ..conftest import EXAMPLES


def test_entity_graph_nodes_and_typed_edges(examples_build):
    graph, stats = network_of(examples_build)
    types = {data["type"] for _, data in graph.nodes(data=True)}
    assert {"event", "talk", "note", "resource", "person", "organization", "tool", "topic", "tag"} <= types
    edge_types = {data["type"] for _, _, data in graph.edges(data=True)}
    assert {"performer", "affiliation", "mentions", "about", "subEvent", "author", "tag"} <= edge_types
    alice = next(n for n, d in graph.nodes(data=True) if d["label"] == "Alice MARTIN")
    assert graph.nodes[alice]["type"] == "person"
    assert any(d["type"] == "affiliation" for _, _, d in graph.out_edges(alice, data=True))
    memray = next(n for n, d in graph.nodes(data=True) if d["label"] == "memray")
    assert all(m["file"] and m["line"] > 0 for m in graph.nodes[memray]["mentions"])
    assert stats.degree[memray] == graph.nodes[memray]["degree"] >= 2


def test_comentions_and_analytics_are_deterministic(examples_build):
    graph, _ = network_of(examples_build)
    co = comention_graph(graph)
    mutmut = next(n for n, d in co.nodes(data=True) if d["label"] == "mutmut")
    cosmic = next(n for n, d in co.nodes(data=True) if d["label"] == "cosmic-ray")
    assert co[mutmut][cosmic]["weight"] == 1
    again = entity_graph(examples_build.quads, examples_build.vocabulary_quads)
    assert analytics(again).community == analytics(again).community


def test_graphml_and_gexf_keep_attributes(examples_build):
    for name, reader in (("graph.graphml", nx.read_graphml), ("graph.gexf", nx.read_gexf)):
        read = reader(examples_build.out_dir / name)
        graph, _ = network_of(examples_build)
        assert read.number_of_nodes() == graph.number_of_nodes()
        some = next(iter(read.nodes(data=True)))[1]
        assert {"type", "label", "iri", "degree", "community"} <= set(some)


def test_analytics_are_in_the_exports(examples_build):
    quads = list(ox.parse(path=str(examples_build.out_dir / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    predicates = {q.predicate.value for q in quads if q.graph_name.value == "https://w3id.org/talkgraph/analytics"}
    assert predicates == {"https://w3id.org/talkgraph/ns#" + p for p in ("degree", "betweenness", "community")}


def test_page_escapes_note_text_and_large_mode():
    graph = nx.MultiDiGraph()
    graph.add_node(
        "x",
        type="resource",
        label="</script><script>alert(1)</script>",
        iri="x",
        aliases=[],
        links=[],
        properties={},
        mentions=[],
        degree=0,
    )
    page = render(graph)
    assert "</script><script>alert(1)" not in page
    assert "\\u003c/script\\u003e" in page
    big = nx.MultiDiGraph()
    for i in range(LARGE_GRAPH + 1):
        big.add_node(
            str(i), type="tool", label=f"t{i}", iri=str(i), aliases=[], links=[], mentions=[], degree=1, community=i % 7
        )
    data = page_data(big)
    assert data["large"] and all("x" in n and "y" in n for n in data["nodes"])


def test_analytics_are_recomputed_only_when_the_entity_graph_changes(tmp_path, monkeypatch):
    import shutil

    from graph import build

    network = sys.modules["graph.pipeline.network"]

    notes = tmp_path / "notes"
    shutil.copytree(EXAMPLES, notes)
    first = build(notes, tmp_path / "out", writers=["network"])
    calls = []
    real = network.analytics
    monkeypatch.setattr(network, "analytics", lambda g: calls.append(1) or real(g))
    again = build(notes, tmp_path / "out", writers=["network"])
    assert calls == [] and again.network[1].community == first.network[1].community
    note = notes / "2023-09-02-domain-driven-design-distilled.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nOn en reparlera avec memray.\n", encoding="utf-8")
    build(notes, tmp_path / "out", writers=["network"])
    assert calls == [1]


def test_sampled_betweenness_states_its_error():
    import networkx as nx

    from graph.network import analytics as compute
    from graph.network.analytics import BETWEENNESS_BUDGET

    big = nx.MultiDiGraph()
    n = 1200
    for i in range(n):
        big.add_node(f"n{i}", type="tool", label=f"t{i}")
    for i in range(n):
        for j in (1, 2, 3, 7, 11, 13, 17, 19, 23, 29, 31, 37):
            big.add_edge(f"n{i}", f"n{(i + j) % n}", key="mentions", type="mentions")
    exact = compute(big)
    assert exact.betweenness_sources == 0 and n * 14400 <= BETWEENNESS_BUDGET  # small enough to be exact
    module = sys.modules["graph.network.analytics"]
    original = module.BETWEENNESS_BUDGET
    module.BETWEENNESS_BUDGET = 100 * 14400  # force sampling: 100 sources
    try:
        sampled = compute(big)
    finally:
        module.BETWEENNESS_BUDGET = original
    assert sampled.betweenness_sources == 100 and 0 < sampled.betweenness_error < 0.2
    worst = max(abs(sampled.betweenness[k] - exact.betweenness[k]) for k in exact.betweenness)
    assert worst <= sampled.betweenness_error
    from graph.network import summary_lines

    assert not any(line.startswith("betweenness:") for line in summary_lines(exact))
    assert "betweenness: estimated from 100 sampled sources" in "\n".join(summary_lines(sampled))


def test_mentions_are_a_compact_table_read_as_dicts():
    """A node's mentions are a view of the graph's mention table: the dicts a list of them would hold,
    sorted by file, line and text, with permalinks and clips where the quads give them."""
    from graph.network import EntityGraphBuilder, Mentions

    builder = EntityGraphBuilder()
    builder.mention_rows = [
        ("t/a", "b.md", 3, "x", None, None, None),
        ("t/a", "a.md", 9, "y", "https://forge/a.md#L9", None, None),
        ("t/b", "a.md", 1, "z", None, "https://video", 42),
        ("t/a", "a.md", 2, "w", None, None, None),
    ]
    rows = builder.mention_rows
    builder.entities["t/a"].types.add("https://schema.org/SoftwareApplication")
    builder.entities["t/a"].labels.append("A")
    builder.entities["t/b"].types.add("https://schema.org/SoftwareApplication")
    builder.entities["t/b"].labels.append("B")
    builder.entities["t/c"].types.add("https://schema.org/SoftwareApplication")
    builder.entities["t/c"].labels.append("C")
    graph = builder.graph()
    a, b, c = (graph.nodes[n]["mentions"] for n in ("t/a", "t/b", "t/c"))
    assert isinstance(a, Mentions) and len(a) == 3 and len(c) == 0 and c == [] and not c
    assert a == [{"file": "a.md", "line": 2, "text": "w"},
                 {"file": "a.md", "line": 9, "text": "y", "permalink": "https://forge/a.md#L9"},
                 {"file": "b.md", "line": 3, "text": "x"}]
    assert a[-1] == a[2] == {"file": "b.md", "line": 3, "text": "x"} and a[1:] == list(a)[1:]
    assert b == [{"file": "a.md", "line": 1, "text": "z", "clip": {"url": "https://video", "start": 42}}]
    assert a != b and repr(c) == "[]" and len(rows) == 4


def test_merged_parts_give_the_graph_fed_whole(examples_build):
    """The build merges one part per note (minted in workers, cached): the mentions, merged in
    columns, and the nodes and edges are those of one builder fed every quad."""
    from graph.network import EntityGraphBuilder
    from graph.sparql.store import graph_quads

    store = examples_build.graph_store()
    whole = EntityGraphBuilder()
    merged = EntityGraphBuilder()
    for name in examples_build.note_graphs:
        quads = list(graph_quads(store, [name]))
        whole.feed(quads)
        part = EntityGraphBuilder()
        part.feed(quads)
        merged.merge(part)
    one, other = whole.graph(examples_build.vocabulary_quads), merged.graph(examples_build.vocabulary_quads)
    assert sorted(one.nodes) == sorted(other.nodes) and sorted(one.edges) == sorted(other.edges)
    assert len(merged.merged) == len(whole.merged) > 50
    for node in one.nodes:
        assert list(one.nodes[node]["mentions"]) == list(other.nodes[node]["mentions"])
    lines = [(m["file"], m["line"]) for n in other.nodes for m in other.nodes[n]["mentions"]]
    assert len(set(lines)) < len(lines)  # a line's mentions share its text's bytes
    assert len(merged.merged.texts) < sum(len(m["text"].encode()) for n in other.nodes
                                          for m in other.nodes[n]["mentions"])


def test_links_once_and_degrees_as_networkx_counts_them():
    """Links are deduplicated before they are added and degrees counted while linking: the
    same edges in the same order as one has_edge check per link gives, and graph.degree()."""
    from graph.network import EntityGraphBuilder

    builder = EntityGraphBuilder()
    for name, kind in (("n1", TG + "Note"), ("n2", TG + "Note"), ("t", SDO + "SoftwareApplication")):
        builder.entities[f"https://x.test/{name}"].types.add(kind)
        builder.entities[f"https://x.test/{name}"].labels.append(name)
    n1, n2, t = (f"https://x.test/{name}" for name in ("n1", "n2", "t"))
    builder.edges = [(n1, t, "mentions"), (n2, t, "about"), (n1, t, "mentions"), (n1, t, "about"), (t, t, "about"),
                     (n1, "https://x.test/unnamed", "mentions"), (n2, n1, "mentions")]
    graph = builder.graph()
    assert list(graph.edges(keys=True)) == [(n1, t, "mentions"), (n1, t, "about"), (n2, t, "about"),
                                            (n2, n1, "mentions")]
    assert {node: graph.nodes[node]["degree"] for node in graph} == dict(graph.degree()) == {n1: 3, n2: 2, t: 3}


def test_the_analytics_digest_reads_the_types_of_links():
    """Co-mentions count ``mentions`` and ``about`` links only: a link whose type changes (same
    ends) must not serve the analytics of the other graph."""
    from graph.pipeline.network import graph_digest

    def made(kind: str) -> nx.MultiDiGraph:
        graph = nx.MultiDiGraph()
        for node, kind_of in (("n", "note"), ("a", "tool"), ("b", "tool")):
            graph.add_node(node, type=kind_of, label=node.upper())
        graph.add_edge("n", "a", key="mentions", type="mentions")
        graph.add_edge("n", "b", key=kind, type=kind)
        return graph

    assert graph_digest(made("mentions")) != graph_digest(made("tag"))
    assert graph_digest(made("tag")) == graph_digest(made("tag"))


_PLOTLESS_CHECK = """
import sys
from graph.util.igraphs import load, without_plots
{opt_in}
igraph = load()
assert abs(igraph.Graph.Famous("Zachary").betweenness()[0] - 231.0714) < 1e-3
print("pyplot" if "matplotlib.pyplot" in sys.modules else "no pyplot")
import matplotlib.pyplot  # still importable afterwards, for the rest of the process
"""


def test_the_command_line_imports_igraph_without_matplotlib(tmp_path):
    """igraph imports matplotlib.pyplot when it is installed (~1 s a build); the CLI's process goes without.

    A library caller, who did not opt in, gets igraph as it is.
    """
    import importlib.util
    import subprocess

    if importlib.util.find_spec("matplotlib") is None:
        pytest.skip("matplotlib is not installed (the bench extra): igraph imports nothing to avoid")
    seen = []
    for opt_in in ("without_plots()", ""):
        ran = subprocess.run([sys.executable, "-c", _PLOTLESS_CHECK.format(opt_in=opt_in)],
                             capture_output=True, text=True, timeout=120)
        assert ran.returncode == 0, ran.stderr
        seen.append(ran.stdout.strip())
    assert seen == ["no pyplot", "pyplot"]


def test_a_mention_table_sorts_its_rows_by_entity_file_line_and_text():
    """As sorted() sorts the rows, ties kept in their order: texts of one line compared as strings
    (non-ASCII letters after ASCII ones, surrogates where their code points are), not as they were added."""
    rows = [("tool/b", "b.md", 3, "zeta", None, None, None), ("tool/b", "b.md", 3, "Äpfel", None, None, None),
            ("tool/b", "b.md", 3, "apple \udcff", "https://example.org/b#L3", None, None),
            ("tool/b", "b.md", 3, "apple \ud7ff", None, None, None), ("tool/a", "c.md", 1, "x", None, None, None),
            ("tool/b", "a.md", 9, "b", None, "https://example.org/v", 42),
            ("tool/b", "b.md", 3, "zeta", "p", None, None),
            ("tool/b", "b.md", 12, "later", None, None, None), ("tool/b", "b.md", 2, "earlier", None, None, None)]
    table = MentionTable.of(rows)
    expected = sorted(rows, key=lambda row: row[:4])
    got = [(entity, table.file_of(i), table.line_of(i), table.text_of(i)) for entity in ("tool/a", "tool/b")
           for i in range(*table.spans[entity])]
    assert got == [row[:4] for row in expected]
    assert [table.extra_of(i) for i in range(len(table))] == [
        None if row[4] is None and row[6] is None else row[4:] for row in expected]
    assert len(MentionTable.of([])) == 0


def test_the_shape_a_builder_gives_is_the_shape_of_its_graph(examples_build):
    """The analytics start from the builder's shape before the graph exists: it must be what
    ``Shape.of`` reads from that graph, and give the same figures and the same digest."""
    from graph.network import EntityGraphBuilder
    from graph.network.shape import Shape
    from graph.pipeline.network import graph_digest
    from graph.sparql.store import graph_quads

    builder = EntityGraphBuilder()
    builder.feed(graph_quads(examples_build.graph_store(), examples_build.note_graphs))
    shape = builder.shape(examples_build.vocabulary_quads)
    graph = builder.graph()
    assert builder.shape() is shape  # made once
    read = Shape.of(graph)
    assert list(shape.nodes.items()) == list(read.nodes.items())
    assert [(n, {t: list(k) for t, k in ts.items()}) for n, ts in read.succ().items()] == list(shape.succ().items())
    assert sorted(shape.links()) == sorted(read.links()) and len(list(shape.links())) == graph.number_of_edges() > 20
    assert analytics(shape) == analytics(graph)
    apart = analytics(shape, comentions=False)  # the build finds the strongest pairs while the rest is computed
    assert apart.strongest == [] and replace(apart, strongest=analytics(graph).strongest) == analytics(graph)
    assert graph_digest(shape) == graph_digest(graph)


def test_what_is_fed_after_the_shape_is_made_is_in_the_graph():
    from graph.network import EntityGraphBuilder

    builder = EntityGraphBuilder()
    note, tool = ox.NamedNode("https://x.test/note/a"), ox.NamedNode("https://x.test/tool/b")
    a = ox.NamedNode(RDF + "type")
    builder.feed([ox.Quad(note, a, ox.NamedNode(TG + "Note"), ox.DefaultGraph())])
    assert list(builder.shape().nodes) == [note.value]
    builder.feed([ox.Quad(tool, a, ox.NamedNode(SDO + "SoftwareApplication"), ox.DefaultGraph()),
                  ox.Quad(tool, ox.NamedNode(SDO + "name"), ox.Literal("b"), ox.DefaultGraph()),
                  ox.Quad(note, ox.NamedNode(SDO + "mentions"), tool, ox.DefaultGraph())])
    graph = builder.graph()
    assert sorted(graph.nodes) == [note.value, tool.value] and list(graph.edges(keys=True)) == [
        (note.value, tool.value, "mentions")]


def test_compact_parts_append_the_columns_their_rows_give():
    """A minted note's part keeps its mentions in columns (compact), and merging appends them whole: the
    same numbers, texts, shared bytes and permalinks as merging the parts' rows one by one."""
    from graph.network import EntityGraphBuilder

    parts = [
        [("tool/a", "x.md", 3, "uses a and b", None, None, None),
         ("tool/b", "x.md", 3, "uses a and b", "https://forge/x.md#L3", None, None),
         ("tool/a", "x.md", 7, "a again", None, "https://video", 12)],
        [],
        [("tool/c", "y.md", 1, "c", None, None, None),
         ("tool/a", "y.md", 2, "a and c", None, None, None),
         ("tool/c", "y.md", 2, "a and c", None, None, None)],
    ]
    by_rows, by_columns = EntityGraphBuilder(), EntityGraphBuilder()
    for rows in parts:
        plain, compact = EntityGraphBuilder(), EntityGraphBuilder()
        plain.add_mentions(rows)
        compact.add_mentions(rows)
        compact.compact()
        assert compact.mention_rows == [] and (compact.merged is None) == (not rows)
        by_rows.merge(plain)
        by_columns.merge(compact)
    one, other = by_rows.merged, by_columns.merged
    for column in ("entities", "files", "entity", "file", "line", "texts", "offset", "size", "extra"):
        assert getattr(one, column) == getattr(other, column), column
    assert [other.text(row) for row in range(len(other))] == [row[3] for rows in parts for row in rows]
    assert other.extra == {1: ("https://forge/x.md#L3", None, None), 2: (None, "https://video", 12)}


def test_compact_parts_merge_into_the_graph_of_plain_parts(examples_build):
    """Every minted note's part is compact (its entities as tuples, its mentions in columns): merged, they
    give the very graph that plain parts give, node attributes, links and their order included."""
    from graph.network import EntityGraphBuilder
    from graph.sparql.store import graph_quads

    store = examples_build.graph_store()
    plain, compact = EntityGraphBuilder(), EntityGraphBuilder()
    for name in examples_build.note_graphs:
        quads = list(graph_quads(store, [name]))
        for into, squeeze in ((plain, False), (compact, True)):
            part = EntityGraphBuilder()
            part.feed(quads)
            if squeeze:
                part.compact()
                assert part.packed and not part.entities
            into.merge(part)
    one, other = plain.graph(examples_build.vocabulary_quads), compact.graph(examples_build.vocabulary_quads)
    assert list(one.nodes(data=True)) == list(other.nodes(data=True))
    assert list(one.edges(keys=True, data=True)) == list(other.edges(keys=True, data=True))
