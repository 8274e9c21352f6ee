"""One note's graph as text: the N-Quads and TriG bytes say the same quads."""

import pyoxigraph as ox

from graph.extract import extract_note
from graph.extract.context import NoteContext
from graph.extract.folders import folder_name_event
from graph.extract.vocab import vocabulary
from graph.notes import parse_note
from graph.rdf.iris import Minter, resolve_agents
from graph.rdf.namespaces import prefixes
from graph.rdf.triples import note_graph

from ..conftest import EXAMPLES


def test_a_note_graph_parses_into_the_same_quads_from_either_text():
    path = EXAMPLES / "2024-10-12-pycon-demo-lyon.md"
    record = extract_note(parse_note(path.name, path.read_text(encoding="utf-8")))
    minter = Minter()
    spaces = prefixes(minter.base)
    graph = note_graph(record, minter, resolve_agents([record]), vocabulary(), prefixes=spaces)
    quads = graph.parsed()
    assert len(quads) == graph.count > 100
    assert {q.graph_name.value for q in quads} == {graph.name}
    head = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in spaces.items()).encode()
    assert set(ox.parse(head + graph.trig, format=ox.RdfFormat.TRIG)) == set(quads)


def test_a_talk_keeps_its_heading_as_written_as_an_alternate_name():
    text = "# DataConf 2025\n\n## Keynote: The Cost of Free Data — Ines Varga (Open Data Institute)\n\n- x\n"
    context = NoteContext(event=folder_name_event("dataconf-2025"))
    record = extract_note(parse_note("dataconf-2025/day.md", text), context)
    minter = Minter()
    quads = note_graph(record, minter, resolve_agents([record]), vocabulary(), prefixes=prefixes(minter.base)).parsed()
    names = {(q.predicate.value.rsplit("/", 1)[-1], q.object.value) for q in quads
             if "/talk/" in q.subject.value and q.predicate.value.endswith(("/name", "/alternateName"))}
    assert names == {("name", "The Cost of Free Data"), ("alternateName", "Keynote: The Cost of Free Data")}
