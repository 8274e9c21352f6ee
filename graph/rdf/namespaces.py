"""The namespaces of the data model and the prefixes every export uses."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from .terms import TERMS as TG_TERMS

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
    return {
        **PREFIXES,
        "note": base + "note/",
        "talk": base + "talk/",
        "agent": base + "agent/",
        "tag": base + "tag/",
        "event": base + "event/",
    }


class ClosedNamespace:
    """Attribute access to the terms of one namespace: ``S.name`` -> NamedNode(schema:name).

    Closed, like rdflib's ``DefinedNamespace``: a local name outside ``terms`` raises
    AttributeError, so a typo in the code fails loudly instead of minting a new predicate.
    """

    def __init__(self, namespace: str, terms: Iterable[str]):
        self._ns = namespace
        self._terms = frozenset(terms)

    def __getattr__(self, local: str) -> ox.NamedNode:
        """Called only on a term's first use: it is then kept as an instance attribute, read at attribute speed."""
        if local.startswith("_") or local not in self._terms:
            raise AttributeError(f"{local!r} is not a term of <{self._ns}>")
        term = ox.NamedNode(self._ns + local)
        setattr(self, local, term)
        return term

    def __contains__(self, local: str) -> bool:
        return local in self._terms


# schema.org, SKOS, PROV and RDF terms the model uses (schema/README.md lists them with their meaning)
SCHEMA_TERMS = (
    "CreativeWork", "Event", "Organization", "Person", "Place", "PresentationDigitalDocument", "VideoObject",
    "SoftwareApplication", "BlogPosting", "Article", "Book", "ScholarlyArticle", "TechArticle", "Course", "Clip",
    "about", "abstract", "affiliation", "alternateName", "alternativeHeadline", "author", "dateCreated",
    "datePublished", "description", "duration", "endDate", "inLanguage", "jobTitle", "location", "mentions", "name",
    "organizer", "performer", "recordedIn", "sameAs", "startDate", "subEvent", "subjectOf", "superEvent", "url",
    "isPartOf", "startOffset",
)
SKOS_TERMS = ("Concept", "ConceptScheme", "altLabel", "broader", "closeMatch", "hiddenLabel", "inScheme", "prefLabel")
PROV_TERMS = ("Agent", "Entity", "wasDerivedFrom")
RDF_TERMS = ("type",)

T = ClosedNamespace(TG, TG_TERMS)
S = ClosedNamespace(SDO, SCHEMA_TERMS)
K = ClosedNamespace(SKOS, SKOS_TERMS)
R = ClosedNamespace(RDF, RDF_TERMS)
P = ClosedNamespace(PROV, PROV_TERMS)
