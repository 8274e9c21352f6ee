"""Stage 1: files of a notes folder -> note model (Markdown parsed, every piece with its line)."""

from .context import FileRevision, NoteContext
from .discover import Survey, discover, survey
from .formats import parse_file
from .model import Block, CodeSpan, Issue, Link, MetaEntry, Note, Section, Timestamp
from .parse import consultation_date, parse_note
from .read import read_note_file

__all__ = [
    "Block",
    "CodeSpan",
    "FileRevision",
    "Issue",
    "Link",
    "MetaEntry",
    "Note",
    "NoteContext",
    "Section",
    "Survey",
    "Timestamp",
    "consultation_date",
    "discover",
    "parse_file",
    "parse_note",
    "read_note_file",
    "survey",
]
