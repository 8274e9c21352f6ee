"""One entry point for every note file: Markdown or outline, resource or topic note, with its timestamps.

The build, ``lint``, ``parse`` and ``timestamps`` all read notes through
:func:`parse_file`, so they never disagree on what a file says.
"""

from __future__ import annotations

from dataclasses import replace

from .discover import is_outline
from .model import Note
from .otl import parse_outline
from .parse import parse_note
from .timestamps import scan
from .topics import as_topic_note


def parse_file(path: str, source: str, *, topic: bool | None = None) -> Note:
    """Parse the note at ``path`` (relative to the notes folder) from its decoded text.

    ``topic`` forces the kind of note: ``True`` a topic note, ``False`` a resource note,
    ``None`` (the default) recognises it from its location and content
    (:mod:`graph.notes.topics`). A declaration in a configuration file maps onto it.
    """
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    outline = is_outline(path)
    note = parse_outline(path, source) if outline else parse_note(path, source)
    note = as_topic_note(note, topic)
    lines = source.split("\n")
    if outline:
        lines = [_outline_text(line) for line in lines]
    skip = {n for b in note.blocks if b.kind in ("code", "html") for n in range(b.line, b.end_line + 1)}
    stamps, issues = scan(path, lines, skip)
    if not stamps and not issues:
        return note
    return replace(note, timestamps=tuple(stamps), issues=note.issues + tuple(issues))


def _outline_text(line: str) -> str:
    """An outline line as a timestamp scanner sees it: tabs and a ``:`` body marker blanked, columns kept."""
    body = line.lstrip("\t")
    indent = len(line) - len(body)
    if body.startswith((":", ">")):
        return " " * (indent + 1) + body[1:]
    if body.startswith((";", "<", "|")):
        return ""
    return " " * indent + body
