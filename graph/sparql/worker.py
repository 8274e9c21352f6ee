"""The query worker: a child process that holds OUT/store open read-only and runs one job at a time.

Oxigraph cannot cancel a query once it runs, and a Rust loop does not stop for a Python
signal; a process can always be killed. So the endpoint and the MCP server never evaluate
SPARQL in their own process: each query goes to one of these workers (see
:mod:`graph.sparql.pool`), which is killed, and replaced, when the query passes its
deadline. The result is serialised here, in the process that made it, so no pyoxigraph
object ever crosses a thread or a process (only bytes and plain data do).

A job is a dict naming its handler (``"op": "module:function"``, imported on first use, so
the MCP tools can add theirs) and that handler's arguments; the reply is ``("ok", value)``
or ``("error", kind, message)`` with kind one of ``syntax``, ``too_large``,
``not_acceptable`` or ``query``.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import NoBuildError, NotAcceptable, QueryRefused, QuerySyntaxError
from ..util.manifest import read_manifest
from .query import GRAPH_FORMATS, RESULT_FORMATS, execute, query_prefixes
from .store import has_union, open_store


class TooLarge(Exception):
    """A result past the size limit: refused rather than buffered."""


class CappedBuffer(io.RawIOBase):
    """A write target that refuses to grow past a limit (so a huge result fails fast)."""

    def __init__(self, limit: int):
        self.buffer = bytearray()
        self.limit = limit

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.buffer.extend(data)
        if len(self.buffer) > self.limit:
            raise TooLarge
        return len(data)


class Context:
    """What a job handler may use: the open store, the build's prefixes and where OUT is.

    ``union`` is true for the store of an older build, whose default graph is not the union
    of its graphs (pass it as ``use_default_graph_as_union`` when querying ``store`` directly).
    """

    def __init__(self, out_dir: Path, store: ox.Store, prefixes: dict[str, str]):
        self.out_dir = out_dir
        self.store = store
        self.prefixes = prefixes
        self.manifest = read_manifest(out_dir)  # where the notes are, the build id
        self.union = not has_union(out_dir)

    def query(self, text: str):
        return execute(self.store, text, self.prefixes, union=self.union)


def result_kind(result) -> str:
    if isinstance(result, ox.QuerySolutions):
        return "select"
    return "ask" if isinstance(result, ox.QueryBoolean) else "graph"


def http_job(ctx: Context, query: str, formats: dict[str, str | None], max_bytes: int) -> tuple[bytes, str, str]:
    """Run a query and serialise it in the format negotiated for its kind: (body, format name, kind)."""
    result = ctx.query(query)
    kind = result_kind(result)
    fmt = formats.get(kind)
    if fmt is None:
        what = {"select": "a SELECT result", "ask": "an ASK result", "graph": "a graph (CONSTRUCT or DESCRIBE)"}[kind]
        raise NotAcceptable(f"no acceptable format for {what}")
    target = CappedBuffer(max_bytes)
    if kind == "graph":
        ox.serialize(result, target, GRAPH_FORMATS[fmt], prefixes=ctx.prefixes)
    else:
        result.serialize(target, RESULT_FORMATS[fmt])
    return bytes(target.buffer), fmt, kind


def _handler(op: str, cache: dict[str, Callable]) -> Callable:
    if op not in cache:
        module, _, name = op.partition(":")
        cache[op] = getattr(importlib.import_module(module), name)
    return cache[op]


def run_job(ctx: Context, job: dict[str, Any], cache: dict[str, Callable]) -> tuple:
    args = {key: value for key, value in job.items() if key != "op"}
    try:
        return ("ok", _handler(job["op"], cache)(ctx, **args))
    except QuerySyntaxError as exc:
        return ("error", "syntax", str(exc))
    except TooLarge:
        return ("error", "too_large", "result too large")
    except NotAcceptable as exc:
        return ("error", "not_acceptable", str(exc))
    except QueryRefused as exc:
        return ("error", "refused", str(exc))
    except Exception as exc:  # noqa: BLE001 - a failed query must not end the worker
        return ("error", "query", f"{type(exc).__name__}: {exc}")


def open_for(out_dir: Path, attempts: int = 20) -> ox.Store:
    """Open OUT/store read-only, retrying while a build swaps a new store in (a few ms)."""
    for attempt in range(attempts):
        try:
            return open_store(out_dir)
        except (OSError, NoBuildError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


def serve_jobs(conn: Connection, out_dir: str, build: str) -> None:
    """The worker's main loop: open the store, say ready, answer jobs until the pipe closes."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # stdout may be an MCP stdio channel: a worker never writes to it
    with contextlib.suppress(OSError):
        os.nice(2)  # the server's own loop (accepting, answering) never waits behind a query
    try:
        store = open_for(Path(out_dir))
    except (OSError, NoBuildError) as exc:
        conn.send(("failed", str(exc)))
        return
    ctx = Context(Path(out_dir), store, query_prefixes(out_dir))
    cache: dict[str, Callable] = {}
    conn.send(("ready", build))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job.get("op") == "reopen":  # a new build landed: the new store, in the same process (fast)
            ctx = None
            try:
                ctx = Context(Path(out_dir), open_for(Path(out_dir)), query_prefixes(out_dir))
            except (OSError, NoBuildError) as exc:
                conn.send(("failed", str(exc)))
                return
            conn.send(("ready", job["build"]))
            continue
        conn.send(run_job(ctx, job, cache))
