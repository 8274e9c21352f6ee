"""Sections of a multi-talk file that are talks, in other people's conventions.

One file per conference or per day, a section per talk: ``### Title`` then
``**Speaker (Company)**``; ``### A. Title`` then ``- speaker: Name``; ``## "Title" by Name``;
``## Title`` then ``### Jane Doe``. A section is a talk when the top of it names a speaker
(:func:`graph.extract.talknotes.read_head` reads it the same way as the top of a one-talk
file). Headings that group talks (``## Day 1``, ``## Keynote``, ``## Lightning talks``) are
not talks; a heading that sits among talks without naming a speaker and is not a break
(``## Lunch``) is reported, so a missing speaker line is seen rather than silently dropped.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

from ..notes.model import Issue, Note, Section
from ..util.resources import conventions
from ..util.text import fold, phrase_pattern
from .context import NoteContext
from .fields import section_fields
from .talknotes import TalkHead, read_head


@cache
def _words():
    layout = conventions()["layout"]
    return {
        "grouping": phrase_pattern(layout["grouping"] + layout["days"]),
        "breaks": phrase_pattern(layout["breaks"]),
    }


class SectionReader:
    """Reads the talk at the top of each section of one note (built once per note)."""

    def __init__(self, note: Note, context: NoteContext):
        self.note = note
        self.context = context
        self.lines = [b.line for b in note.blocks]
        self.cache: dict[int, TalkHead | None] = {}

    def __call__(self, section: Section, stop: int | None) -> TalkHead | None:
        if section.line not in self.cache:
            self.cache[section.line] = self._read(section, stop)
        return self.cache[section.line]

    def _read(self, section: Section, stop: int | None) -> TalkHead | None:
        start = bisect_right(self.lines, section.line)
        blocks = [b for b in self.note.blocks[start : start + 6] if b.line <= section.end_line]
        end = (stop - 1) if stop is not None else section.end_line
        fields = section_fields(self.note, self.context, section.line + 1, end)
        head = read_head(self.note, section.heading, section.line, blocks, fields)
        return head if head.rule is not None else None


def is_grouping(heading: str) -> bool:
    """ "Day 1", "Keynotes", "Lightning talks", "Track B — Monday": a heading over talks."""
    folded = fold(heading)
    m = _words()["grouping"].search(folded)
    return bool(m) and len(folded.split()) <= 5


def is_break(heading: str) -> bool:
    return bool(_words()["breaks"].fullmatch(fold(heading).strip(" :!.")))


def unread_headings(note: Note, talk_sections: list[Section]) -> list[Issue]:
    """Headings at a talk's level, outside any talk, that name no speaker: each gets a warning."""
    if not talk_sections:
        return []
    levels = {s.level for s in talk_sections}
    talks = {s.line for s in talk_sections}
    spans = [(s.line, s.end_line) for s in talk_sections]
    issues = []
    for section in note.sections:
        if section.level not in levels or section.line in talks or section.line == note.title_line:
            continue
        if any(start < section.line <= end for start, end in spans):
            continue  # a part of a talk ("### Takeaways")
        if any(section.line < line <= section.end_line for line in talks):
            continue  # it groups talks ("## Keynote", "## Day 2")
        if is_grouping(section.heading) or is_break(section.heading):
            continue
        issues.append(
            Issue(
                note.path,
                section.line,
                f"heading '{section.heading[:50]}' sits among talks but names no speaker: not read as a talk",
            )
        )
    return issues
