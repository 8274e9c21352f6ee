"""The talks a conference note lists outside its sections: an agenda, or a table.

An agenda is a list with the note-taker's remarks nested under each talk
(``- **Terraform at Scale** by Jane Doe, Acme``, ``1. "Typing Legacy Code" — John Smith
(Bloomberg)``); a table names a talk and a speaker column in its header
(``| Time | Talk | Speaker | Company |``). An event's README lists its talks in
:mod:`.readme`.
"""

from __future__ import annotations

from functools import cache

from ..notes.model import Block, Note
from ..util.resources import conventions
from ..util.text import collapse_space, fold
from .records import Talk
from .sections import is_grouping
from .speakers import parse_speakers
from .talknotes import split_title, without_format


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
