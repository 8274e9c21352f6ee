"""``talkgraph query``, ``push`` and ``tools``: SPARQL from the CLI and to a real store (``serve``: cli/serve.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from . import OutOption, app, err_console, fail, out_console, reported


@app.command()
def query(
    query_or_file: Annotated[str, typer.Argument(help="A SPARQL query, or a .rq file (see schema/queries/).")],
    out: OutOption = Path("out"),
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, csv, tsv, json, xml (results) or turtle, ntriples, jsonld")
    ] = "table",
) -> None:
    """Run SELECT, ASK, CONSTRUCT or DESCRIBE over OUT/store (prefixes tg:, schema:, skos:, … predeclared)."""
    from ..sparql.query import GRAPH_FORMATS, RESULT_FORMATS, raw_query, serialize, to_result

    if fmt not in ("table", *RESULT_FORMATS, *GRAPH_FORMATS):
        names = ", ".join(dict.fromkeys(["table", *RESULT_FORMATS, *GRAPH_FORMATS]))
        raise fail(f"unknown format {fmt!r}: use one of {names}")
    with reported():
        raw, base_prefixes = raw_query(out, query_or_file)
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
def push(
    endpoint: Annotated[
        str, typer.Option(help="Graph Store Protocol URL: http://HOST:PORT/store (Oxigraph), …/DATASET/data (Fuseki)")
    ],
    out: OutOption = Path("out"),
    user: Annotated[
        str | None, typer.Option(help="User for HTTP basic auth; password from $TALKGRAPH_PASSWORD.")
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Send every graph, not only those changed since the last push.")
    ] = False,
) -> None:
    """Bring a triple store to the build: PUT each new or changed named graph, DELETE those of deleted notes.

    Uses the SPARQL 1.1 Graph Store HTTP Protocol; PUT replaces a graph, so pushing is
    idempotent. OUT/push.json remembers what was pushed to each endpoint.
    """
    from ..sparql.push import push_graphs

    password = os.environ.get("TALKGRAPH_PASSWORD")
    if user and password is None:
        raise fail("--user given but TALKGRAPH_PASSWORD is not set")
    with reported():
        report = push_graphs(out, endpoint, auth=(user, password) if user else None, everything=everything)
    out_console.print(f"pushed to {endpoint}: {report.summary()}", soft_wrap=True)


@app.command()
def tools(
    out: OutOption = Path("out"),
    candidates: Annotated[bool, typer.Option("--candidates", help="List candidate tools for review.")] = False,
    limit: Annotated[int, typer.Option(help="How many rows.")] = 50,
) -> None:
    """Tools by number of mentions in a build; with --candidates, unknown tools to review."""
    from ..sparql.tools import candidate_counts, tool_counts

    table = Table(show_edge=False)
    with reported():
        rows = candidate_counts(out) if candidates else tool_counts(out)
    columns = ("candidate", "mentions") if candidates else ("tool", "mentions", "notes")
    for index, column in enumerate(columns):
        table.add_column(column, justify="right" if index else "left")
    for row in rows[:limit]:
        table.add_row(*map(str, row))
    out_console.print(table)
