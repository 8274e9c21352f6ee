"""``talkgraph query``, ``serve`` and ``push``: SPARQL from the CLI, over HTTP, and to a real store."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from .cli import OutOption, app, err_console, fail, out_console


@app.command()
def query(
    query_or_file: Annotated[str, typer.Argument(help="A SPARQL query, or a .rq file (see schema/queries/).")],
    out: OutOption = Path("out"),
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, csv, tsv, json, xml (results) or turtle, ntriples, jsonld")
    ] = "table",
) -> None:
    """Run SELECT, ASK, CONSTRUCT or DESCRIBE over OUT/store (prefixes tg:, schema:, skos:, … predeclared)."""
    from .query import GRAPH_FORMATS, RESULT_FORMATS, execute, query_prefixes, read_query_argument, serialize, to_result
    from .store import open_store

    if fmt not in ("table", *RESULT_FORMATS, *GRAPH_FORMATS):
        names = ", ".join(dict.fromkeys(["table", *RESULT_FORMATS, *GRAPH_FORMATS]))
        raise fail(f"unknown format {fmt!r}: use one of {names}")
    try:
        text = read_query_argument(query_or_file)
        store = open_store(out)
    except FileNotFoundError as exc:
        raise fail(str(exc)) from None
    base_prefixes = query_prefixes(out)
    try:
        raw = execute(store, text, base_prefixes)
    except SyntaxError as exc:
        raise fail(f"SPARQL syntax error: {exc}") from None
    if fmt != "table":
        try:
            sys.stdout.buffer.write(serialize(raw, fmt, base_prefixes))
        except KeyError:
            kind = "SELECT/ASK results" if fmt in GRAPH_FORMATS else "CONSTRUCT/DESCRIBE graphs"
            raise fail(f"format {fmt!r} is not one for {kind}") from None
        return
    result = to_result(raw)
    if result.kind == "ask":
        out_console.print("yes" if result.boolean else "no")
    elif result.kind == "graph":
        sys.stdout.buffer.write(serialize(iter(result.triples), "turtle", base_prefixes))
    else:
        table = Table(show_edge=False)
        for name in result.variables:
            table.add_column(name, overflow="fold")
        for row in result.rows:
            table.add_row(*(_shorten(term, base_prefixes) for term in row))
        out_console.print(table)
        err_console.print(f"{len(result.rows)} rows")


def _shorten(term, base_prefixes: dict[str, str]) -> str:
    if term is None:
        return ""
    value = term.value
    if term.__class__.__name__ == "NamedNode":
        for prefix, namespace in sorted(base_prefixes.items(), key=lambda kv: -len(kv[1])):
            if value.startswith(namespace):
                return f"{prefix}:{value[len(namespace):]}"
    return value


@app.command()
def serve(
    out: OutOption = Path("out"),
    host: Annotated[str, typer.Option(help="Interface to bind (loopback unless told otherwise).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 7878,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run.")] = 10.0,
    max_bytes: Annotated[int, typer.Option(help="Largest result sent, in bytes.")] = 20_000_000,
) -> None:
    """A read-only SPARQL 1.1 endpoint at /sparql, a query page at /, the explorer at /graph."""
    import uvicorn

    from .serve import create_app

    try:
        application = create_app(out, timeout=timeout, max_bytes=max_bytes)
    except FileNotFoundError as exc:
        raise fail(str(exc)) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"[yellow]warning:[/] serving on {host}: the endpoint is reachable from other machines")
    err_console.print(f"SPARQL endpoint: http://{host}:{port}/sparql — query page: http://{host}:{port}/")
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command()
def push(
    endpoint: Annotated[
        str, typer.Option(help="Graph Store Protocol URL: http://HOST:PORT/store (Oxigraph), …/DATASET/data (Fuseki)")
    ],
    out: OutOption = Path("out"),
    user: Annotated[
        str | None, typer.Option(help="User for HTTP basic auth; password from $TALKGRAPH_PASSWORD.")
    ] = None,
) -> None:
    """Upload every named graph (notes, ontology, vocabularies, analytics) with one PUT each: idempotent.

    Uses the SPARQL 1.1 Graph Store HTTP Protocol; PUT replaces a graph, so a changed note
    replaces its graph. Graphs of notes deleted since an earlier push are not removed remotely.
    """
    from .push import PushError, push_graphs

    password = os.environ.get("TALKGRAPH_PASSWORD")
    if user and password is None:
        raise fail("--user given but TALKGRAPH_PASSWORD is not set")
    try:
        report = push_graphs(out, endpoint, auth=(user, password) if user else None)
    except FileNotFoundError as exc:
        raise fail(str(exc)) from None
    except PushError as exc:
        raise fail(str(exc), code=1) from None
    out_console.print(f"pushed {report.graphs} graphs ({report.triples} triples) to {endpoint}")
