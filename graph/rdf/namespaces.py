"""The namespaces of the data model and the prefixes every export uses."""

from __future__ import annotations

import pyoxigraph as ox

TG = "https://w3id.org/talkgraph/ns#"
SDO = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"
TOOL = "https://w3id.org/talkgraph/tool/"
TOPIC = "https://w3id.org/talkgraph/topic/"
CATEGORY = "https://w3id.org/talkgraph/category/"

DEFAULT_BASE = "https://w3id.org/talkgraph/id/"
ONTOLOGY_GRAPH = "https://w3id.org/talkgraph/ns"
VOCABULARY_GRAPH = "https://w3id.org/talkgraph/vocabulary"

PREFIXES = {
    "tg": TG,
    "schema": SDO,
    "skos": SKOS,
    "xsd": XSD,
    "rdf": RDF,
    "rdfs": RDFS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "owl": OWL,
    "tool": TOOL,
    "topic": TOPIC,
    "cat": CATEGORY,
}


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """Export prefixes, with the data namespaces under the build's base IRI."""
    return {**PREFIXES, "note": base + "note/", "talk": base + "talk/", "agent": base + "agent/", "tag": base + "tag/"}


def sparql_prologue(base: str = DEFAULT_BASE) -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes(base).items())


class _Terms:
    """Attribute access to predicate/class terms: ``S.name`` -> NamedNode(schema:name)."""

    def __init__(self, namespace: str):
        self._ns = namespace
        self._cache: dict[str, ox.NamedNode] = {}

    def __getattr__(self, local: str) -> ox.NamedNode:
        term = self._cache.get(local)
        if term is None:
            term = self._cache[local] = ox.NamedNode(self._ns + local)
        return term


T = _Terms(TG)
S = _Terms(SDO)
K = _Terms(SKOS)
X = _Terms(XSD)
R = _Terms(RDF)
P = _Terms(PROV)
