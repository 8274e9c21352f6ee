"""SPARQL over a build: the library call behind ``talkgraph query`` and the endpoint.

    >>> from graph.query import run_query
    >>> result = run_query("out", "SELECT ?name WHERE { ?t a tg:Talk ; schema:name ?name }")  # doctest: +SKIP
    >>> result.rows[:2]                                                                        # doctest: +SKIP

The project's prefixes (tg:, schema:, skos:, tool:, topic:, …) are predeclared, and the
default graph is the union of every note graph, so queries need no GRAPH clause. The
build stores that union, each triple once, as the store's default graph
(:mod:`graph.sparql.store`); only the store of an older build, which lacks it, is asked for
Oxigraph's union default graph, which returns a triple once per graph stating it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, QuerySyntaxError
from ..rdf.namespaces import DEFAULT_BASE, prefixes
from .store import has_union, open_store, store_state

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


@dataclass
class QueryResult:
    """A SELECT (variables + rows), ASK (boolean) or CONSTRUCT/DESCRIBE (triples) result."""

    kind: str  # "select" | "ask" | "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def values(self) -> list[tuple[str | None, ...]]:
        """Rows as plain strings (lexical forms), handy in notebooks and tests."""
        return [tuple(None if term is None else term.value for term in row) for row in self.rows]


def query_prefixes(out_dir: str | Path) -> dict[str, str]:
    return prefixes(store_state(out_dir).get("base", DEFAULT_BASE))


def execute(store: ox.Store, text: str, base_prefixes: dict[str, str], *, union: bool = False):
    """Run a query with the project's prefixes over the union of all graphs.

    The default graph of a build's store is that union already; ``union`` makes Oxigraph
    compute it at query time instead (for the store of a build made before it was stored).
    """
    try:
        return store.query(text, prefixes=base_prefixes, use_default_graph_as_union=union)
    except SyntaxError as exc:
        raise QuerySyntaxError(syntax_message(text, str(exc))) from None


_AT = re.compile(r"^error at (\d+):(\d+): ")
_NAME_CHARACTERS = re.compile(r"\[[^\]]*\\u\{[^\]]*\]", re.DOTALL)  # the parser's Unicode ranges of a name
_EXPECTED = re.compile(r"expected one of (.*)$", re.DOTALL)


def syntax_message(text: str, message: str) -> str:
    """Oxigraph's syntax error, readable: the place as line and column under the query's own line,
    what was expected in words rather than the parser's character ranges.

    Oxigraph lists the Unicode ranges a name may start with (four lines of ``'\\u{00C0}'..``)
    among the tokens it expected: a person who forgot a ``}`` needs the place, not those.
    """
    place = _AT.match(message)
    detail = message[place.end():] if place else message
    detail = _NAME_CHARACTERS.sub("a name", detail).replace("['0'..='9']", "a digit")
    expected = _EXPECTED.search(detail)
    if expected:
        tokens = [token.strip() for token in expected.group(1).split(", ")]
        tokens = list(dict.fromkeys(token for token in tokens if token != "[_]"))  # "[_]" is any character
        wanted = ("expected one of " if len(tokens) > 1 else "expected ") + ", ".join(tokens)
        detail = detail[:expected.start()] + (wanted if tokens else "unexpected text")
    detail = " ".join(detail.split())
    if not place:
        return f"SPARQL syntax error: {detail}"
    line, column = int(place.group(1)), int(place.group(2))
    lines = text.splitlines() or [""]
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    pointer = ""
    if shown.strip():
        start = max(0, column - 60)  # a long line is shown around the place, not whole
        excerpt = shown[start:column + 20]
        pointer = f"\n  {excerpt}\n  {' ' * (column - 1 - start)}^"
    return f"SPARQL syntax error at line {line}, column {column}: {detail}{pointer}"


def run_query(out_dir: str | Path, text: str) -> QueryResult:
    """Run ``text`` over OUT/store and collect the whole result (handy in notebooks and tests)."""
    return to_result(raw_query(out_dir, text)[0])


def raw_query(out_dir: str | Path, query_or_file: str):
    """Run a query (its text, or a .rq file) over OUT/store: the streaming pyoxigraph result and the prefixes."""
    text = read_query_argument(query_or_file)
    store = open_store(out_dir)
    base_prefixes = query_prefixes(out_dir)
    return execute(store, text, base_prefixes, union=not has_union(out_dir)), base_prefixes


def to_result(result) -> QueryResult:
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        # a solution iterates over its values in the order of the variables (None when unbound):
        # 3x cheaper than indexing it by name, which counts at tens of thousands of rows
        rows = [list(solution) for solution in result]
        return QueryResult("select", variables=variables, rows=rows)
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    return QueryResult("graph", triples=list(result))


def serialize(result, fmt: str, base_prefixes: dict[str, str] | None = None) -> bytes:
    """A raw pyoxigraph result in a standard format (SPARQL JSON/XML/CSV/TSV, or an RDF syntax)."""
    buffer = io.BytesIO()
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        result.serialize(buffer, RESULT_FORMATS[fmt])
    else:
        ox.serialize(result, buffer, GRAPH_FORMATS[fmt], prefixes=base_prefixes)
    return buffer.getvalue()


def read_query_argument(value: str) -> str:
    """QUERY_OR_FILE: a path to a .rq file, or the query text itself."""
    path = Path(value)
    if len(value) < 4096 and "\n" not in value and path.suffix in (".rq", ".sparql"):
        if not path.is_file():
            raise InputError(f"query file not found: {value}")
        return path.read_text(encoding="utf-8")
    return value
