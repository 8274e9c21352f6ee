"""``talkgraph mcp``: the build as a Model Context Protocol server, for AI assistants.

Built on the official MCP Python SDK (:class:`mcp.server.mcpserver.MCPServer`), over stdio
or streamable HTTP, read-only. Four tools — ``sparql``, ``search``, ``describe``,
``schema`` — and two kinds of resources: the example queries of schema/queries/ and the
data model document (schema/README.md). Every query runs in the same worker pool as
``serve`` (:mod:`graph.sparql.pool`): the same time and size limits, and the same reopening
of the store when a new build lands; each answer says which build it comes from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import QueryError
from ..util.resources import schema_dir, schema_file
from .paging import paged
from .pool import QueryPool
from .query import query_prefixes
from .serve import example_queries

JOBS = "graph.sparql.lookup:"
INSTRUCTIONS = """talkgraph: a knowledge graph (RDF) of someone's Markdown notes about talks, conferences,
videos, posts and papers. Every fact traces back to the note file and line it comes from.
Start with `search` to find entities (tools, people, talks, topics, events) and note lines,
`describe` to see what the graph states about one of them, `schema` before writing SPARQL,
and `sparql` for anything else (SELECT/ASK/CONSTRUCT/DESCRIBE; prefixes tg:, schema:, skos:,
tool:, topic:, note:, talk:, agent: … are predeclared; the default graph is the union of
all notes). Cite `file:line` when you answer from the notes."""

SPARQL_HELP = """Run a read-only SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE) over the notes' graph
and get the rows as JSON: IRIs as CURIEs, with the prefixes used. Prefixes tg:, schema:, skos:, rdf:,
rdfs:, xsd:, prov:, dcterms:, owl:, tool:, topic:, cat:, note:, talk:, agent:, tag: are predeclared and
the default graph is the union of every note's graph, each triple once, so no GRAPH clause is needed
(a row can still repeat when a pattern matches in several ways: use DISTINCT). At most `limit` rows come back
(`truncated` says when there were more). A paged listing (one `LIMIT n OFFSET m` clause, as the long
example queries have) answers one page: `page` says which (from 1); the result's `page` gives its
number, size and the `next` one (null when the page came back empty); `all_pages` drops the clause
for every row. Updates are refused; a query running past the time limit is stopped. Call `schema`
first to see the classes, properties and example queries."""
SEARCH_HELP = """Find entities — tools (schema:SoftwareApplication), people, organisations, talks (tg:Talk),
events, topics and tags (skos:Concept), resources — whose name or alias contains `text` (exact matches
first, then by number of mentions), each with its types, mention count and the `file:line` of its
mentions in the notes; and the lines of note text containing `text`. `type` restricts entities to one
class: a CURIE (schema:Person) or a local name (Talk, SoftwareApplication, Concept); `type` Note returns
only note lines."""
DESCRIBE_HELP = """Everything the graph states about one entity, found by `name` (or alias) or by `iri` (full IRI
or CURIE such as tool:memray): its types, each property and value with the note file and line it comes
from, the entities that link to it, and where the notes mention it (`file:line` and the text as
written)."""
SCHEMA_HELP = """The vocabulary of this build, to write correct SPARQL: the classes and properties in use with
their counts and the ontology's descriptions, the predeclared prefixes, and the example queries of
schema/queries/ (each a question with a working query)."""


class Assistant:
    """The pool and the build it answers from, shared by every tool call."""

    def __init__(self, out_dir: Path, *, timeout: float, max_bytes: int, workers: int):
        self.out_dir = out_dir
        self.max_bytes = max_bytes
        self.pool = QueryPool(out_dir, workers=workers, timeout=timeout, queue=32)
        self.started = False
        self.schemas: dict[str, dict] = {}

    async def run(self, op: str, **args: Any) -> dict[str, Any]:
        from mcp.server.mcpserver.exceptions import ToolError

        if not self.started:
            await self.pool.start()
            self.started = True
        try:
            value = await self.pool.run({"op": JOBS + op, **args})
        except QueryError as exc:
            raise ToolError(str(exc)) from None
        return {"build": self.pool.build, **value}

    async def schema(self) -> dict[str, Any]:
        self.pool.refresh()
        if self.pool.build not in self.schemas:
            found = await self.run("schema_job")
            found["example_queries"] = [{"file": f"schema/queries/{name}", "question": title, "query": text}
                                        for name, title, text in example_queries()]
            self.schemas = {found["build"]: found}
        return self.schemas.get(self.pool.build) or next(iter(self.schemas.values()))


def create_server(out_dir: str | Path, *, timeout: float = 10.0, max_bytes: int = 2_000_000, workers: int = 2):
    """The MCP server of a build (``mcp.server.mcpserver.MCPServer``), its tools and resources registered."""
    from mcp.server.mcpserver import MCPServer
    from mcp.types import ToolAnnotations

    from .. import __version__

    out_dir = Path(out_dir)
    query_prefixes(out_dir)  # fails early, with NoBuildError, when OUT holds no build
    assistant = Assistant(out_dir, timeout=timeout, max_bytes=max_bytes, workers=workers)
    server = MCPServer(name="talkgraph", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")
    read_only = ToolAnnotations(readOnlyHint=True, idempotentHint=True, openWorldHint=False)

    @server.tool(description=SPARQL_HELP, annotations=read_only)
    async def sparql(query: str, limit: int = 100, page: int | None = None, all_pages: bool = False) -> dict[str, Any]:
        try:
            text, shown = paged(query, page, all_pages)
        except QueryError as exc:
            from mcp.server.mcpserver.exceptions import ToolError

            raise ToolError(str(exc)) from None
        found = await assistant.run("rows_job", query=text, limit=max(1, min(limit, 10_000)),
                                    max_bytes=assistant.max_bytes)
        if shown is not None:
            found["page"] = {"number": shown.number, "size": shown.size, "offset": shown.offset,
                             "next": shown.number + 1 if found.get("rows") else None}
        return found

    @server.tool(description=SEARCH_HELP, annotations=read_only)
    async def search(text: str, type: str | None = None, limit: int = 20) -> dict[str, Any]:  # noqa: A002
        return await assistant.run("search_job", text=text, type=type, limit=max(1, min(limit, 200)))

    @server.tool(description=DESCRIBE_HELP, annotations=read_only)
    async def describe(name: str | None = None, iri: str | None = None, limit: int = 50) -> dict[str, Any]:
        return await assistant.run("describe_job", name=name, iri=iri, limit=max(1, min(limit, 500)))

    @server.tool(description=SCHEMA_HELP, annotations=read_only)
    async def schema() -> dict[str, Any]:
        return await assistant.schema()

    _resources(server)
    return server


def _resources(server) -> None:
    """The example queries and the data model document, as MCP resources."""
    from mcp.server.mcpserver.resources import TextResource

    for name, title, text in example_queries():
        server.add_resource(TextResource(uri=f"talkgraph://queries/{name}", name=name, title=title,
                                         description=f"Example query: {title}", mime_type="application/sparql-query",
                                         text=text))
    readme = schema_dir() / "README.md"
    if readme.is_file():
        server.add_resource(TextResource(
            uri="talkgraph://schema/README.md", name="data-model", title="The talkgraph data model",
            description="Classes, properties, IRI scheme, named graphs and vocabularies of the graph, with examples",
            mime_type="text/markdown", text=readme.read_text(encoding="utf-8")))
    ontology = schema_file("ontology.ttl")
    if ontology.is_file():
        server.add_resource(TextResource(
            uri="talkgraph://schema/ontology.ttl", name="ontology", title="The talkgraph ontology (Turtle)",
            description="Every tg: class and property with its label, comment, domain and range",
            mime_type="text/turtle", text=ontology.read_text(encoding="utf-8")))
