"""``talkgraph timestamps`` and ``talkgraph permalinks check``: the links the notes' author asked for.

One turns the video timestamps of a note into links to those moments; the other checks
that the permalinks written in the notes still show the lines they were made for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import app, out_console, reported

permalinks_app = typer.Typer(help="Permalinks to lines of the notes repository, written in the notes.",
                             no_args_is_help=True)
app.add_typer(permalinks_app, name="permalinks")


@app.command()
def timestamps(
    note: Annotated[Path, typer.Argument(help="A Markdown note about a video.")],
    write: Annotated[bool, typer.Option("--write", help="Rewrite the note (a copy NOTE.orig is kept).")] = False,
) -> None:
    """Show (or, with --write, apply) the rewrite of NOTE's timestamped lines into links to those moments."""
    from ..pipeline.timestamps import link_timestamps

    with reported():
        result = link_timestamps(note, write=write)
    if result.diff:
        typer.echo(result.diff, nl=False)
    parts = [f"{len(result.linked)} timestamps {'linked' if write else 'to link'}"]
    if result.already:
        parts.append(f"{len(result.already)} already links")
    if result.without_video:
        lines = ", ".join(map(str, result.without_video[:10]))
        parts.append(f"{len(result.without_video)} without a video to link to (lines {lines})")
    out_console.print(f"{note}: " + ", ".join(parts), soft_wrap=True, markup=False)
    if result.backup:
        out_console.print(f"wrote {note} (the original is in {result.backup})", soft_wrap=True, markup=False)


@permalinks_app.command("check")
def permalinks_check(
    notes: Annotated[list[Path], typer.Argument(help="Notes folders or files, inside the git work tree.")],
    fix: Annotated[bool, typer.Option("--fix", help="Rewrite the moved permalinks (and refresh the others).")] = False,
) -> None:
    """Report each permalink to this repository written in NOTES: up to date, moved, changed or gone. Exit 1 if
    any is moved (and not fixed), changed, gone or unknown."""
    from ..pipeline.permalinks import check_permalinks

    with reported():
        report = check_permalinks(notes, fix=fix)
    for link in report.permalinks:
        out_console.print(str(link), soft_wrap=True, markup=False, highlight=False)
    counts = ", ".join(f"{n} {status}" for status, n in report.by_status().items()) or "none"
    out_console.print(f"permalinks to {report.repository}: {counts}", soft_wrap=True, markup=False)
    if report.fixed:
        out_console.print("rewrote " + ", ".join(report.fixed), soft_wrap=True, markup=False)
    if report.blocking:
        raise typer.Exit(1)
