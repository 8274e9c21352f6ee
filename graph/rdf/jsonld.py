"""Compact JSON-LD written straight from triples with the project's own context.

rdflib's JSON-LD serialiser builds a whole in-memory graph and compacts it term by term:
on 360k triples it took 28 s of a 41 s build (measured; pyoxigraph serialises only
expanded JSON-LD). Our context (schema/context.jsonld) is simple — prefixes, plain
terms, and terms coerced to ``@id`` or to one datatype — so compaction is a lookup per
predicate, done here while streaming: one node object per run of triples about the same
subject, written as soon as the run ends. The result is checked by tests to parse back,
with rdflib and pyoxigraph, to exactly the input triples.

The triples come as N-Triples lines, as Oxigraph writes them (the union is that file):
slicing a line and looking its predicate/object text up in a table of compact forms costs
a fraction of parsing it into three Python term objects and compacting each (measured:
1.8× faster on the dense notes and the shared corpus, the same text).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Compactor:
    """Turns IRIs, predicates and objects into their compact form under one context.

    Terms come as their N-Triples text (``<iri>``, ``_:id``, ``"value"@lang``,
    ``"value"^^<datatype>``), as Oxigraph writes them: the union is N-Triples already, and
    slicing its lines costs a fraction of making a Python term object per triple.
    """

    def __init__(self, context: dict):
        self.prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("/", "#"))}
        # longest namespace first, so tool/ wins over a shorter namespace that contains it
        self._namespaces = sorted(((ns, name) for name, ns in self.prefixes.items()), key=lambda x: -len(x[0]))
        self._heads: dict[str, list[tuple[str, str]]] = {}  # IRI up to its last / or # -> namespaces it starts with
        self._texts: dict[str, tuple[str, str, str]] = {}  # "<p> o ." -> key and JSON texts (see pair_text)
        self.terms: dict[str, tuple[str, str | None]] = {}  # predicate IRI -> (term, coercion)
        self.classes: dict[str, str] = {}  # class IRI -> term
        for term, value in context.items():
            if term in self.prefixes or term.startswith("@"):
                continue
            iri, coercion = (value, None) if isinstance(value, str) else (value.get("@id"), value.get("@type"))
            if not iri:
                continue
            full = self.expand(iri)
            if isinstance(value, str) and term[:1].isupper():
                self.classes.setdefault(full, term)
            else:
                coerce = self.expand(coercion) if coercion not in (None, "@id") else coercion
                self.terms.setdefault(full, (term, coerce))

    def expand(self, value: str) -> str:
        prefix, sep, rest = value.partition(":")
        if sep and prefix in self.prefixes and not rest.startswith("//"):
            return self.prefixes[prefix] + rest
        return value

    def iri(self, value: str) -> str:
        """A compact IRI when a prefix covers it and the rest is a plain local name.

        Every namespace ends with / or #, so the namespaces an IRI starts with are those
        its head (up to its last / or #) starts with: looked up once per head.
        """
        head = value[: max(value.rfind("/"), value.rfind("#")) + 1]
        candidates = self._heads.get(head)
        if candidates is None:
            candidates = self._heads[head] = [(ns, name) for ns, name in self._namespaces if head.startswith(ns)]
        for namespace, name in candidates:
            rest = value[len(namespace) :]
            if rest and not rest.startswith("//"):
                return f"{name}:{rest}"
        return value

    def node_id(self, term: str) -> str:
        """The ``@id`` of a subject or object given as ``<iri>`` or ``_:id``."""
        return self.iri(term[1:-1]) if term[0] == "<" else term

    def property(self, predicate: str, obj: str) -> tuple[str, object]:
        """The key and JSON value of one predicate/object pair (the object as N-Triples text)."""
        term = self.terms.get(predicate)
        if obj[0] != '"':
            node = self.node_id(obj)
            if term is not None and term[1] == "@id":
                return term[0], node
            if term is not None and term[1] is None:
                return term[0], {"@id": node}
            return self.iri(predicate), {"@id": node}
        value, datatype, language = literal_parts(obj)
        if term is not None:
            name, coercion = term
            if coercion is None:
                return name, self.literal(value, datatype, language)
            if coercion != "@id" and datatype == coercion:
                return name, value
        # no term fits this value: the compact IRI of the predicate with an explicit value object
        compact = self.literal(value, datatype, language)
        return self.iri(predicate), compact if isinstance(compact, dict) else {"@value": compact}

    def literal(self, value: str, datatype: str, language: str | None) -> object:
        if language:
            return {"@value": value, "@language": language}
        if datatype == XSD_STRING:
            return value
        return {"@value": value, "@type": self.iri(datatype)}

    def pair(self, rest: str) -> tuple[str, object]:
        """The key and JSON value of one N-Triples line after its subject (``<p> o .``); key ``@type`` for a class."""
        predicate, obj = rest.split(" ", 1)
        predicate, obj = predicate[1:-1], obj[:-2]
        if predicate == RDF_TYPE and obj[0] == "<":
            return "@type", self.classes.get(obj[1:-1]) or self.iri(obj[1:-1])
        return self.property(predicate, obj)

    def pair_text(self, rest: str) -> tuple[str, str, str]:
        """:meth:`pair` as JSON text: (key, the key's JSON text, the value's JSON text), kept per line rest."""
        found = self._texts.get(rest)
        if found is None:
            if len(self._texts) >= _PAIRS_KEPT:
                self._texts.clear()
            key, value = self.pair(rest)
            found = self._texts[rest] = (key, _ENCODE(key), _ENCODE(value))
        return found

    def node_text(self, subject: str, types: list[str], values: dict[str, list[str]]) -> str:
        """The JSON text of one node object: ``@id``, ``@type``, then its keys in order, as ``json.dumps`` writes
        it with ``separators=(",", ":")`` — the values were encoded once each (:meth:`pair_text`), not per node."""
        parts = ['{"@id":', _ENCODE(self.node_id(subject))]
        if types:
            parts.append(',"@type":')
            parts.append(types[0] if len(types) == 1 else "[" + ",".join(types) + "]")
        for key in sorted(values):
            items = values[key]  # the key's JSON text, then its values'
            parts.append(",")
            parts.append(items[0])
            parts.append(":")
            parts.append(items[1] if len(items) == 2 else "[" + ",".join(items[1:]) + "]")
        parts.append("}")
        return "".join(parts)


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_PAIRS_KEPT = 1 << 17  # predicate/object pairs whose compact form is kept: lines, notes, entities repeat


def literal_parts(term: str) -> tuple[str, str, str | None]:
    """The value, datatype and language of a literal in N-Triples text, as Oxigraph writes it.

    Oxigraph escapes only \\b \\t \\n \\f \\r \\" \\\\ and other control characters as
    \\uXXXX — all JSON escapes too, so a quoted value with a backslash is read by the JSON decoder.
    """
    end = term.rfind('"')
    value = term[1:end]
    if "\\" in value:
        value = json.loads(term[: end + 1])
    suffix = term[end + 1 :]
    if not suffix:
        return value, XSD_STRING, None
    if suffix[0] == "@":
        return value, LANG_STRING, suffix[1:]
    return value, suffix[3:-1], None


def nodes(lines: Iterable[str], compactor: Compactor) -> Iterator[str]:
    """The JSON text of one node object per run of consecutive N-Triples lines with the same subject.

    A line is ``S P O .`` with single spaces, as Oxigraph writes N-Triples: no IRI or blank
    node holds a space, so the first space ends the subject. Each line's key and value are
    looked up as JSON text and joined, never built as a dict and encoded again: a dense
    note's 75k mention nodes repeat the same few thousand values.
    """
    subject = None
    types: list[str] = []
    values: dict[str, list[str]] = {}
    known, pair = compactor._texts.get, compactor.pair_text
    for line in lines:
        if not line:
            continue
        s, rest = line.split(" ", 1)
        if s != subject:
            if subject is not None:
                yield compactor.node_text(subject, types, values)
            subject, types, values = s, [], {}
        key, key_text, value = known(rest) or pair(rest)
        if key == "@type":
            types.append(value)
        else:
            items = values.get(key)
            if items is None:
                values[key] = [key_text, value]
            else:
                items.append(value)
    if subject is not None:
        yield compactor.node_text(subject, types, values)


def ntriples_lines(data: bytes, piece: int = 1 << 20) -> Iterator[str]:
    """The lines of N-Triples bytes, a piece of ~1 MB decoded and split at a time (a dense note's graph is
    80 MB: no list of them all; decoding each line alone was a fifth of the JSON-LD writer).

    Split on \\n only: a literal may hold U+2028 or U+0085 unescaped, which ``str.splitlines`` would cut.
    """
    start, size = 0, len(data)
    while start < size:
        end = data.find(b"\n", min(start + piece, size - 1))
        end = size if end < 0 else end + 1
        lines = data[start:end].decode("utf-8").split("\n")
        if lines[-1] == "":
            lines.pop()
        yield from lines
        start = end


def jsonld_head(context: dict) -> str:
    """What comes before the node objects: the context, and the opening of ``@graph``."""
    return '{\n "@context": ' + json.dumps(context, ensure_ascii=False, sort_keys=True) + ',\n "@graph": ['


def write_jsonld(triples: Iterable[ox.Triple], context: dict, handle: IO[str]) -> int:
    """Write ``{"@context": …, "@graph": [nodes]}``, one node object per line; returns the node count."""
    compactor = Compactor(context)
    handle.write(jsonld_head(context))
    count = 0
    lines = ntriples_lines(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    for node in nodes(lines, compactor):
        handle.write(",\n  " if count else "\n  ")
        handle.write(node)
        count += 1
    handle.write("\n ]\n}\n")
    return count
