"""Stage 1: files of a notes folder -> note model (Markdown parsed, every piece with its line)."""

from .discover import Survey, discover, survey
from .facts import FileFacts, FileRevision
from .formats import parse_file
from .model import Block, CodeSpan, Field, Issue, Link, MetaEntry, Note, Section, Timestamp, WikiLink
from .parse import consultation_date, parse_note
from .read import read_note_file

__all__ = [
    "Block",
    "CodeSpan",
    "Field",
    "FileFacts",
    "FileRevision",
    "Issue",
    "Link",
    "MetaEntry",
    "Note",
    "Section",
    "Survey",
    "Timestamp",
    "WikiLink",
    "consultation_date",
    "discover",
    "parse_file",
    "parse_note",
    "read_note_file",
    "survey",
]
