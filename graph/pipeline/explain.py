"""``talkgraph explain``: one note read with its folder's context, and what each line gave.

The shell part of :mod:`graph.extract.explain`: it reads the note and the READMEs of its
folders (and ``talkgraph.toml``), exactly as a build would, so the explanation is the
build's own reading of the note.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..extract import NoteContext, extract_note
from ..extract.context import declared_topic
from ..extract.explain import Explanation, explain_record
from ..notes import Note, parse_file, read_note_file
from ..notes.model import Issue
from .context import context_for_file


def read_with_context(note: str | Path, root: str | Path | None = None) -> tuple[Note, NoteContext, str, list[Issue]]:
    """The parsed note, its context, its text and the warnings about its folder (for explain, parse, extract)."""
    path = Path(note)
    if not path.is_file():
        raise InputError(f"note not found: {note}")
    base = Path(root) if root is not None else None
    if base is not None and not base.is_dir():
        raise InputError(f"notes folder not found: {root}")
    try:
        rel, context, issues = context_for_file(path, base)
    except ValueError:
        raise InputError(f"{note} is not inside the notes folder {root}") from None
    result = read_note_file(path, path.parent)
    if result.text is None:
        raise InputError(f"{note}: {result.warning}")
    return parse_file(rel, result.text, topic=declared_topic(context)), context, result.text, issues


def explain(note: str | Path, *, root: str | Path | None = None, every_line: bool = False) -> Explanation:
    """What each line of ``note`` gave and which rule read it (``root``: the notes folder, found when omitted)."""
    parsed, context, text, _issues = read_with_context(note, root)
    record = extract_note(parsed, context)
    return explain_record(parsed, record, context, text, every_line=every_line)
