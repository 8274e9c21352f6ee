"""The union stream's reuse of the last build's union.nt: copied only where it cannot differ."""

from __future__ import annotations

import pyoxigraph as ox

from graph.outputs.fragment import Fragment
from graph.outputs.registry import WriterContext
from graph.outputs.streams import UnionStream
from graph.rdf.namespaces import prefixes

BASE = "https://w3id.org/talkgraph/id/"
NAME = "https://schema.org/name"


def fragment(note: str, *shared: str, title: str = "") -> Fragment:
    """A note's graph: its own title, and one triple about each shared person named."""
    graph = ox.NamedNode(f"{BASE}note/{note}")
    quads = [ox.Quad(graph, ox.NamedNode(NAME), ox.Literal(title or f"note {note}"), graph)]
    quads += [ox.Quad(ox.NamedNode(f"{BASE}agent/{person}"), ox.NamedNode(NAME), ox.Literal(person), graph)
              for person in shared]
    return Fragment.of(graph.value, quads, prefixes(BASE))


class Counting(UnionStream):
    filtered: list[str]

    def _filtered(self, item):
        self.filtered.append(item.name.rsplit("/", 1)[-1])
        return super()._filtered(item)


def stream(out, fragments) -> tuple[bytes, list[str]]:
    """Stream the fragments into OUT's union.nt; its bytes and the graphs filtered anew (not copied)."""
    union = Counting(WriterContext(out_dir=out, notes_dir=out, base=BASE))
    union.filtered = []
    for item in fragments:
        union.graph(item)
    path, _ = union.close()
    return path.read_bytes(), union.filtered


def test_unchanged_graphs_are_copied_and_the_bytes_are_a_fresh_stream_s(tmp_path):
    notes = [fragment("a", "ada"), fragment("b", "ada", "bob"), fragment("c", "bob")]
    first, filtered = stream(tmp_path / "out", notes)
    assert filtered == ["a", "b", "c"] and first.count(b"agent/ada") == 1
    again, filtered = stream(tmp_path / "out", notes)
    assert again == first and filtered == []
    notes[1] = fragment("b", "ada", "bob", title="edited")  # same shared lines, another graph: c stays copied
    again, filtered = stream(tmp_path / "out", notes)
    assert filtered == ["b"] and again == stream(tmp_path / "fresh", notes)[0]


def test_a_graph_that_drops_a_shared_line_makes_the_next_ones_write_it(tmp_path):
    """c's line about bob was a repeat of b's; once b no longer names bob, c must write it: not copied."""
    notes = [fragment("a"), fragment("b", "bob"), fragment("c", "bob")]
    stream(tmp_path / "out", notes)
    notes[1] = fragment("b")
    again, filtered = stream(tmp_path / "out", notes)
    assert filtered == ["b", "c"] and again.count(b"agent/bob") == 1
    assert again == stream(tmp_path / "fresh", notes)[0]


def test_a_deleted_graph_and_a_changed_file_are_never_copied(tmp_path):
    notes = [fragment("a", "ada"), fragment("b", "ada"), fragment("c")]
    stream(tmp_path / "out", notes)
    again, filtered = stream(tmp_path / "out", [notes[0], notes[2]])
    assert filtered == ["c"] and b"note/b" not in again
    assert again == stream(tmp_path / "fresh", [notes[0], notes[2]])[0]
    union = tmp_path / "out" / ".cache" / "union.nt"
    union.write_bytes(union.read_bytes().replace(b"note a", b"note A"))  # the file no longer is the one indexed
    again, filtered = stream(tmp_path / "out", [notes[0], notes[2]])
    assert filtered == ["a", "c"] and b"note A" not in again
