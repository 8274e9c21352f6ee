"""``talkgraph`` — a thin command line over the library (every command is a Python call first).

Exit codes: 0 success, 1 findings (validate/lint), 2 usage or environment errors.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .rdf.namespaces import DEFAULT_BASE

app = typer.Typer(
    name="talkgraph",
    help="Turn a folder of Markdown notes about talks, videos, posts and papers into a knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out_console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

OutOption = Annotated[Path, typer.Option("--out", "-o", help="Output folder of a build.")]


def fail(message: str, code: int = 2) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    return typer.Exit(code)


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
        typer.Option(
            help="Write only these outputs (repeatable): trig, nquads, shards, turtle, ntriples, jsonld, report, "
            "network, html, store."
        ),
    ] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (default: one per core).")] = None,
    incremental: Annotated[bool, typer.Option(help="Reuse the cache of unchanged notes in OUT.")] = True,
    shards: Annotated[int, typer.Option(help="Also write OUT/shards/part-NNN.nq for bulk loaders.")] = 0,
) -> None:
    """Build the graph of NOTES_DIR into OUT: TriG, Turtle, N-Triples, JSON-LD, store, HTML."""
    from .build import BuildError
    from .build import build as run_build
    from .report import print_report

    progress_cm = _progress(quiet)
    interrupted = False
    try:
        with progress_cm as progress:
            task = progress.add_task("reading notes", total=None) if progress else None

            def tick(done: int, total: int) -> None:
                if progress is not None:
                    progress.update(task, completed=done, total=total)

            result = run_build(
                notes_dir, out, base=base, writers=only, progress=tick, jobs=jobs, incremental=incremental,
                shards=shards,
            )
    except BuildError as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        interrupted = True
    if interrupted:  # outside the except block, so the traceback no longer holds the open store
        from .store import sweep

        sweep(out)
        raise fail("interrupted: the outputs of the previous build are intact", code=130)
    print_report(result, out_console, quiet=quiet, verbose=verbose)
    if view:
        import webbrowser

        page = out / "graph.html"
        if page.is_file():
            webbrowser.open(page.resolve().as_uri())


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc) -> None:
        return None


def _progress(quiet: bool):
    if quiet or not sys.stdout.isatty():
        return _NoProgress()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )


@app.command()
def tools(
    out: OutOption = Path("out"),
    candidates: Annotated[bool, typer.Option("--candidates", help="List candidate tools for review.")] = False,
    limit: Annotated[int, typer.Option(help="How many rows.")] = 50,
) -> None:
    """Tools by number of mentions in a build; with --candidates, unknown tools to review."""
    import json

    report_path = out / "report.json"
    if not report_path.is_file():
        raise fail(f"no build in {out} (run `talkgraph build NOTES_DIR -o {out}` first)")
    from .tools_report import tool_counts

    table = Table(show_edge=False)
    if candidates:
        report = json.loads(report_path.read_text(encoding="utf-8"))
        table.add_column("candidate")
        table.add_column("mentions", justify="right")
        for name, count in sorted(report.get("candidates", {}).items(), key=lambda kv: (-kv[1], kv[0]))[:limit]:
            table.add_row(name, str(count))
    else:
        table.add_column("tool")
        table.add_column("mentions", justify="right")
        table.add_column("notes", justify="right")
        try:
            counts = tool_counts(out)
        except FileNotFoundError as exc:
            raise fail(str(exc)) from None
        for name, mentions, notes in counts[:limit]:
            table.add_row(name, str(mentions), str(notes))
    out_console.print(table)


def main() -> None:
    _register_optional_commands()
    app()


def _register_optional_commands() -> None:
    """Commands living in their own modules: every ``graph/cli_*.py`` registers on :data:`app`."""
    import importlib
    import pkgutil

    import graph

    for info in sorted(pkgutil.iter_modules(graph.__path__), key=lambda i: i.name):
        if info.name.startswith("cli_"):
            importlib.import_module(f"graph.{info.name}")


if __name__ == "__main__":
    main()
