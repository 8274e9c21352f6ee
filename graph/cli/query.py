"""``talkgraph query``, ``push`` and ``tools``: SPARQL from the CLI and to a real store (``serve``: cli/serve.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from . import OutOption, app, counted, err_console, fail, out_console, print_table, reported


@app.command()
def query(
    query_or_file: Annotated[str, typer.Argument(help="A SPARQL query, or a .rq file (see schema/queries/).")],
    out: OutOption = Path("out"),
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, csv, tsv, json, xml (results) or turtle, ntriples, jsonld")
    ] = "table",
    page: Annotated[
        int | None, typer.Option(help="Page N of a paged listing (its one `LIMIT n OFFSET m`), from 1.")
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help="Every row of a paged listing: drop its LIMIT.")] = False,
    timeout: Annotated[
        float | None, typer.Option(help="Seconds the query may run before it is stopped (default: no limit).")
    ] = None,
) -> None:
    """Run SELECT, ASK, CONSTRUCT or DESCRIBE over OUT/store (prefixes tg:, schema:, skos:, … predeclared).

    A long listing of schema/queries/ answers a page at a time (its `LIMIT 25 OFFSET 0`),
    shown after the rows: --page N gives another one, --all every row.
    """
    from ..sparql.query import GRAPH_FORMATS, RESULT_FORMATS

    if fmt not in ("table", *RESULT_FORMATS, *GRAPH_FORMATS):
        names = ", ".join(dict.fromkeys(["table", *RESULT_FORMATS, *GRAPH_FORMATS]))
        raise fail(f"unknown format {fmt!r}: use one of {names}")
    if page is not None and everything:
        raise fail("--page and --all exclude each other")
    if timeout is not None and timeout <= 0:
        raise fail("--timeout is a number of seconds above 0")
    with reported():
        text, shown = _paged(query_or_file, page, everything)
        answer = _within(timeout, _answer, out, text, fmt)
    kind, body = answer
    if kind == "wrong format":
        raise fail(f"format {fmt!r} is not one for {body}")
    if kind == "bytes":
        sys.stdout.buffer.write(body)
        if shown is not None:
            err_console.print(_page_note(shown, None))
    elif kind == "ask":
        out_console.print("yes" if body else "no")
    else:
        variables, rows = body
        table = Table(show_edge=False)
        for name in variables:
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*row)
        print_table(table)
        err_console.print(counted(len(rows), "row") if shown is None else _page_note(shown, len(rows)))


def _answer(out: Path, text: str, fmt: str) -> tuple[str, object]:
    """The query's answer as plain data (bytes, a boolean, rows of text): it may come from a forked process."""
    from ..sparql.query import GRAPH_FORMATS, raw_query, serialize, to_result

    raw, base_prefixes = raw_query(out, text)
    if fmt != "table":
        try:
            return "bytes", serialize(raw, fmt, base_prefixes)
        except KeyError:
            return "wrong format", "SELECT/ASK results" if fmt in GRAPH_FORMATS else "CONSTRUCT/DESCRIBE graphs"
    result = to_result(raw)
    if result.kind == "ask":
        return "ask", result.boolean
    if result.kind == "graph":
        return "bytes", serialize(iter(result.triples), "turtle", base_prefixes)
    return "rows", (result.variables, [[_shorten(term, base_prefixes) for term in row] for row in result.rows])


def _within(timeout: float | None, function, *args):
    """``function(*args)``, stopped after ``timeout`` seconds: Oxigraph cannot be interrupted, so it runs in a
    forked process that is killed then (in this one when there is no limit, or no fork)."""
    import time

    from ..errors import QueryTimeout
    from ..util.forked import Forked, can_fork

    if timeout is None or not can_fork():
        return function(*args)
    deadline = time.monotonic() + timeout

    def in_time() -> None:
        if time.monotonic() > deadline:
            raise QueryTimeout(f"query stopped at the time limit ({timeout:g} s, --timeout)")

    return Forked(function, *args, name="query").result(meanwhile=in_time)


def _paged(query_or_file: str, page: int | None, everything: bool):
    """The query text to run and the page it shows (None: not a paged listing, or --all)."""
    from ..sparql.paging import paged
    from ..sparql.query import read_query_argument

    return paged(read_query_argument(query_or_file), page, everything)


def _page_note(page, rows: int | None) -> str:
    """What the person reads under a page: which one, how to get the next, or everything."""
    if rows is None:  # streamed out uncounted (csv, json…)
        return f"{page.describe()}: --page {page.number + 1} for the next (empty past the last), --all for everything"
    if rows == 0:
        return f"0 rows, {page.describe()}: past the last page (--page 1 for the first, --all for everything)"
    return f"{counted(rows, 'row')}, {page.describe()}: --page {page.number + 1} for the next, --all for everything"


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
    print_table(table)
