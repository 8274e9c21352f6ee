"""Markdown notes -> note model (with line numbers)."""

from .model import Block, CodeSpan, Issue, Link, MetaEntry, Note, Section
from .parse import consultation_date, parse_note
from .read import read_note_file

__all__ = [
    "Block",
    "CodeSpan",
    "Issue",
    "Link",
    "MetaEntry",
    "Note",
    "Section",
    "consultation_date",
    "parse_note",
    "read_note_file",
]
