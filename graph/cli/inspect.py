"""``talkgraph parse`` and ``extract``: what the first two stages make of one note, as plain data.

Newcomers learn the pipeline from them, and users see why something was or was not found.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from . import app, fail

NoteArgument = Annotated[Path, typer.Argument(help="A Markdown note or a VimOutliner outline (.otl).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (the default is the same data, indented).")]


def _read(note: Path) -> tuple[str, str]:
    from ..notes import read_note_file

    if not note.is_file():
        raise fail(f"note not found: {note}")
    result = read_note_file(note, note.parent)
    if result.text is None:
        raise fail(f"{note}: {result.warning}")
    return note.name, result.text


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


@app.command()
def parse(note: NoteArgument, as_json: JsonOption = False) -> None:
    """Stage 1: the note model of NOTE (title, metadata, sections, blocks with their lines, links, code spans)."""
    from ..notes import parse_file

    _print(parse_file(*_read(note)), as_json)


@app.command()
def extract(note: NoteArgument, as_json: JsonOption = False) -> None:
    """Stage 2: the domain records of NOTE (resource, event, talks, people, mentions with lines and evidence)."""
    from ..extract import extract_note
    from ..notes import parse_file

    _print(extract_note(parse_file(*_read(note))), as_json)
