"""A read-only SPARQL 1.1 Protocol endpoint over OUT/store (Starlette + uvicorn).

- ``/sparql``: GET ``?query=``, POST ``application/sparql-query`` or form-encoded; results
  negotiated from the Accept header (SPARQL JSON/XML/CSV/TSV; Turtle/N-Triples/JSON-LD for
  graphs). Updates are refused with 403 and the store is opened read-only anyway.
- every query runs in a worker thread with a deadline, and a result larger than
  ``max_bytes`` is refused (413) instead of exhausting memory.
- ``/`` a small query page (no external resources), ``/graph`` the HTML explorer.
"""

from __future__ import annotations

import asyncio
import html
import io
import string
from pathlib import Path

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..errors import NotAcceptable, QueryError, QuerySyntaxError
from ..util.resources import schema_dir
from .query import GRAPH_FORMATS, RESULT_FORMATS, execute, query_prefixes
from .store import open_store

RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/n-triples": "ntriples", "application/ld+json": "jsonld",
    "application/rdf+xml": "xml",
}
MEDIA = {
    ("select", "json"): "application/sparql-results+json", ("select", "xml"): "application/sparql-results+xml",
    ("select", "csv"): "text/csv; charset=utf-8", ("select", "tsv"): "text/tab-separated-values; charset=utf-8",
    ("graph", "turtle"): "text/turtle; charset=utf-8", ("graph", "ntriples"): "application/n-triples",
    ("graph", "jsonld"): "application/ld+json", ("graph", "xml"): "application/rdf+xml",
}


class _TooLarge(Exception):
    pass


class _CappedBuffer(io.RawIOBase):
    """A write target that refuses to grow past a limit (so a huge result fails fast)."""

    def __init__(self, limit: int):
        self.buffer = bytearray()
        self.limit = limit

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.buffer.extend(data)
        if len(self.buffer) > self.limit:
            raise _TooLarge
        return len(data)


def _negotiate(accept: str, kind: str) -> str | None:
    table = RESULT_TYPES if kind == "select" else GRAPH_TYPES
    for item in (part.split(";")[0].strip().lower() for part in accept.split(",")):
        if item in table:
            return table[item]
        if item in ("*/*", "application/*", "text/*", ""):
            return "json" if kind == "select" else "turtle"
    return None


def create_app(out_dir: str | Path, *, timeout: float = 10.0, max_bytes: int = 20_000_000) -> Starlette:
    out_dir = Path(out_dir)
    store = open_store(out_dir)  # read-only
    prefixes = query_prefixes(out_dir)

    def run(text: str, accept: str) -> tuple[bytes, str]:
        result = execute(store, text, prefixes)
        kind = "graph" if isinstance(result, ox.QueryTriples) else "select"
        fmt = _negotiate(accept, kind)
        if fmt is None:
            raise NotAcceptable("no acceptable result format")
        target = _CappedBuffer(max_bytes)
        if kind == "select":
            result.serialize(target, RESULT_FORMATS[fmt])
        else:
            ox.serialize(result, target, GRAPH_FORMATS[fmt], prefixes=prefixes)
        return bytes(target.buffer), MEDIA[(kind, fmt)]

    async def sparql(request: Request) -> Response:
        text = None
        if request.method == "GET":
            if "update" in request.query_params:
                return PlainTextResponse("this endpoint is read-only: updates are refused", status_code=403)
            text = request.query_params.get("query")
        else:
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return PlainTextResponse("this endpoint is read-only: updates are refused", status_code=403)
            if ctype == "application/sparql-query":
                text = (await request.body()).decode("utf-8", "replace")
            elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.form()
                if "update" in form:
                    return PlainTextResponse("this endpoint is read-only: updates are refused", status_code=403)
                text = form.get("query")
            else:
                return PlainTextResponse(f"unsupported content type {ctype!r}", status_code=415)
        if not text:
            return PlainTextResponse("missing 'query' parameter", status_code=400)
        accept = request.headers.get("accept", "*/*")
        try:
            body, media = await asyncio.wait_for(asyncio.to_thread(run, str(text), accept), timeout)
        except TimeoutError:
            return PlainTextResponse(f"query took longer than {timeout:g} s", status_code=503)
        except QuerySyntaxError as exc:
            return PlainTextResponse(str(exc), status_code=400)
        except _TooLarge:
            return PlainTextResponse(f"result larger than {max_bytes} bytes: add a LIMIT", status_code=413)
        except NotAcceptable as exc:
            return PlainTextResponse(str(exc), status_code=406)
        except (QueryError, ValueError) as exc:
            return PlainTextResponse(f"query error: {exc}", status_code=400)
        return Response(body, media_type=media)

    async def page(request: Request) -> HTMLResponse:
        return HTMLResponse(_query_page(prefixes))

    async def explorer(request: Request) -> Response:
        path = out_dir / "graph.html"
        if not path.is_file():
            return PlainTextResponse("no OUT/graph.html in this build", status_code=404)
        return FileResponse(path, media_type="text/html")

    return Starlette(routes=[
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/", page),
        Route("/graph", explorer),
    ])


def example_queries() -> list[tuple[str, str, str]]:
    """(file name, title, text) of schema/queries/*.rq; the title is the first comment line."""
    out = []
    for path in sorted((schema_dir() / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = next((ln[1:].strip() for ln in text.splitlines() if ln.startswith("#")), path.stem)
        out.append((path.name, first, text))
    return out


def _query_page(prefixes: dict[str, str]) -> str:
    options = "".join(
        f'<option value="{html.escape(text, quote=True)}">{html.escape(title)}</option>'
        for _, title, text in example_queries()
    )
    declared = html.escape(", ".join(sorted(prefixes)))
    template = string.Template((Path(__file__).parent / "static" / "query.html").read_text(encoding="utf-8"))
    return template.substitute(declared=declared, options=options)
