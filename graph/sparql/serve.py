"""A read-only SPARQL 1.1 Protocol endpoint over OUT/store (Starlette + uvicorn).

- ``/sparql``: GET/HEAD ``?query=``, POST ``application/sparql-query`` or a form; the result
  format negotiated from ``Accept`` by RFC 9110 (q-values, wildcards); updates get 403.
- every query runs in a worker process of a :class:`~graph.sparql.pool.QueryPool`: killed at
  the deadline, a bounded queue (503 + ``Retry-After`` when full), room kept for short
  queries; a result larger than ``max_bytes`` is refused (413).
- the endpoint follows OUT: a new build (OUT/manifest.json) is served without a restart,
  and announced on ``/events`` (server-sent events: ``event: build``, ``data: {"build": …}``).
- ``/`` a query page, ``/graph`` the explorer, ``/notes/<path>`` the notes it links to
  (read-only, line anchors ``#L<n>``), ``/build`` the manifest of the build being served.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import string
from pathlib import Path

import mimeparse
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..errors import NotAcceptable, QueryError, QuerySyntaxError, QueryTimeout, ResultTooLarge, ServerBusy
from ..util.resources import schema_dir
from .notes_view import NOTE_SECURITY, note_file, read_note, render_note
from .pool import HTTP_JOB, QueryPool
from .query import query_prefixes

RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "application/json": "json", "application/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/n-triples": "ntriples", "application/ld+json": "jsonld",
    "application/rdf+xml": "xml", "text/plain": "ntriples",
}
MEDIA = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_MEDIA = {
    "turtle": "text/turtle; charset=utf-8", "ntriples": "application/n-triples", "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
}
READ_ONLY = "this endpoint is read-only: updates are refused"
POLL_SECONDS = 0.2  # how often OUT/manifest.json is looked at (one stat)


def negotiate(accept: str | None) -> dict[str, str | None]:
    """The format for each result kind that ``accept`` prefers (RFC 9110), None when none is acceptable.

    Media ranges that do not parse are ignored; an absent or empty header accepts anything.
    """
    ranges = [part for part in (accept or "").split(",") if _parses(part)]
    header = ",".join(ranges) if ranges else "*/*"
    select = mimeparse.best_match(list(reversed(RESULT_TYPES)), header)  # ties: the first listed wins
    graph = mimeparse.best_match(list(reversed(GRAPH_TYPES)), header)
    chosen = RESULT_TYPES.get(select) if select else None
    return {"select": chosen, "ask": chosen, "graph": GRAPH_TYPES.get(graph) if graph else None}


def _parses(part: str) -> bool:
    try:
        kind, sub, params = mimeparse.parse_media_range(part.strip())
        float(params.get("q", 1))
    except (ValueError, mimeparse.MimeTypeParseException, IndexError):
        return False
    return bool(kind and sub)


class Announcer:
    """Fans each landed build out to every ``/events`` client."""

    def __init__(self) -> None:
        self.queues: set[asyncio.Queue] = set()

    def publish(self, manifest: dict) -> None:
        payload = {key: manifest.get(key) for key in ("build", "time", "counts", "outputs", "graphs", "seconds")}
        for queue in self.queues:
            queue.put_nowait(payload)

    async def stream(self, request: Request, current: dict):
        queue: asyncio.Queue = asyncio.Queue()
        self.queues.add(queue)
        try:
            yield {"event": "hello", "data": json.dumps({"build": current.get("build")}), "retry": 2000}
            while not await request.is_disconnected():
                with contextlib.suppress(TimeoutError):
                    payload = await asyncio.wait_for(queue.get(), 1.0)
                    yield {"event": "build", "data": json.dumps(payload, ensure_ascii=False)}
        finally:
            self.queues.discard(queue)


async def _query_text(request: Request) -> str | Response:
    """The query of a SPARQL Protocol request, or the response refusing it."""
    if request.method in ("GET", "HEAD"):
        if "update" in request.query_params:
            return PlainTextResponse(READ_ONLY, status_code=403)
        text = request.query_params.get("query")
    else:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            return PlainTextResponse(READ_ONLY, status_code=403)
        if ctype == "application/sparql-query":
            text = (await request.body()).decode("utf-8", "replace")
        elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.form()
            if "update" in form:
                return PlainTextResponse(READ_ONLY, status_code=403)
            text = form.get("query")
        else:
            return PlainTextResponse(
                f"unsupported content type {ctype!r}: send application/sparql-query or a form", status_code=415)
    if not text:
        return PlainTextResponse("missing 'query' parameter", status_code=400)
    return str(text)


def _refusal(exc: QueryError, max_bytes: int) -> Response:
    if isinstance(exc, ServerBusy):
        return PlainTextResponse(str(exc), status_code=503, headers={"Retry-After": str(exc.retry_after)})
    if isinstance(exc, QueryTimeout):
        return PlainTextResponse(str(exc), status_code=503)
    if isinstance(exc, ResultTooLarge):
        return PlainTextResponse(f"result larger than {max_bytes} bytes: add a LIMIT", status_code=413)
    if isinstance(exc, NotAcceptable):
        return PlainTextResponse(str(exc), status_code=406)
    if isinstance(exc, QuerySyntaxError):
        return PlainTextResponse(str(exc), status_code=400)
    return PlainTextResponse(f"query error: {exc}", status_code=400)


def create_app(out_dir: str | Path, *, timeout: float = 10.0, max_bytes: int = 20_000_000, workers: int = 8,
               queue: int = 128, notes: bool = True) -> Starlette:
    """The endpoint's application; its worker pool starts with the app (lifespan) and stops with it."""
    out_dir = Path(out_dir)
    announcer = Announcer()
    pool = QueryPool(out_dir, workers=workers, timeout=timeout, queue=queue, on_build=announcer.publish)

    async def sparql(request: Request) -> Response:
        text = await _query_text(request)
        if isinstance(text, Response):
            return text
        formats = negotiate(request.headers.get("accept"))
        try:
            body, fmt, kind = await pool.run({"op": HTTP_JOB, "query": text, "formats": formats,
                                              "max_bytes": max_bytes})
        except QueryError as exc:
            return _refusal(exc, max_bytes)
        media = GRAPH_MEDIA[fmt] if kind == "graph" else MEDIA[fmt]
        return Response(body, media_type=media, headers={"X-Talkgraph-Build": pool.build, "Vary": "Accept"})

    async def follow() -> None:
        while True:
            await asyncio.sleep(POLL_SECONDS)
            pool.refresh()  # a new build is announced by the pool, whoever notices it first

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        await pool.start()
        task = asyncio.create_task(follow())
        try:
            yield
        finally:
            task.cancel()
            await pool.close()

    routes = [Route("/sparql", sparql, methods=["GET", "HEAD", "POST"]), *_pages(out_dir, pool, announcer, notes)]
    application = Starlette(routes=routes, lifespan=lifespan)
    application.state.pool = pool
    return application


def _pages(out_dir: Path, pool: QueryPool, announcer: Announcer, notes: bool) -> list[Route]:
    """The routes besides /sparql: the query page, the explorer, the build, its events and its notes."""
    from sse_starlette import EventSourceResponse

    async def page(request: Request) -> HTMLResponse:
        return HTMLResponse(_query_page(query_prefixes(out_dir)))

    async def explorer(request: Request) -> Response:
        path = out_dir / "graph.html"
        if not path.is_file():
            return PlainTextResponse("no OUT/graph.html in this build", status_code=404)
        return FileResponse(path, media_type="text/html", headers={"Cache-Control": "no-cache"})

    async def build(request: Request) -> JSONResponse:
        pool.refresh()
        return JSONResponse({key: value for key, value in pool.manifest.items() if key != "notes"})

    async def events(request: Request) -> Response:
        pool.refresh()
        return EventSourceResponse(announcer.stream(request, pool.manifest), ping=15)

    async def note(request: Request) -> Response:
        pool.refresh()
        root = pool.manifest.get("notes")
        if not notes or not root:
            return PlainTextResponse("this endpoint does not serve notes", status_code=404)
        relative = request.path_params["path"]
        target = note_file(Path(root), relative)
        text = None if target is None else read_note(Path(root), target)
        if text is None:
            return PlainTextResponse(f"not a note of this build: {relative}", status_code=404, headers=NOTE_SECURITY)
        if request.query_params.get("raw"):
            return PlainTextResponse(text, headers=NOTE_SECURITY)
        return HTMLResponse(render_note(relative, text), headers=NOTE_SECURITY)

    return [
        Route("/", page), Route("/graph", explorer), Route("/build", build), Route("/events", events),
        Route("/notes/{path:path}", note),
    ]


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
