"""OUT/store's default graph: the union of its named graphs, each triple once, kept so graph by graph."""

from __future__ import annotations

import json

import pyoxigraph as ox

from graph.sparql.query import execute
from graph.sparql.store import STATE_FILE, StoreWriter, has_union, named_quads, open_store, union_triples

BASE = "https://example.org/"
ALICE, NAME, TALK = ox.NamedNode(f"{BASE}person/alice"), ox.NamedNode("https://schema.org/name"), ox.NamedNode(
    "https://schema.org/performer")


def note(name: str, *triples: tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]) -> list[ox.Quad]:
    return [ox.Quad(s, p, o, ox.NamedNode(f"{BASE}note/{name}")) for s, p, o in triples]


def talk(name: str) -> tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode]:
    return ox.NamedNode(f"{BASE}talk/{name}"), TALK, ALICE


ALICE_NAMED = (ALICE, NAME, ox.Literal("Alice"))


def write(out, graphs: dict[str, list[ox.Quad]]) -> ox.Store:
    writer = StoreWriter(out, BASE)
    for name, quads in graphs.items():
        writer.put(f"{BASE}note/{name}", quads)
    writer.finish()
    writer.commit()
    return open_store(out)


def default_triples(store: ox.Store) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]


def test_the_default_graph_holds_each_triple_of_the_named_graphs_once(tmp_path):
    store = write(tmp_path, {"a": note("a", ALICE_NAMED, talk("a")), "b": note("b", ALICE_NAMED, talk("b"))})
    union = default_triples(store)
    assert len(union) == len(set(union)) == 3
    assert set(union) == set(union_triples(store))
    assert len(list(named_quads(store))) == 4
    assert has_union(tmp_path)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?p <https://schema.org/name> ?name }"
    in_graphs = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p <https://schema.org/name> ?name } }"
    assert [s["n"].value for s in execute(store, count, {})] == ["1"]
    assert [s["n"].value for s in execute(store, in_graphs, {})] == ["2"]  # what Oxigraph's union default graph gives


def test_a_triple_leaves_the_union_when_no_graph_states_it_any_longer(tmp_path):
    write(tmp_path, {"a": note("a", ALICE_NAMED, talk("a")), "b": note("b", ALICE_NAMED, talk("b"))})
    # b no longer names Alice, but a still does: her name stays; b's talk changes
    store = write(tmp_path, {"a": note("a", ALICE_NAMED, talk("a")), "b": note("b", talk("b2"))})
    assert set(default_triples(store)) == set(union_triples(store))
    assert ox.Triple(*ALICE_NAMED) in set(default_triples(store))
    assert ox.Triple(*talk("b")) not in set(default_triples(store))
    del store
    # a is deleted: the last graph naming Alice is gone, and her name with it
    store = write(tmp_path, {"b": note("b", talk("b2"))})
    assert default_triples(store) == [ox.Triple(*talk("b2"))]


def test_a_store_without_the_union_is_rebuilt_whole(tmp_path):
    write(tmp_path, {"a": note("a", ALICE_NAMED), "b": note("b", talk("b"))})
    state = json.loads((tmp_path / STATE_FILE).read_text())
    del state["union"]  # as written by a build made before the default graph held the union
    (tmp_path / STATE_FILE).write_text(json.dumps(state))
    assert not has_union(tmp_path)
    store = open_store(tmp_path, read_only=False)
    store.remove_graph(ox.DefaultGraph())
    del store
    store = write(tmp_path, {"a": note("a", ALICE_NAMED), "b": note("b", talk("b"))})
    assert set(default_triples(store)) == {ox.Triple(*ALICE_NAMED), ox.Triple(*talk("b"))}


def test_a_graphs_nquads_become_the_unions_ntriples_even_when_a_literal_quotes_the_graph():
    from graph.sparql.store import _as_ntriples

    g = "https://example.org/note/a"
    quads = [
        ox.Quad(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"),
                ox.Literal(f"ends with <{g}> .\nand more"), ox.NamedNode(g)),
        ox.Quad(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/q"),
                ox.NamedNode(g), ox.NamedNode(g)),
    ]
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    def triples(ntriples: bytes) -> set:
        return {(q.subject, q.predicate, q.object) for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)}

    expected = {(q.subject, q.predicate, q.object) for q in quads}
    assert triples(_as_ntriples(data, g)) == expected
    # bytes of another graph (or written otherwise) are parsed rather than cut
    assert triples(_as_ntriples(data, "https://example.org/note/b")) == expected


ENTITY = ox.NamedNode("https://w3id.org/talkgraph/ns#entity")
PYTEST, MEMRAY, RUFF = (ox.NamedNode(f"{BASE}tool/{name}") for name in ("pytest", "memray", "ruff"))
COUNTS = """SELECT ?entity ?mentions ?notes WHERE {
  ?entity <https://w3id.org/talkgraph/ns#mentionCount> ?mentions ; <https://w3id.org/talkgraph/ns#noteCount> ?notes
}"""


def mentions(name: str, *tools: ox.NamedNode) -> list[ox.Quad]:
    return note(name, *((ox.NamedNode(f"{BASE}mention/{name}/{i}"), ENTITY, tool) for i, tool in enumerate(tools)))


def counts(store: ox.Store) -> dict[str, tuple[int, int]]:
    return {row["entity"].value.rsplit("/", 1)[-1]: (int(row["mentions"].value), int(row["notes"].value))
            for row in execute(store, COUNTS, {})}


def test_mention_counts_follow_each_rebuild_as_a_fresh_count_would(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "fresh").mkdir()
    corpus = {"a": mentions("a", PYTEST, PYTEST, MEMRAY), "b": mentions("b", PYTEST), "c": mentions("c", MEMRAY)}
    assert counts(write(tmp_path / "out", corpus)) == {"pytest": (3, 2), "memray": (2, 2)}
    # b now names memray instead of pytest, c is deleted, d is new: only their entities are counted again
    edited = {"a": corpus["a"], "b": mentions("b", MEMRAY), "d": mentions("d", RUFF)}
    again = counts(write(tmp_path / "out", edited))
    assert again == counts(write(tmp_path / "fresh", edited)) == {"pytest": (2, 1), "memray": (2, 2), "ruff": (1, 1)}
    # a note that stops naming a tool at all takes its counts with it
    assert counts(write(tmp_path / "out", {"a": mentions("a", MEMRAY)})) == {"memray": (1, 1)}


def test_many_changed_graphs_are_counted_in_one_pass(tmp_path):
    from graph.sparql.store import RECOUNT_GRAPHS

    write(tmp_path, {"a": mentions("a", PYTEST)})
    many = {f"n{i}": mentions(f"n{i}", PYTEST if i % 2 else MEMRAY) for i in range(RECOUNT_GRAPHS + 1)}
    half = (RECOUNT_GRAPHS + 1) // 2
    assert counts(write(tmp_path, many)) == {"pytest": (half, half), "memray": (RECOUNT_GRAPHS + 1 - half,) * 2}


def test_a_write_that_fails_in_the_background_is_raised_and_leaves_the_last_store(tmp_path):
    write(tmp_path, {"a": note("a", ALICE_NAMED)})
    writer = StoreWriter(tmp_path, BASE)
    writer.put_nquads(f"{BASE}note/b", b"<broken> <quad\n", "0" * 32)
    writer.put(f"{BASE}note/c", note("c", talk("c")))  # into the work copy only: gone with the abort
    writer.finish()
    try:
        writer.commit()
    except SyntaxError:
        writer.abort()
    else:
        raise AssertionError("the broken batch was not reported")
    store = open_store(tmp_path)
    assert default_triples(store) == [ox.Triple(*ALICE_NAMED)]
    assert not list(tmp_path.glob(".store.tmp-*"))


def test_writes_queued_in_the_background_are_applied_in_order(tmp_path):
    writer = StoreWriter(tmp_path, BASE)
    for index in range(30):  # each graph replaces nothing; graph 7 is then put again, changed
        writer.put(f"{BASE}note/{index}", note(str(index), talk(str(index))))
    writer.finish()
    writer.commit()
    writer = StoreWriter(tmp_path, BASE)
    for index in range(30):
        writer.put(f"{BASE}note/{index}", note(str(index), talk("seven" if index == 7 else str(index))))
    writer.finish()
    writer.wait()
    writer.commit()
    store = open_store(tmp_path)
    assert ox.Triple(*talk("seven")) in set(default_triples(store))
    assert ox.Triple(*talk("7")) not in set(default_triples(store))
    assert len(default_triples(store)) == 30


def write_nquads(out, graphs: dict[str, list[ox.Quad]]) -> ox.Store:
    """As a build writes them: each graph as N-Quads bytes with its digest (a replaced graph: its difference only)."""
    from graph.sparql.store import graph_digest

    writer = StoreWriter(out, BASE)
    for name, quads in graphs.items():
        writer.put_nquads(f"{BASE}note/{name}", ox.serialize(quads, format=ox.RdfFormat.N_QUADS), graph_digest(quads))
    writer.finish()
    writer.commit()
    return open_store(out)


def test_a_graph_replaced_by_its_difference_holds_what_a_fresh_store_holds(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "fresh").mkdir()
    bob = (ox.NamedNode(f"{BASE}person/bob"), NAME, ox.Literal("Bob"))
    first = {"a": note("a", ALICE_NAMED, talk("a")), "b": note("b", ALICE_NAMED, bob, talk("b"))}
    write_nquads(tmp_path / "out", first)
    # b drops Alice (a still names her) and Bob (no one else does), keeps its talk, adds another
    again = {"a": note("a", ALICE_NAMED, talk("a")), "b": note("b", talk("b"), talk("b2"))}
    store = write_nquads(tmp_path / "out", again)
    fresh = write_nquads(tmp_path / "fresh", again)
    assert set(store) == set(fresh)
    assert set(default_triples(store)) == set(union_triples(store))
    assert ox.Triple(*ALICE_NAMED) in set(default_triples(store)) and ox.Triple(*bob) not in set(default_triples(store))
    assert not [g for g in store.named_graphs() if "replaced" in g.value]


def test_a_store_written_by_its_own_process_holds_what_a_thread_writes(tmp_path):
    """Large builds write the store in a process of their own, small ones in a thread: the same store either way."""
    bob = (ox.NamedNode(f"{BASE}person/bob"), NAME, ox.Literal("Bob"))
    rounds = [{"a": note("a", ALICE_NAMED, talk("a")), "b": note("b", ALICE_NAMED, bob, talk("b"))},
              {"a": note("a", ALICE_NAMED, talk("a")), "c": note("c", bob, talk("c"))}]  # b removed, c added
    stores = {}
    for process in (True, False):
        out = tmp_path / str(process)
        out.mkdir()
        for graphs in rounds:
            writer = StoreWriter(out, BASE, process=process)
            for name, quads in graphs.items():
                writer.put(f"{BASE}note/{name}", quads)
            writer.finish()
            writer.commit()
        stores[process] = set(open_store(out))
        assert not list(out.glob(".store.tmp-*"))
    assert stores[True] == stores[False]
    assert ox.Quad(*talk("b"), ox.NamedNode(f"{BASE}note/b")) not in stores[True]


_UNGUARDED_SCRIPT = """
import sys
import pyoxigraph as ox
from graph.sparql.store import StoreWriter
# no `if __name__ == "__main__":`: spawn would run this again in the store's process
writer = StoreWriter(sys.argv[1], "https://example.org/", process=True)
graph = ox.NamedNode("https://example.org/note/a")
writer.put(graph.value, [ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://schema.org/name"),
                                 ox.Literal("A"), graph)])
writer.finish()
writer.commit()
print("committed")
"""


def test_a_script_without_a_main_guard_can_write_the_store_in_its_own_process(tmp_path):
    """A caller's plain script (no main guard) is not run again in the store's process."""
    import subprocess
    import sys

    out = tmp_path / "out"
    out.mkdir()
    script = tmp_path / "unguarded.py"
    script.write_text(_UNGUARDED_SCRIPT, encoding="utf-8")
    ran = subprocess.run([sys.executable, str(script), str(out)], capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0 and ran.stdout.count("committed") == 1, ran.stderr
    assert {quad.graph_name for quad in open_store(out)} == {ox.NamedNode("https://example.org/note/a"),
                                                            ox.DefaultGraph()}  # the graph and the union
