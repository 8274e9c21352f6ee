"""The talks an event's README or a conference note lists, and the notes they link to.

``- [Testing Web Apps with Playwright](testing.md) by Sam Lee``, ``- "Title" by Name``, or a
section ``## "Title" by Name`` with ``[Abstract](…)``: each is a talk of the folder's event.
A link to a Markdown file of the notes folder names the talk's own note: the RDF stage
then gives the talk the IRI of that note's resource, so the README's talk and the note
are one node.

A conference note may list its talks the same way, as an agenda with the note-taker's
remarks nested under each item (``- **Terraform at Scale** by Jane Doe, Acme``,
``1. "Typing Legacy Code" — John Smith (Bloomberg)``), or as a table whose header names a
talk and a speaker column (``| Time | Talk | Speaker | Company |``): :func:`agenda_talks`.
"""

from __future__ import annotations

import posixpath
import re
from functools import cache
from urllib.parse import unquote, urlsplit

from ..notes.model import Block, Link, Note
from ..util.resources import conventions
from ..util.text import collapse_space, fold
from .records import Talk
from .sections import is_grouping
from .speakers import parse_speakers
from .talknotes import split_title, without_format
from .values import normalise_url


def local_note(url: str, folder: str) -> str | None:
    """``./talk.md`` in a README of ``folder`` -> ``folder/talk.md``; web links and escapes -> None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or not parts.path.lower().endswith(".md"):
        return None
    path = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    return None if path.startswith("../") or path == ".." or path.startswith("/") else path


def note_links(note: Note, talk: Talk, folder: str) -> str | None:
    """The local note a README section's heading or first paragraphs link to, if one does."""
    after = [b for b in note.blocks if talk.line <= b.line <= talk.end_line]
    for index, block in enumerate(after[:4]):
        if index and block.kind not in ("paragraph",):
            break
        for link in block.links:
            target = local_note(link.url, folder)
            if target:
                return target
    return None


def listed_talks(note: Note, folder: str, covered: list[tuple[int, int]], seen: set[str]) -> list[Talk]:
    """Top-level list items of a README that are talks: a link to a note, or ``"Title" by Name``."""
    talks: list[Talk] = []
    for block in note.blocks:
        if block.kind != "list_item" or block.depth != 0 or any(a <= block.line <= b for a, b in covered):
            continue
        talk = _listed(block, folder)
        if talk is not None and fold(talk.title) not in seen:
            seen.add(fold(talk.title))
            talks.append(talk)
    return talks


def agenda_talks(note: Note, covered: list[tuple[int, int]], seen: set[str]) -> list[Talk]:
    """Top-level list items outside ``covered`` whose first line is a title and its speakers.

    The items nested under one are its notes (the talk ends where the next top-level block
    starts). One such item alone could be a book and its author: it counts under a heading
    that groups talks ("## Lightning talks"), else only beside another in the same list.
    """
    runs: list[tuple[bool, list[Talk]]] = []  # (under a grouping heading, the talks of one list)
    current: list[Talk] | None = None
    grouped = False
    for index, block in enumerate(note.blocks):
        if block.depth != 0:
            continue
        if block.kind == "heading":
            grouped = is_grouping(block.text)
        talk = None
        if block.kind == "list_item" and not any(a <= block.line <= b for a, b in covered):
            talk = _agenda_item(block, note.blocks, index)
        if talk is None:
            current = None
            continue
        if current is None:
            current = []
            runs.append((grouped, current))
        current.append(talk)
    talks: list[Talk] = []
    for under_grouping, run in runs:
        for talk in run if under_grouping or len(run) >= 2 else ():
            if fold(talk.title) not in seen:
                seen.add(fold(talk.title))
                talks.append(talk)
    return talks


def table_talks(note: Note, covered: list[tuple[int, int]], seen: set[str]) -> list[Talk]:
    """The rows of a table whose header names a talk column and a speaker column (an employer column too, maybe)."""
    talks: list[Talk] = []
    for header, *rows in _tables(note.blocks):
        columns = _columns(header)
        if "title" not in columns or "speaker" not in columns:
            continue
        for row in rows:
            talk = _table_row(row, columns) if len(row) == len(header) else None
            if talk is not None and not any(a <= talk.line <= b for a, b in covered) and fold(talk.title) not in seen:
                seen.add(fold(talk.title))
                talks.append(talk)
    return talks


def _tables(blocks: list[Block]) -> list[list[list[Block]]]:
    """Each table's rows of cells, the header first (a row's cells share its line)."""
    tables: list[list[list[Block]]] = []
    previous: Block | None = None
    for block in blocks:
        if block.kind == "cell":
            if previous is None or previous.kind != "cell":
                tables.append([[block]])
            elif block.line == previous.line:
                tables[-1][-1].append(block)
            else:
                tables[-1].append([block])
        previous = block
    return tables


@cache
def _column_names() -> dict[str, str]:
    table = conventions()["layout"]["table_columns"]
    return {fold(name): meaning for meaning, names in table.items() for name in names}


def _columns(header: list[Block]) -> dict[str, int]:
    names = _column_names()
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        meaning = names.get(fold(collapse_space(cell.text)).strip(" :"))
        if meaning is not None:
            found.setdefault(meaning, index)
    return found


def _table_row(row: list[Block], columns: dict[str, int]) -> Talk | None:
    title = collapse_space(row[columns["title"]].text).strip(' "“”')
    who = collapse_space(row[columns["speaker"]].text)
    company = collapse_space(row[columns["company"]].text) if "company" in columns else ""
    if company and "(" not in who:
        who = f"{who} ({company})"
    line = row[0].line
    speakers = tuple(parse_speakers(who, line, strict=False)) if who else ()
    if len(title) < 4 or not speakers:
        return None
    return Talk(title=title, attended=None, line=line, end_line=line, speakers=speakers)


def _agenda_item(block: Block, blocks: list[Block], index: int) -> Talk | None:
    """The talk a list item's first line names with its speakers, ending before the next top-level block."""
    written, who, _rule = split_title(collapse_space(block.text.split("\n", 1)[0]))
    speakers = tuple(parse_speakers(who, block.line, strict=False)) if who else ()
    title = without_format(written)
    if not speakers or len(title) < 4:
        return None
    end = block.end_line
    for after in blocks[index + 1 :]:
        if after.depth == 0:
            break
        end = max(end, after.end_line)
    return Talk(title=title.strip('"“”'), attended=None, line=block.line, end_line=end, speakers=speakers,
                alternate_names=(written,) if written != title else ())


@cache
def _not_titles() -> frozenset[str]:
    return frozenset(fold(w) for w in conventions()["layout"]["readme_link_words"])


def _listed(block: Block, folder: str) -> Talk | None:
    """``- [Title](talk.md) by Name``, ``- [Title](https://…) - Name``, ``- "Title" by Name``."""
    first: Link | None = block.links[0] if block.links else None
    target = local_note(first.url, folder) if first is not None else None
    text = collapse_space(block.text)
    title, who, _rule = split_title(text)
    if who is None and first is not None and text.startswith(collapse_space(first.text)):
        title = collapse_space(first.text)
        rest = re.sub(r"^[\s\-–—,:|]+", "", text[len(title) :])
        rest = rest[3:] if fold(rest).startswith("by ") else rest
        who = rest if rest and parse_speakers(rest, block.line, strict=False) else None
        if target is None and (len(title.split()) < 2 or fold(title) in _not_titles() or normalise_url(title)):
            return None
    elif who is None:
        return None
    speakers = tuple(parse_speakers(who, block.line, strict=False)) if who else ()
    web = normalise_url(first.url) if first is not None and target is None else None
    return Talk(
        title=title.strip('"“”'),
        attended=True if target else None,
        line=block.line,
        end_line=block.end_line,
        url=web,
        speakers=speakers,
        note=target,
    )
