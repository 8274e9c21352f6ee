"""Stage 1: files of a notes folder -> note model (Markdown parsed, every piece with its line)."""

from .discover import discover
from .model import Block, CodeSpan, Field, Issue, Link, MetaEntry, Note, Section, WikiLink
from .parse import consultation_date, parse_note
from .read import read_note_file

__all__ = [
    "Block",
    "CodeSpan",
    "Field",
    "Issue",
    "Link",
    "MetaEntry",
    "Note",
    "Section",
    "WikiLink",
    "consultation_date",
    "discover",
    "parse_note",
    "read_note_file",
]
