"""The streaming JSON-LD writer: compact with the project's context, and exactly the input triples."""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import rdflib

from graph.rdf.jsonld import Compactor, write_jsonld
from graph.util.resources import schema_file

CONTEXT = json.loads(schema_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
S, TG, XSD = "https://schema.org/", "https://w3id.org/talkgraph/ns#", "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _roundtrip(triples: list[ox.Triple]) -> tuple[str, set, set]:
    out = io.StringIO()
    write_jsonld(triples, CONTEXT, out)
    text = out.getvalue()
    by_oxigraph = _triples(ox.parse(text.encode(), format=ox.RdfFormat.JSON_LD))
    graph = rdflib.Graph().parse(data=text, format="json-ld")
    by_rdflib = {tuple(term.n3() for term in triple) for triple in graph}
    return text, by_oxigraph, by_rdflib


def _triples(quads) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}


def test_awkward_values_survive_compaction():
    a = ox.NamedNode("https://w3id.org/talkgraph/id/talk/x/a")
    tool = ox.NamedNode("https://w3id.org/talkgraph/tool/memray")
    triples = [
        ox.Triple(a, RDF_TYPE, ox.NamedNode(TG + "Talk")),
        ox.Triple(a, RDF_TYPE, ox.NamedNode(S + "Event")),
        ox.Triple(a, RDF_TYPE, ox.NamedNode("https://example.org/OtherClass")),
        ox.Triple(a, ox.NamedNode(S + "name"), ox.Literal('Quotes " and \\ and <script>')),
        ox.Triple(a, ox.NamedNode(S + "name"), ox.Literal("Profiler", language="fr")),
        ox.Triple(a, ox.NamedNode(S + "url"), ox.NamedNode("https://example.org/talk?x=1&y=2#frag")),
        ox.Triple(a, ox.NamedNode(S + "url"), ox.Literal("not an IRI, kept as text")),  # term coerced to @id
        ox.Triple(a, ox.NamedNode(S + "duration"), ox.Literal("PT30M", datatype=ox.NamedNode(XSD + "duration"))),
        ox.Triple(a, ox.NamedNode(S + "duration"), ox.Literal("30 min")),  # not of the coerced datatype
        ox.Triple(a, ox.NamedNode(TG + "attended"), ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),
        ox.Triple(a, ox.NamedNode(TG + "line"), ox.Literal("27", datatype=ox.NamedNode(XSD + "integer"))),
        ox.Triple(a, ox.NamedNode(S + "startDate"), ox.Literal("2023-02", datatype=ox.NamedNode(XSD + "gYearMonth"))),
        ox.Triple(a, ox.NamedNode(S + "mentions"), tool),
        ox.Triple(a, ox.NamedNode(S + "inLanguage"), ox.NamedNode("https://example.org/en")),  # IRI on a plain term
        ox.Triple(a, ox.NamedNode("https://example.org/unknown#p"), ox.Literal("x")),
        ox.Triple(tool, ox.NamedNode(S + "name"), ox.Literal("memray")),
        ox.Triple(a, ox.NamedNode(S + "about"), ox.BlankNode("b0")),
    ]
    text, by_oxigraph, by_rdflib = _roundtrip(triples)
    expected = {t for t in triples if not isinstance(t.object, ox.BlankNode)}
    assert {t for t in by_oxigraph if not isinstance(t.object, ox.BlankNode)} == expected
    assert len(by_oxigraph) == len(triples)
    assert len(by_rdflib) == len(triples)
    assert '"@type":["Talk","Event","https://example.org/OtherClass"]' in text
    assert '"mentions":"tool:memray"' in text
    assert '"duration":["PT30M"' in text or '"duration":"PT30M"' in text


def test_build_jsonld_holds_exactly_the_union_graph(examples_build):
    expected = _triples(ox.parse(path=str(examples_build.out_dir / "graph.nt"), format=ox.RdfFormat.N_TRIPLES))
    parsed = _triples(ox.parse(path=str(examples_build.out_dir / "graph.jsonld"), format=ox.RdfFormat.JSON_LD))
    assert parsed == expected
    assert len(expected) > 500


def test_compact_iris_prefer_the_longest_namespace():
    compactor = Compactor({"a": "https://x.example/", "b": "https://x.example/deep/"})
    assert compactor.iri("https://x.example/deep/thing") == "b:thing"
    assert compactor.iri("https://x.example/thing") == "a:thing"
    assert compactor.iri("https://other.example/thing") == "https://other.example/thing"


def test_literals_read_from_ntriples_text_keep_every_character():
    """Values are sliced out of Oxigraph's N-Triples lines: each of its escapes, and what it leaves raw, comes back."""
    a = ox.NamedNode("https://w3id.org/talkgraph/id/talk/x/a")
    values = ['tab\tnew\nline\rcr', 'quote " back \\ slash', "bell \x07 nul \x00 del \x7f esc \x1b",
              "separators \u2028 \u2029 next \x85 unit \x1f", "astral 𝔘 😀 and é", "ends with \\"]
    triples = [ox.Triple(a, ox.NamedNode(S + "name"), ox.Literal(v)) for v in values]
    triples.append(ox.Triple(a, ox.NamedNode(S + "description"), ox.Literal('fr "x"\n', language="fr")))
    triples.append(ox.Triple(a, ox.NamedNode(TG + "line"), ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))))
    text, by_oxigraph, _ = _roundtrip(triples)
    assert by_oxigraph == set(triples)
    node = json.loads(text)["@graph"][0]
    assert sorted(node["name"]) == sorted(values)
    assert node["description"] == {"@value": 'fr "x"\n', "@language": "fr"}
    assert node["line"] == "7"
