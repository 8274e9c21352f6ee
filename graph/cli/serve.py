"""``talkgraph serve`` and ``talkgraph watch``: the endpoint, and the rebuild loop that keeps it current."""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Annotated

import typer

from . import OutOption, app, counted, err_console, fail, out_console, reported

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def bind(host: str, port: int, option: str = "--port") -> socket.socket:
    """The listening socket, bound before anything is announced; a clear error when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise fail(f"port {port} on {host} is already in use (another talkgraph serve, an Oxigraph server…?): "
                       f"stop it or choose another with {option}") from None
        raise fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@contextlib.contextmanager
def _watching(notes: Path | None, out: Path):
    """With ``--watch NOTES``: a ``talkgraph watch`` process beside the server, ended with it."""
    if notes is None:
        yield
        return
    if not notes.is_dir():
        raise fail(f"notes folder not found: {notes}")
    process = subprocess.Popen([sys.executable, "-m", "graph", "watch", str(notes), "-o", str(out), "-q"],
                               env={**os.environ, PARENT_ENV: str(os.getpid())})
    try:
        while not (out / "manifest.json").is_file() and not (out / "store").is_dir():
            if process.poll() is not None:
                raise fail(f"the first build of {notes} failed", process.returncode or 2)
            time.sleep(0.1)
        yield
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)


PARENT_ENV = "TALKGRAPH_WATCH_PARENT"  # set by `serve --watch` for the watch process it starts


def _end_with_parent(parent: int, stop: threading.Event) -> None:
    """Stop this watch once the `serve` that started it is gone, however it ended.

    A server killed outright (SIGKILL, out of memory) runs no cleanup: without this its watch
    would go on rebuilding OUT, unseen, until the machine restarts. ``stop`` ends the watch's
    loop whatever happens to signals; the interrupt (as Ctrl-C would) also cuts short a build
    in progress, where SIGINT is handled: a server started in the background of a script
    (``serve --watch … &``) hands its watch SIGINT ignored, and ``interrupt_main`` then does nothing.
    """
    import _thread

    def follow() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        stop.set()
        _thread.interrupt_main()

    threading.Thread(target=follow, name="talkgraph-parent", daemon=True).start()


@app.command()
def serve(
    out: OutOption = Path("out"),
    host: Annotated[str, typer.Option(help="Interface to bind (loopback unless told otherwise).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (0: any free port, printed).")] = 7878,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run before it is stopped.")] = 10.0,
    max_bytes: Annotated[int, typer.Option(help="Largest result sent, in bytes.")] = 20_000_000,
    workers: Annotated[int, typer.Option(help="Query worker processes (queries running at once).")] = 8,
    queue: Annotated[int, typer.Option(help="Requests that may wait for a worker; more get 503.")] = 128,
    watch: Annotated[
        Path | None, typer.Option("--watch", help="Rebuild OUT from this notes folder on every save.")
    ] = None,
    notes: Annotated[bool, typer.Option(help="Serve the notes the explorer links to, at /notes/.")] = True,
) -> None:
    """A read-only SPARQL 1.1 endpoint at /sparql, a query page at /, the explorer at /graph.

    It follows OUT: each new build is served without a restart and announced on /events.
    """
    import uvicorn

    from ..sparql.serve import create_app
    from ..sparql.store import store_path

    if watch is None and not store_path(out).is_dir():  # a server that could only ever answer 400
        raise fail(f"no build in {out}: run `talkgraph build NOTES_DIR -o {out}` first, "
                   f"or `talkgraph serve -o {out} --watch NOTES_DIR` to build and serve it")
    sock = bind(host, port)
    with _watching(watch, out):
        with reported():
            application = create_app(out, timeout=timeout, max_bytes=max_bytes, workers=workers, queue=queue,
                                     notes=notes)
        real_port = sock.getsockname()[1]
        if host not in LOOPBACK:
            shared = "the endpoint and the text of your notes (/notes/)" if notes else "the endpoint"
            err_console.print(f"[yellow]warning:[/] serving on {host}: {shared} can be reached from other machines"
                              + (" (--no-notes keeps the notes private)" if notes else ""), soft_wrap=True)
        where = f"http://{'[' + host + ']' if ':' in host else host}:{real_port}"
        err_console.print(f"SPARQL endpoint: {where}/sparql — query page: {where}/ — explorer: {where}/graph",
                          soft_wrap=True, highlight=False)
        config = uvicorn.Config(application, log_level="warning", timeout_graceful_shutdown=2)
        uvicorn.Server(config).run(sockets=[sock])


@app.command()
def watch(
    notes_dir: Annotated[Path, typer.Argument(help="Folder of Markdown notes to watch.")],
    out: OutOption = Path("out"),
    settle: Annotated[float, typer.Option(help="Quiet seconds before the full rebuild of every output.")] = 2.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Build NOTES_DIR into OUT, then rebuild on every save: the store at once, every other output when quiet.

    A running `talkgraph serve` on OUT answers from each new build.
    """
    from rich.traceback import Traceback

    from ..errors import TalkgraphError
    from ..pipeline.watch import watch as run_watch
    from ..sparql.store import sweep
    from .report import print_news

    if not notes_dir.is_dir():
        raise fail(f"notes folder not found: {notes_dir}")

    told: set[str] = set()  # the warnings of the last build that landed: a save prints only what it changed

    def landed(result, kind: str) -> None:
        if quiet:
            return
        changed = len(result.records) - result.cache_hits
        stats = result.store_stats
        what = "store" if kind == "quick" else "every output"
        spent = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.timings.items() if name != "total")
        out_console.print(
            f"{time.strftime('%H:%M:%S')} {kind} build {result.manifest.get('build')}: "
            f"{counted(changed, 'note')} re-read, {counted(stats.get('replaced', 0), 'graph')} replaced, "
            f"{stats.get('removed', 0)} removed; {what} written in "
            f"{result.timings.get('total', 0):.2f} s ({spent})", soft_wrap=True, highlight=False)
        print_news(result.warnings, told, err_console)

    def failed(exc: Exception) -> None:
        if not isinstance(exc, TalkgraphError):  # a bug: its traceback, for a report, and the watch goes on
            err_console.print(Traceback.from_exception(type(exc), exc, exc.__traceback__))
            err_console.print(f"[bold red]internal error[/] ({type(exc).__name__}): {exc}; "
                              "still watching: the next save builds again", soft_wrap=True)
            return
        err_console.print(f"[bold red]error:[/] {exc}", soft_wrap=True)

    def set_aside() -> None:
        if not quiet:
            out_console.print(f"{time.strftime('%H:%M:%S')} full build set aside for a new save: the store first, "
                              "every output once the notes are quiet again", soft_wrap=True, highlight=False)

    if not quiet:
        err_console.print(f"watching {notes_dir} (Ctrl-C to stop)")
    stop = threading.Event()
    if os.environ.get(PARENT_ENV, "").isdigit():
        _end_with_parent(int(os.environ[PARENT_ENV]), stop)
    try:
        with reported():
            run_watch(notes_dir, out, on_build=landed, on_error=failed, on_cancel=set_aside, settle=settle, stop=stop)
    except KeyboardInterrupt:
        pass
    sweep(out)


@app.command()
def mcp(
    out: OutOption = Path("out"),
    http: Annotated[
        str | None, typer.Option("--http", help="Serve streamable HTTP on HOST:PORT (at /mcp) instead of stdio.")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run before it is stopped.")] = 10.0,
    max_bytes: Annotated[int, typer.Option(help="Largest tool result, in bytes.")] = 2_000_000,
    workers: Annotated[int, typer.Option(help="Query worker processes.")] = 2,
) -> None:
    """A Model Context Protocol server over OUT for AI assistants: tools sparql, search, describe, schema.

    Read-only; stdio by default (what a client's configuration starts), streamable HTTP with --http.
    It follows OUT: each answer says which build it comes from.
    """
    from ..sparql.assistant import create_server

    with reported():
        server = create_server(out, timeout=timeout, max_bytes=max_bytes, workers=workers)
    if http is None:
        server.run("stdio")
        return
    import uvicorn

    host, _, port = http.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit():
        raise fail(f"--http wants HOST:PORT, got {http!r}")
    sock = bind(host, int(port), option=f"--http {host}:PORT")
    if host not in LOOPBACK:
        err_console.print(f"[yellow]warning:[/] serving on {host}: the notes' graph can be reached from other machines")
    err_console.print(f"MCP server (streamable HTTP): http://{host}:{sock.getsockname()[1]}/mcp", soft_wrap=True)
    application = server.streamable_http_app(host=host)
    uvicorn.Server(uvicorn.Config(application, log_level="warning", timeout_graceful_shutdown=2)).run(sockets=[sock])
