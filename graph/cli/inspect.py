"""``talkgraph parse`` and ``extract``: what the first two stages make of one note, as plain data.

Newcomers learn the pipeline from them, and users see why something was or was not found.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from . import app, out_console, reported

NoteArgument = Annotated[Path, typer.Argument(help="A Markdown note or a VimOutliner outline (.otl).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (the default is the same data, indented).")]


def _plain(value: Any) -> Any:
    """Dataclasses, tuples and frozensets as JSON-able dicts and lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _print(data: Any, as_json: bool) -> None:
    typer.echo(json.dumps(_plain(data), ensure_ascii=False, indent=None if as_json else 1))


RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="The notes folder the note belongs to (default: the nearest folder with "
        "talkgraph.toml or .git, else the note's folder's parent).",
    ),
]


def _read(note: Path, root: Path | None):
    """The note parsed with the context of its folder, as a build would read it."""
    from ..pipeline.explain import read_with_context

    with reported():
        return read_with_context(note, root)


@app.command()
def parse(note: NoteArgument, as_json: JsonOption = False, root: RootOption = None) -> None:
    """Stage 1: the note model of NOTE (title, metadata, fields, sections, blocks with their lines, links)."""
    parsed, _context, _text, _issues = _read(note, root)
    _print(parsed, as_json)


@app.command()
def extract(note: NoteArgument, as_json: JsonOption = False, root: RootOption = None) -> None:
    """Stage 2: the domain records of NOTE (resource, event, talks, people, mentions with lines and evidence)."""
    from ..extract import extract_note

    parsed, context, _text, _issues = _read(note, root)
    _print(extract_note(parsed, context), as_json)


@app.command()
def explain(
    note: NoteArgument,
    as_json: JsonOption = False,
    root: RootOption = None,
    every_line: Annotated[
        bool, typer.Option("--all", help="Print every line, not only those that gave something.")
    ] = False,
) -> None:
    """For each line of NOTE: what was extracted from it and which rule did it."""
    from ..pipeline.explain import explain as run

    with reported():
        result = run(note, root=root, every_line=every_line)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    out_console.print(f"{escape(result.path)}: {escape(result.summary)}", soft_wrap=True)
    for line in result.context:
        out_console.print(f"  {escape(line)}", soft_wrap=True)
    for item in result.lines:
        out_console.print(f"[bold]{item.line:>5}[/] │ {escape(item.text)}", soft_wrap=True)
        for what, rule in item.found:
            out_console.print(f"      │   {escape(what)}  [dim]← {escape(rule)}[/]", soft_wrap=True)
