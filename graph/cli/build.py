"""``talkgraph build``: a notes folder -> every output in OUT, with a report on stdout."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..outputs import output_names
from ..rdf.namespaces import DEFAULT_BASE
from . import OutOption, app, err_console, fail, out_console, reported


@app.command()
def build(
    notes_dir: Annotated[Path, typer.Argument(help="Folder of Markdown notes (read recursively).")],
    out: OutOption = Path("out"),
    base: Annotated[str, typer.Option(help="Base IRI of the minted identifiers.")] = DEFAULT_BASE,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only warnings and errors.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print every warning and timing.")] = False,
    view: Annotated[bool, typer.Option(help="Open the HTML explorer when done.")] = False,
    only: Annotated[
        list[str] | None,
        typer.Option(help=f"Write only these outputs (repeatable): {', '.join(output_names())}."),
    ] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (default: one per core).")] = None,
    incremental: Annotated[bool, typer.Option(help="Reuse the cache of unchanged notes in OUT.")] = True,
    shards: Annotated[int, typer.Option(help="Also write OUT/shards/part-NNN.nq for bulk loaders.")] = 0,
    permalinks: Annotated[
        bool, typer.Option(help="Give each line a tg:permalink when NOTES_DIR is in git with a forge remote.")
    ] = True,
) -> None:
    """Build the graph of NOTES_DIR into OUT: TriG, Turtle, N-Triples, JSON-LD, store, HTML."""
    from ..pipeline import build as run_build
    from .report import print_report

    interrupted = False
    try:
        with reported(), _progress(quiet) as progress:
            result = run_build(
                notes_dir, out, base=base, writers=only, progress=progress, jobs=jobs, incremental=incremental,
                shards=shards, permalinks=permalinks,
            )
    except KeyboardInterrupt:
        interrupted = True
    if interrupted:  # outside the except block, so the traceback no longer holds the open store
        from ..sparql.store import sweep

        sweep(out)
        raise fail("interrupted: the outputs of the previous build are intact", code=130)
    print_report(result, out_console, quiet=quiet, verbose=verbose)
    if view and (out / "graph.html").is_file():
        import webbrowser

        webbrowser.open((out / "graph.html").resolve().as_uri())


class _progress:  # noqa: N801 - a context manager named for what it gives
    """A rich progress bar on a terminal (a ``(done, total)`` callback), nothing otherwise."""

    def __init__(self, quiet: bool):
        self.bar = None
        if not quiet and sys.stdout.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=err_console, transient=True,
            )

    def __enter__(self):
        if self.bar is None:
            return None
        self.bar.__enter__()
        task = self.bar.add_task("reading notes", total=None)
        return lambda done, total: self.bar.update(task, completed=done, total=total)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
