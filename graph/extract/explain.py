"""Why each line of a note gave what it gave: the data behind ``talkgraph explain``.

Pure: a parsed note, its record and its context in, one :class:`LineExplanation` per
line out. The rules are those the extractors recorded (:class:`Trace`), the metadata
entries, talks and mentions of the record, and the warnings tied to a line, so a user
can see why a talk, a speaker or a tool was found, or was not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..notes.model import Note
from ..util.text import clip
from .context import NoteContext
from .records import NoteRecord, Trace


@dataclass(frozen=True, slots=True)
class LineExplanation:
    line: int
    text: str
    found: tuple[tuple[str, str], ...] = ()  # (what was read, the rule that read it)


@dataclass(frozen=True, slots=True)
class Explanation:
    path: str
    summary: str
    context: tuple[str, ...] = ()  # what the folder told extraction
    lines: tuple[LineExplanation, ...] = field(default=())

    def as_dict(self) -> dict:
        return {
            "file": self.path,
            "summary": self.summary,
            "context": list(self.context),
            "lines": [
                {"line": x.line, "text": x.text, "found": [{"what": w, "rule": r} for w, r in x.found]}
                for x in self.lines
            ],
        }


def explain_record(note: Note, record: NoteRecord, context: NoteContext, source: str, *, every_line: bool = False):
    """Each line of ``source`` with what extraction read from it (only lines that gave something, by default)."""
    items: dict[int, list[tuple[str, str]]] = {}
    for trace in record.trace or _list_traces(note, record):
        items.setdefault(trace.line, []).append((trace.what, trace.rule))
    for mention in record.mentions:
        rule = mention.evidence or "name"
        rule += ", corrected" if mention.corrected else ""
        what = f"{mention.kind} {mention.key}" + (f" ('{mention.surface}')" if mention.surface != mention.key else "")
        items.setdefault(mention.line, []).append((what, rule))
    for issue in record.issues:
        if issue.line:
            items.setdefault(issue.line, []).append((f"warning: {issue.message}", "check"))
    lines = source.replace("\r\n", "\n").split("\n")
    out = []
    for number, text in enumerate(lines, 1):
        found = tuple(dict.fromkeys(items.get(number, [])))
        if found or (every_line and text.strip()):
            out.append(LineExplanation(number, text, found))
    return Explanation(record.path, _summary(record), _context_lines(context), tuple(out))


def _list_traces(note: Note, record: NoteRecord) -> list[Trace]:
    """The author's convention: what the metadata list, the TL;DR and the talk sections gave."""
    out = []
    if note.title_line:
        out.append(Trace(note.title_line, f"title '{record.title}'", "first level-1 heading"))
    for entry in note.metadata:
        out.append(Trace(entry.line, f"{entry.key} = {clip(entry.text, 60)}", "metadata list `- **key** = value`"))
    if record.tldr_line:
        out.append(Trace(record.tldr_line, "TL;DR", "TL;DR marker"))
    for talk in record.talks:
        speakers = "".join(f", speaker {p.name}" for p in talk.speakers)
        rule = "a section with a speaker line, a title key or talk links"
        if not talk.attended:
            rule = "an entry of a list of talks (not attended)"
        out.append(Trace(talk.line, f"talk '{talk.title}'{speakers}", rule))
    return out


def _summary(record: NoteRecord) -> str:
    res = record.resource
    if res.event is not None:
        listed = "README of the event" if record.listing else "a note about the event"
        return f"{listed} '{res.event.name}', {len(record.talks)} talk(s)"
    if res.is_talk:
        event = f", of the event '{res.super_event.name}'" if res.super_event else ""
        return f"a note that is one talk: '{res.title}'{event}"
    article = "an" if res.type[:1].lower() in "aeiou" else "a"
    return f"a note about {article} {res.type} resource: '{res.title}'"


def _context_lines(context: NoteContext) -> tuple[str, ...]:
    out = []
    if context.event is not None:
        where = f" ({context.event.source}:{context.event.line})" if context.event.source else ""
        out.append(f"folder event '{context.event.name}' from the {context.event.rule}{where}")
    if context.role:
        out.append(f"talkgraph.toml: the folder holds {context.role}")
    if context.keys:
        out.append("talkgraph.toml keys: " + ", ".join(f"{s} -> {m}" for s, m in context.keys))
    if context.language:
        out.append(f"talkgraph.toml: notes written in '{context.language}'")
    return tuple(out)
