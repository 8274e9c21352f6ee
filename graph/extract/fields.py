"""The fields of a note (front matter, ``key:: value``, ``Key: value``, ``#tags``) -> what they mean.

The parser keeps every field as written; here each key is looked up in
``schema/conventions.toml`` (``[fields]``) and in the user's own keys (``talkgraph.toml``,
carried by the :class:`NoteContext`), so ``Presenter:``, ``speakers:`` and ``orateur::``
all mean "speaker". A plain ``Key: value`` line counts only for a few meanings and only
before the first section (``Note: …`` further down is prose), while front matter and
``key::`` fields count wherever they are.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from ..notes.model import Field, Issue, Link, MetaEntry, Note
from ..util.resources import conventions
from ..util.text import clip, field_key
from .context import NoteContext

# meanings that the metadata reader (metadata.py) already understands, and its key for each
_META_KEY = {"url": "url", "type": "type", "speaker": "author", "date": "published", "tags": "tags", "source": "source"}


@cache
def _meanings() -> dict[str, str]:
    keys = conventions()["fields"]["keys"]
    return {field_key(spelling): meaning for meaning, spellings in keys.items() for spelling in spellings}


@cache
def _line_meanings() -> frozenset[str]:
    return frozenset(conventions()["fields"]["line_keys"])


def meaning_of(key: str, context: NoteContext) -> str | None:
    """What a field key means ("speakers" -> "speaker"), the user's own keys first."""
    folded = field_key(key)
    for spelling, meaning in context.keys:
        if spelling == folded:
            return meaning
    return _meanings().get(folded)


def read_fields(note: Note, context: NoteContext, *, until: int | None = None) -> dict[str, list[Field]]:
    """The note's fields by meaning, in file order; plain ``Key: value`` lines only before line ``until``."""
    limit = until if until is not None else _first_section_line(note)
    found: dict[str, list[Field]] = defaultdict(list)
    for item in note.fields:
        meaning = "tags" if item.origin == "hashtag" else meaning_of(item.key, context)
        if meaning is None:
            continue
        if item.origin == "line" and (meaning not in _line_meanings() or item.line >= limit):
            continue
        found[meaning].append(item)
    return dict(found)


def section_fields(note: Note, context: NoteContext, start: int, end: int) -> dict[str, list[Field]]:
    """``- speaker: Name`` and the like inside one section (lines ``start``..``end``)."""
    found: dict[str, list[Field]] = defaultdict(list)
    for item in note.fields:
        if start <= item.line <= end and item.origin in ("line", "inline"):
            meaning = meaning_of(item.key, context)
            if meaning is not None and (item.origin == "inline" or meaning in _line_meanings()):
                found[meaning].append(item)
    return dict(found)


def _first_section_line(note: Note) -> int:
    lines = [s.line for s in note.sections if s.line != note.title_line]
    return min(lines) if lines else note.line_count + 1


def as_metadata(fields: dict[str, list[Field]]) -> tuple[MetaEntry, ...]:
    """The fields the metadata reader understands (url, type, speaker, date, tags, source) as its entries."""
    entries = []
    for meaning, key in _META_KEY.items():
        for item in fields.get(meaning, []):
            value = item.value
            if meaning == "tags" and item.origin != "line":
                # "#kubernetes #devops", "python, testing", Obsidian's nested #topic/testing
                tags = [t.lstrip("#").replace("/", ">") for t in re.split(r"[,\s]+", value) if t.strip("#")]
                value = " ; ".join(tags)
            links = tuple(Link(text=url, url=url, line=item.line) for url in item.urls)
            entries.append(
                MetaEntry(
                    key=key,
                    raw_key=item.raw_key,
                    value=item.raw or value,
                    line=item.line,
                    links=links,
                    text=value,
                    form=item.origin,
                )
            )
    return tuple(entries)


def extra_entries(note: Note, context: NoteContext) -> tuple[tuple[str, str, int], ...]:
    """Front matter and ``key::`` fields with no meaning here: kept as ``tg:metadataEntry``, never lost."""
    return tuple(
        (item.raw_key, item.value, item.line)
        for item in note.fields
        if item.origin in ("yaml", "toml", "inline") and meaning_of(item.key, context) is None and item.value
    )


@cache
def _single_meanings() -> frozenset[str]:
    return frozenset(conventions()["fields"].get("single", ()))


def several_values(path: str, fields: dict[str, list[Field]]) -> list[Issue]:
    """A warning for each key of one value given several (``title: [a, b]``): the first is used, none is lost silently.

    Only values under the same key count: ``title:`` in front matter and ``talk::`` further
    down are two conventions agreeing, not a list.
    """
    issues = []
    for meaning in sorted(_single_meanings() & fields.keys()):
        by_key: dict[str, list[Field]] = defaultdict(list)
        for item in fields[meaning]:
            if item.origin != "hashtag" and item.value:
                by_key[item.raw_key].append(item)
        for key, items in by_key.items():
            values = list(dict.fromkeys(item.value for item in items))
            if len(values) > 1:
                shown = ", ".join(f"'{clip(v, 40)}'" for v in values[:4]) + (", …" if len(values) > 4 else "")
                issues.append(Issue(path, items[0].line, f"'{key}' has {len(values)} values ({shown}) but means one "
                                                         f"{meaning}: the first is used"))
    return issues


def first_value(fields: dict[str, list[Field]], meaning: str) -> Field | None:
    found = fields.get(meaning)
    return found[0] if found else None
