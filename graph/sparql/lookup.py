"""What an assistant asks of a build — rows, search, describe, schema — as jobs for the query workers.

Each function runs in a worker process (:mod:`graph.sparql.worker`) on the store it holds
open, and returns plain JSON-ready data: IRIs as CURIEs of the build's prefixes (with the
prefixes used), literals as their values, every fact with the note file and line it comes
from. User text never becomes SPARQL text: it is bound with ``substitutions``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import QueryRefused, QuerySyntaxError
from ..rdf.namespaces import ONTOLOGY_GRAPH
from .worker import Context, TooLarge, result_kind

# bound with substitutions, so each query projects them too (pyoxigraph requires it)
Q = ox.Variable("q")
E = ox.Variable("e")
LABELS = "schema:name|schema:alternateName|skos:prefLabel|skos:altLabel|skos:hiddenLabel"
NUMERIC = {"integer", "int", "long", "decimal", "double", "float", "nonNegativeInteger"}


class Terms:
    """Turns pyoxigraph terms into JSON values, remembering the prefixes it used."""

    def __init__(self, prefixes: dict[str, str]):
        self.namespaces = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.used: dict[str, str] = {}

    def value(self, term) -> Any:
        if term is None:
            return None
        if isinstance(term, ox.NamedNode):
            return self.curie(term.value)
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        if isinstance(term, ox.Literal):
            kind = term.datatype.value.rsplit("#", 1)[-1]
            if kind in NUMERIC:
                try:
                    return int(term.value) if kind not in ("decimal", "double", "float") else float(term.value)
                except ValueError:
                    return term.value
            return term.value == "true" if kind == "boolean" else term.value
        return str(term)

    def curie(self, iri: str) -> str:
        for prefix, namespace in self.namespaces:
            local = iri[len(namespace):]
            if iri.startswith(namespace) and local and all(c.isalnum() or c in "-_." for c in local):
                self.used[prefix] = namespace
                return f"{prefix}:{local}"
        return f"<{iri}>"


def _refuse_updates(text: str) -> None:
    """A text that is not a query: say so plainly when it is an update."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # noqa: BLE001 - not an update either: the query's own syntax error stands
        return
    raise QueryRefused("this is a SPARQL UPDATE: the graph is read-only, updates are refused (use SELECT, "
                       "ASK, CONSTRUCT or DESCRIBE)")


def rows_job(ctx: Context, query: str, limit: int, max_bytes: int) -> dict[str, Any]:
    """The ``sparql`` tool: at most ``limit`` rows (or triples) as JSON, with the prefixes they use."""
    try:
        result = ctx.query(query)
    except QuerySyntaxError:
        _refuse_updates(query)
        raise
    terms = Terms(ctx.prefixes)
    kind = result_kind(result)
    if kind == "ask":
        return {"kind": "ask", "boolean": bool(result)}
    out: dict[str, Any] = {"kind": kind}
    items = []
    for item in result:
        if len(items) == limit:
            out["truncated"] = True
            break
        if kind == "select":
            items.append({v.value: terms.value(item[v]) for v in result.variables if item[v] is not None})
        else:
            items.append([terms.value(item.subject), terms.value(item.predicate), terms.value(item.object)])
    if kind == "select":
        out["variables"] = [v.value for v in result.variables]
    out["rows" if kind == "select" else "triples"] = items
    out["prefixes"] = dict(sorted(terms.used.items()))
    if len(json.dumps(out, ensure_ascii=False)) > max_bytes:
        raise TooLarge
    return out


def _mentions(ctx: Context, terms: Terms, entity: ox.NamedNode, limit: int) -> tuple[int, list[dict]]:
    text = """SELECT ?e ?f ?line ?text WHERE { ?m tg:entity ?e ; tg:note ?n ; tg:line ?line .
              OPTIONAL { ?m tg:text ?text } ?n tg:sourceFile ?f } ORDER BY ?f ?line"""
    rows = [(s["f"].value, int(s["line"].value), s["text"].value if s["text"] else None)
            for s in ctx.store.query(text, prefixes=ctx.prefixes, use_default_graph_as_union=ctx.union,
                                     substitutions={E: entity})]
    rows = sorted(set(rows))
    return len(rows), [_place(ctx, f, line, text) for f, line, text in rows[:limit]]


def _place(ctx: Context, file: str, line: int, text: str | None = None) -> dict:
    """A file:line, with a permalink when the build's manifest gives a template for them."""
    place = {"file": file, "line": line, "at": f"{file}:{line}"}
    if text is not None:
        place["text"] = text
    template = ctx.manifest.get("permalink")
    if isinstance(template, str) and "{path}" in template:
        place["permalink"] = template.replace("{path}", file).replace("{line}", str(line))
    return place


def _entities(ctx: Context, text: str, exact: bool, cls: str | None, limit: int) -> list[ox.NamedNode]:
    test = "LCASE(STR(?label)) = LCASE(?q)" if exact else "CONTAINS(LCASE(STR(?label)), LCASE(?q))"
    typed = f"?e a {cls} ." if cls else ""
    query = (f"SELECT DISTINCT ?e ?q WHERE {{ ?e {LABELS} ?label FILTER({test}) {typed} FILTER(isIRI(?e)) }} "
             f"LIMIT {limit}")
    return [s["e"] for s in ctx.store.query(query, prefixes=ctx.prefixes, use_default_graph_as_union=ctx.union,
                                            substitutions={Q: ox.Literal(text)})]


def _summary(ctx: Context, terms: Terms, entity: ox.NamedNode, mentions: int) -> dict[str, Any]:
    query = """SELECT ?e ?label ?type WHERE { OPTIONAL { ?e schema:name|skos:prefLabel ?label }
                OPTIONAL { ?e a ?type } }"""
    labels, types = set(), set()
    for s in ctx.store.query(query, prefixes=ctx.prefixes, use_default_graph_as_union=ctx.union,
                             substitutions={E: entity}):
        if s["label"] is not None:
            labels.add(s["label"].value)
        if s["type"] is not None:
            types.add(terms.value(s["type"]))
    count, places = _mentions(ctx, terms, entity, mentions)
    return {"iri": entity.value, "id": terms.curie(entity.value), "name": min(labels, default=None),
            "types": sorted(types), "mention_count": count, "mentions": places}


def search_job(ctx: Context, text: str, type: str | None, limit: int) -> dict[str, Any]:  # noqa: A002
    """The ``search`` tool: entities by name or alias (exact matches first), then lines of note text."""
    if not text.strip():  # every name contains the empty text: that is a listing, which `sparql` does with a LIMIT
        raise QueryRefused("search wants some text: a name, an alias or words of a note "
                           "(to list entities, use the sparql tool with a LIMIT)")
    terms = Terms(ctx.prefixes)
    cls = _class(ctx, type)
    found: dict[str, ox.NamedNode] = {}
    for exact in (True, False):
        for entity in _entities(ctx, text, exact, cls, limit * 3):
            found.setdefault(entity.value, entity)
    entities = [_summary(ctx, terms, entity, 10) for entity in found.values()]
    entities.sort(key=lambda e: (str(e["name"]).lower() != text.lower(), -e["mention_count"], str(e["name"])))
    out: dict[str, Any] = {"entities": entities[:limit]}
    if cls is None or cls == "tg:Note":
        out["note_lines"] = _note_lines(ctx, text, limit)
    out["prefixes"] = dict(sorted(terms.used.items()))
    return out


def _class(ctx: Context, name: str | None) -> str | None:
    """A class given as a CURIE, an IRI or its local name (``Talk``, ``SoftwareApplication``…)."""
    if not name:
        return None
    if name.startswith(("http://", "https://")):
        return f"<{name}>"
    if ":" in name:
        return name
    query = "SELECT DISTINCT ?c WHERE { ?s a ?c }"
    for s in ctx.store.query(query, use_default_graph_as_union=ctx.union):
        if s["c"].value.rsplit("/", 1)[-1].rsplit("#", 1)[-1].lower() == name.lower():
            return f"<{s['c'].value}>"
    raise QueryRefused(f"no class named {name!r} in this build (try Talk, Person, SoftwareApplication, Concept)")


def _note_lines(ctx: Context, text: str, limit: int) -> list[dict]:
    """Lines of the build's notes that contain ``text`` (case-insensitive), from the notes folder."""
    from ..notes import discover, read_note_file

    root = ctx.manifest.get("notes")
    if not root or not Path(root).is_dir() or not text.strip():
        return []
    needle, hits = text.lower(), []
    for path in discover(Path(root)):
        body = read_note_file(path, Path(root)).text or ""
        for number, line in enumerate(body.split("\n"), 1):
            if needle in line.lower():
                hits.append(_place(ctx, path.relative_to(root).as_posix(), number, line.strip()[:200]))
                if len(hits) == limit:
                    return hits
    return hits


def _resolve(ctx: Context, name: str | None, iri: str | None) -> ox.NamedNode:
    if iri:
        for prefix, namespace in ctx.prefixes.items():
            if iri.startswith(prefix + ":"):
                return ox.NamedNode(namespace + iri[len(prefix) + 1:])
        return ox.NamedNode(iri.strip("<>"))
    if not name:
        raise QueryRefused("give the name of an entity, or its IRI")
    for exact in (True, False):
        found = _entities(ctx, name, exact, None, 20)
        if found:
            return max(found, key=lambda e: (_mentions(ctx, Terms({}), e, 0)[0], -len(e.value)))
    raise QueryRefused(f"nothing in this build is named {name!r}: try the search tool")


FACTS = """SELECT ?e ?g ?p ?o ?f ?line WHERE { GRAPH ?g { ?e ?p ?o } OPTIONAL { GRAPH ?g { ?g tg:sourceFile ?f } }
           OPTIONAL { GRAPH ?g { ?e tg:line ?line } } } ORDER BY ?p ?o ?f LIMIT 2000"""
LINKS_IN = """SELECT DISTINCT ?e ?s ?p ?name WHERE { ?s ?p ?e FILTER(?p != tg:entity)
              OPTIONAL { ?s schema:name|skos:prefLabel ?name } } ORDER BY ?p ?s LIMIT 200"""


def describe_job(ctx: Context, name: str | None, iri: str | None, limit: int) -> dict[str, Any]:
    """The ``describe`` tool: what the graph states about one entity, each fact with its note file and line."""
    entity = _resolve(ctx, name, iri)
    terms = Terms(ctx.prefixes)
    out = _summary(ctx, terms, entity, limit)
    facts: dict[tuple, dict] = {}
    for s in ctx.store.query(FACTS, prefixes=ctx.prefixes, use_default_graph_as_union=ctx.union,
                             substitutions={E: entity}):
        key = (terms.value(s["p"]), json.dumps(terms.value(s["o"])))
        fact = facts.setdefault(key, {"property": key[0], "value": terms.value(s["o"]), "from": []})
        if s["f"] is not None:
            source = _place(ctx, s["f"].value, int(s["line"].value)) if s["line"] else {"file": s["f"].value}
        else:  # the ontology, the vocabularies or the analytics: a graph of their own, not a note
            source = {"graph": s["g"].value}
        if source not in fact["from"] and len(fact["from"]) < 10:
            fact["from"].append(source)
    out["facts"] = list(facts.values())[: limit * 5]
    out["linked_from"] = [{"subject": terms.value(s["s"]), "property": terms.value(s["p"]),
                           "name": s["name"].value if s["name"] else None}
                          for s in ctx.store.query(LINKS_IN, prefixes=ctx.prefixes,
                                                   use_default_graph_as_union=ctx.union,
                                                   substitutions={E: entity})][: limit * 2]
    if not out["facts"] and not out["linked_from"]:
        raise QueryRefused(f"the graph states nothing about {entity.value}")
    out["prefixes"] = dict(sorted(terms.used.items()))
    return out


CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c"
PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p"
COMMENTS = f"SELECT ?t ?comment WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?t rdfs:comment ?comment }} }}"


def schema_job(ctx: Context) -> dict[str, Any]:
    """The ``schema`` tool's data part: classes and properties in use, with counts and the ontology's comments."""
    terms = Terms(ctx.prefixes)
    comments = {s["t"].value: s["comment"].value
                for s in ctx.store.query(COMMENTS, prefixes=ctx.prefixes, use_default_graph_as_union=ctx.union)}

    def listed(query: str, var: str) -> list[dict]:
        out = []
        for s in ctx.store.query(query, prefixes=ctx.prefixes, use_default_graph_as_union=ctx.union):
            entry = {"id": terms.value(s[var]), "count": int(s["n"].value)}
            if s[var].value in comments:
                entry["comment"] = comments[s[var].value]
            out.append(entry)
        return out

    return {"classes": listed(CLASSES, "c"), "properties": listed(PROPERTIES, "p"), "prefixes": ctx.prefixes}
