"""Topic notes: notes about a subject (a tool, a technique) rather than one resource.

The author of the notes keeps, beside the dated notes on what they read or watched, a
``structured/`` folder of notes about subjects (``duckdb.md``, ``uv.md``) and VimOutliner
outlines. These follow their own convention: no metadata list, no date in the file name,
an in-page table of contents, and ``#`` headings that are sections ("# Installation"), not
the title. Read as resource notes they only give noise (a title "Installation", a warning
for the missing metadata); recognised, they become ``tg:TopicNote``\\ s titled from their
file name or from a first heading that is really a title.

Recognition works from the note itself (its content and where it sits), or is forced by a
declaration (``talkgraph.toml``) through the ``declared`` parameter of :func:`as_topic_note`:
``True`` makes any note a topic note, ``False`` keeps it a resource note, ``None`` (the
default) lets the content decide.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from urllib.parse import unquote

from ..util.resources import schema_toml
from ..util.text import fold
from .discover import is_outline
from .model import Block, Note, Section
from .parse import NO_METADATA, NO_TITLE

_DATED = re.compile(r"^\d{4}-(?:\d{2}|xx)-(?:\d{2}|xx)-", re.I)


@cache
def _conventions() -> tuple[frozenset[str], int]:
    table = schema_toml("layout.toml")["topic_notes"]
    return frozenset(fold(f) for f in table["folders"]), int(table["toc_min_links"])


def is_topic_note(note: Note, declared: bool | None = None) -> bool:
    """Whether ``note`` is about a subject rather than a resource (see the module docstring)."""
    if declared is not None:
        return declared
    if note.metadata:
        return False
    folders, _ = _conventions()
    if any(fold(part) in folders for part in note.path.split("/")[:-1]):
        return True
    if is_outline(note.path):
        return True
    name = note.path.rsplit("/", 1)[-1]
    return not _DATED.match(name) and len(_toc_targets(note)) >= _conventions()[1]


def _anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as ``-``."""
    kept = "".join(c for c in heading.lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


def _toc_targets(note: Note) -> set[str]:
    """Anchors of the note's headings that a list before or at the first heading links to."""
    headings = {_anchor(b.text.strip()) for b in note.blocks if b.kind == "heading"}
    first_heading = next((b.line for b in note.blocks if b.kind == "heading"), None)
    targets = set()
    for block in note.blocks:
        if first_heading is not None and block.line > first_heading:
            break
        if block.kind != "list_item":
            continue
        for link in block.links:
            anchor = unquote(link.url[1:]) if link.url.startswith("#") else None
            if anchor and (anchor in headings or _anchor(link.text) == anchor):
                targets.add(anchor)
    return targets


def file_title(path: str) -> str:
    """A title from the file name: ``structured/py-spy.md`` -> ``py-spy``, underscores as spaces."""
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    stem = _DATED.sub("", stem) or stem
    return stem.replace("_", " ").strip() or stem


def _first_heading_is_section(note: Note) -> bool:
    """The parser took the first ``#`` heading as the title; in a topic note it is often a section:
    when the table of contents links to it, when another ``#`` heading follows, or when other
    content comes before it."""
    if note.title is None:
        return False
    if _anchor(note.title) in _toc_targets(note) or any(s.level == 1 for s in note.sections):
        return True
    toc = {b.line for b in note.blocks if b.kind == "list_item" and any(k.url.startswith("#") for k in b.links)}
    before = [b for b in note.blocks if b.line < (note.title_line or 0) and b.text.strip() and b.line not in toc]
    return bool(before)


def _title_section(note: Note) -> Section:
    """The first ``#`` heading as the level-1 section it is, up to the next ``#`` heading."""
    line = note.title_line or 1
    following = [s.line for s in note.sections if s.level == 1 and s.line > line]
    end = (min(following) - 1) if following else max(note.line_count, line)
    head: Block | None = next((b for b in note.blocks if b.kind == "heading" and b.line == line), None)
    inner = tuple(b for b in note.blocks if line < b.line <= end)
    return Section(heading=note.title or "", level=1, line=line, end_line=end, blocks=inner, heading_block=head)


def as_topic_note(note: Note, declared: bool | None = None) -> Note:
    """``note`` as a topic note when it is one (else unchanged): kind, title, sections, no metadata warnings."""
    if not is_topic_note(note, declared):
        return note
    title, title_line, sections = note.title, note.title_line, note.sections
    if title is None or _first_heading_is_section(note):
        if title is not None:
            sections = tuple(sorted((_title_section(note), *sections), key=lambda s: s.line))
        title, title_line = file_title(note.path), None
    issues = tuple(i for i in note.issues if i.message not in (NO_TITLE, NO_METADATA))
    return replace(note, kind="topic", title=title, title_line=title_line, sections=sections, issues=issues)

