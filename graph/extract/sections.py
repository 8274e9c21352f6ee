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

import re
from bisect import bisect_right
from functools import cache

from ..notes.model import Issue, Note, Section
from ..util.resources import conventions
from ..util.text import clip, fold, phrase_pattern
from .context import NoteContext
from .fields import section_fields
from .talknotes import LETTERED, TalkHead, read_head


@cache
def _words():
    layout = conventions()["layout"]
    return {
        "grouping": phrase_pattern(layout["grouping"]),
        "breaks": phrase_pattern(layout["breaks"]),
    }


class SectionReader:
    """Reads the talk at the top of each section of one note (built once per note, memoised).

    A day heading (``## Day 1 — September 14``) is never a talk, and a section whose
    speaker would be the heading of a section that is itself a talk (``## Keynote`` over
    ``### A. Ownership Without Tears``) groups talks rather than being one.
    """

    def __init__(self, note: Note, context: NoteContext):
        self.note = note
        self.context = context
        self.lines = [b.line for b in note.blocks]
        starts = sorted(s.line for s in note.sections)
        self.stops = dict(zip(starts, [*starts[1:], None], strict=False))
        self.by_line = {s.line: s for s in note.sections}
        self.cache: dict[int, TalkHead | None] = {}

    def __call__(self, section: Section, stop: int | None = None) -> TalkHead | None:
        if section.line not in self.cache:
            self.cache[section.line] = None  # a cycle reads as "not a talk"
            self.cache[section.line] = self._read(section)
        return self.cache[section.line]

    def _read(self, section: Section) -> TalkHead | None:
        if strip_day(section.heading)[1] and not strip_day(section.heading)[0]:
            return None
        start = bisect_right(self.lines, section.line)
        blocks = [b for b in self.note.blocks[start : start + 6] if b.line <= section.end_line]
        stop = self.stops.get(section.line)
        end = (stop - 1) if stop is not None else section.end_line
        fields = section_fields(self.note, self.context, section.line + 1, end)
        head = read_head(self.note, section.heading, section.line, blocks, fields)
        if head.rule is None:
            return None
        below = [self.by_line[line] for line in head.speaker_lines if line in self.by_line]
        if any(self(sub) is not None for sub in below):
            return None
        return head


def is_grouping(heading: str) -> bool:
    """ "Day 1", "Keynotes", "Lightning talks", "Track B — Monday": a heading over talks."""
    folded = fold(heading)
    m = _words()["grouping"].search(folded)
    return bool(m) and len(folded.split()) <= 5


def is_break(heading: str) -> bool:
    """ "Lunch", "Coffee break", "Q&A": a moment of the day that is no talk (at most three words)."""
    folded = fold(LETTERED.sub("", heading)).strip(" :!.")
    return len(folded.split()) <= 3 and bool(_words()["breaks"].search(folded))


@cache
def _day_pattern() -> re.Pattern[str]:
    layout = conventions()["layout"]

    def alternatives(words: list[str]) -> str:
        return "|".join(sorted((re.escape(fold(w)) for w in words), key=len, reverse=True))

    numbered = r"(?:" + alternatives(layout["day_words"]) + r")\s*(?:\d{1,2}|one|two|three|four|five|[ivx]{1,3})"
    ordinal = r"(?:\d(?:st|nd|rd|th)|first|second|third|fourth|last)\s+(?:" + alternatives(layout["day_words"]) + ")"
    weekday = r"(?:" + alternatives(layout["weekdays"]) + ")"
    return re.compile(
        r"(?:^|[\s\-–—:,|/(])(?:" + numbered + "|" + ordinal + "|" + weekday + r")(?=$|\s*[-–—:,|/()]|\s+\d)[^\n]*$"
    )


def strip_day(title: str) -> tuple[str, bool]:
    """ "OSCON EU - Day 1" -> ("OSCON EU", True); "Day 2 — May 3" -> ("", True); others unchanged."""
    m = _day_pattern().search(fold(title))
    if not m:
        return title, False
    return title[: m.start()].strip(" -–—:,|/("), True


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
                f"heading '{clip(section.heading, 50)}' sits among talks but names no speaker: not read as a talk",
            )
        )
    return issues
