"""A graph's N-Quads and TriG made from its terms' text are Oxigraph's own serialisation, byte for byte."""

import pyoxigraph as ox

from graph.rdf.namespaces import prefixes
from graph.rdf.text import affix_forms, graph_text, strip_prefixes, term_forms

BASE = "https://w3id.org/talkgraph/id/"
NOTE = ox.NamedNode(BASE + "note/2024-01-02-awkward")
TG = "https://w3id.org/talkgraph/ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _awkward_quads() -> list[ox.Quad]:
    type_, text, line = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(TG + "text"), \
        ox.NamedNode(TG + "line")
    mention = ox.NamedNode(NOTE.value + "#L3.1")
    values = [ox.Literal('a "quoted"\nline\tand \\ back'), ox.Literal("é ✓ \u0001"), ox.Literal("x", language="fr"),
              ox.Literal("12", datatype=ox.NamedNode(XSD + "integer")),
              ox.Literal("0.5", datatype=ox.NamedNode(XSD + "decimal")),
              ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")), ox.NamedNode("https://example.org/a%20b"),
              ox.NamedNode(BASE + "tag/a/b(c)")]
    quads = [ox.Quad(NOTE, type_, ox.NamedNode(TG + "Note"), NOTE), ox.Quad(NOTE, text, values[0], NOTE)]
    quads += [ox.Quad(NOTE, text, value, NOTE) for value in values[1:3]]  # the same subject and predicate: ","
    quads += [ox.Quad(mention, type_, ox.NamedNode(TG + "Mention"), NOTE), ox.Quad(mention, line, values[3], NOTE)]
    quads += [ox.Quad(mention, text, value, NOTE) for value in values[4:]]
    quads.append(ox.Quad(NOTE, text, values[0], NOTE))  # back to a subject seen before: a new statement
    return quads


def test_text_after_any_head_is_oxigraphs_serialisation():
    quads, names = _awkward_quads(), prefixes(BASE)
    whole = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    trig = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=names)
    block = strip_prefixes(trig)
    for cut in range(1, len(quads)):
        lines = [(str(q.subject), str(q.predicate), str(q.object)) for q in quads[cut:]]
        assert graph_text(NOTE, quads[:cut], lines, names) == (whole, block), cut


def test_forms_and_affixes_follow_oxigraph():
    names = prefixes(BASE)
    forms = term_forms({f"<{NOTE.value}#L3.1>", '"12"^^<http://www.w3.org/2001/XMLSchema#integer>'}, names,
                       predicate=False)
    assert forms == {f"<{NOTE.value}#L3.1>": "note:2024-01-02-awkward\\#L3.1",
                     '"12"^^<http://www.w3.org/2001/XMLSchema#integer>': "12"}
    assert term_forms({"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"}, names, predicate=True) == {
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>": "a"}
    before, after = affix_forms(f"<{NOTE.value}#L", names)
    assert (before, after) == ("note:2024-01-02-awkward\\#L", "")
    assert graph_text(NOTE, [], [], names) is None  # no head to continue: the caller serialises
