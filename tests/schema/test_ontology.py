"""The ontology declares and documents every term the build emits."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from graph.extract.vocab import load_vocabulary

ROOT = Path(__file__).resolve().parents[2]
TG = rdflib.Namespace("https://w3id.org/talkgraph/ns#")


def test_every_term_the_build_emits_is_declared_and_documented():
    ontology = rdflib.Graph().parse(ROOT / "schema" / "ontology.ttl", format="turtle")
    sources = [path.read_text() for path in (ROOT / "graph" / "rdf").glob("*.py")]
    used = {term for text in sources for term in re.findall(r"\bT\.(\w+)", text)}
    assert len(used) > 20
    for local in sorted(used):
        term = TG[local]
        assert (term, RDF.type, None) in ontology, f"tg:{local} is not declared"
        assert ontology.value(term, RDFS.label), f"tg:{local} has no label"
        assert ontology.value(term, RDFS.comment), f"tg:{local} has no comment"
        if (term, RDF.type, OWL.Class) not in ontology and local != "invalidIri":
            assert ontology.value(term, RDFS.domain) or ontology.value(term, RDFS.range), f"tg:{local}"


def test_ontology_parses_in_both_libraries_to_the_same_count():
    path = ROOT / "schema" / "ontology.ttl"
    assert len(rdflib.Graph().parse(path, format="turtle")) == sum(
        1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    )


def test_vocabulary_lookups():
    vocab = load_vocabulary()
    assert vocab.tool_for_name("Postgres").name == "PostgreSQL"
    assert vocab.tool_for_name("asv").name == "airspeed velocity"
    assert vocab.tool_for_name("GDAL/OGR").name == "GDAL"
    assert [vocab.tool_for_name(n).name for n in ("C++", "c#", "C")] == ["C++", "C#", "C"]
    assert vocab.tool_for_url("https://mutmut.readthedocs.io/en/latest/").name == "mutmut"
    assert vocab.tool_for_url("https://github.com/pytest-dev/pytest").name == "pytest"
    assert vocab.tool_for_url("https://pypi.org/project/memray/").name == "memray"
    assert vocab.tool_for_url("https://docs.python.org/3/library/abc.html#abc.ABCMeta").name == "abc"
    assert vocab.tool_for_url("https://docs.python.org/3/c-api/init.html").name == "Python/C API"
    assert vocab.tool_for_url("https://docs.python.org/3/tutorial/").name == "Python"  # a language's own pages
    assert vocab.tool_for_url("https://docs.astral.sh/uv/guides/").name == "uv"  # not Ruff, its neighbour
    assert vocab.tool_for_url("https://doc.rust-lang.org/std/rc/index.html").name == "Rust"
    assert vocab.tool_for_url("https://doc.rust-lang.org/cargo/guide/").name == "Cargo"
    assert vocab.tool_for_url("https://learn.microsoft.com/en-us/azure/") is None  # a vendor's docs host
    assert vocab.tool_for_url("https://www.youtube.com/watch?v=x") is None
    assert vocab.topic_for_label("tests de mutation").id == "mutation-testing"
    assert vocab.topic_for_label("architecture-hexagonale").id == "hexagonal-architecture"


def test_every_new_term_has_a_shape_and_a_context_entry():
    shapes = (ROOT / "schema" / "shapes.ttl").read_text(encoding="utf-8")
    context = (ROOT / "schema" / "context.jsonld").read_text(encoding="utf-8")
    for term in ("tg:TopicNote", "schema:Clip", "tg:clip", "tg:permalink", "schema:isPartOf", "schema:startOffset",
                 "tg:mentionCount", "tg:noteCount"):
        assert term in shapes, f"{term} has no SHACL shape"
        assert f'"{term}"' in context or f'"@id": "{term}"' in context, f"{term} has no JSON-LD context entry"
