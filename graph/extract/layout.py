"""Notes in other people's conventions: which layout a note follows, and what it says in it.

A note without the author's ``- **key** = value`` list is one of:

- a folder's **README/index** naming its event (``# [PyCon SK 2018](…) (March 9-11, 2018)``):
  the note is about that event, and the talks it lists are talks of it;
- a **multi-talk file** (one per conference or per day): two sections or more read as
  talks (:mod:`.sections`), or one under a title naming an event; the note is about the
  event, shared with its folder when the file is one day of it (``# OSCON EU - Day 1``);
- a **one-talk file**: a speaker under the title (:mod:`.talknotes`), a speaker field, or
  a heading in a folder that is an event; the note's resource *is* the talk
  (``?note schema:about ?talk . ?talk a tg:Talk``), ``schema:superEvent`` its event;
- anything else: a resource with what its fields say.

Each decision is recorded as a :class:`Trace` for ``talkgraph explain``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from ..notes.model import Block, Field, Issue, MetaEntry, Note
from ..util.resources import conventions
from ..util.text import clip, fold, norm_name, slug
from .agendas import agenda_talks, table_talks
from .context import FolderEvent, NoteContext
from .daterange import find_year
from .events import duration_minutes, extract_event, is_event, is_talk_resource
from .fields import as_metadata, extra_entries, first_value, read_fields, several_values
from .folders import folder_name_event, heading_facts, intro_place, names_event
from .metadata import resource_from_metadata
from .readme import listed_talks, note_links
from .records import DateValue, Event, Place, Resource, Talk, Trace
from .sections import SectionReader, strip_day, unread_headings
from .talknotes import TalkHead, read_head
from .values import normalise_url, parse_date

NO_TITLE = "no level-1 heading: the note has no title (file name used instead)"


@dataclass
class Reading:
    """What the layout of one note gave: the resource, its talks, and how each was read."""

    resource: Resource
    title: str
    talks: list[Talk] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    traces: list[Trace] = field(default_factory=list)
    read_lines: set[int] = field(default_factory=set)  # lines read as metadata: no tool is looked for there
    listing: bool = False


@cache
def _language_names() -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in conventions()["fields"]["language_names"])


def read_layout(note: Note, context: NoteContext) -> Reading:
    """The resource and talks of a note written in someone else's conventions."""
    fields = read_fields(note, context)
    meta_note = replace(note, metadata=note.metadata + as_metadata(fields))
    resource, issues = resource_from_metadata(meta_note, listed=False)
    title, title_line = _title(note, fields)
    resource = replace(
        resource, title=title, title_line=title_line, extra=resource.extra + extra_entries(note, context)
    )
    untitled = [] if _has_heading(note) or "title" in fields else [Issue(note.path, 1, NO_TITLE)]
    issues = list(note.issues) + untitled + issues + several_values(note.path, fields)
    reading = Reading(resource=resource, title=title, issues=issues, traces=_field_traces(fields))
    reading.read_lines = {f.line for items in fields.values() for f in items if f.origin != "hashtag"}
    if context.readme and context.event is not None and context.event.source == note.path:
        return _event_note(reading, meta_note, context, fields, SectionReader(note, context), readme=True)
    if context.role in ("topics", "resources") or context.readme:
        return _plain(reading, note, context)
    if resource.raw_type is not None and resource.type != "other":  # `type: note` in a template says nothing
        return _typed(reading, meta_note, context, fields)
    reader = SectionReader(note, context)
    head = _unless_a_talk(read_head(note, title, title_line, _after(note, title_line), fields), note, reader)
    skip = {title_line, *head.speaker_lines}
    sections = [s for s in note.sections if s.level >= 2 and s.line not in skip and reader(s, None)]
    named = names_event(strip_day(title)[0] or title, None)
    if len(sections) >= 2 or (sections and (named or "event" in fields)):
        return _event_note(reading, meta_note, context, fields, reader)
    conference = named or "event" in fields or context.event is not None
    if head.rule is None and conference and _lists_talks(note, [(s.line, s.end_line) for s in sections]):
        return _event_note(reading, meta_note, context, fields, reader)
    if head.rule is None and named and context.event is not None and same_event(title, context.event.name):
        return _event_note(reading, meta_note, context, fields, reader)  # "# DevOpsDays Amsterdam 2024": no talk
    if head.rule is not None or context.role == "talks" or (context.event is not None and _has_heading(note)):
        return _talk_note(reading, note, context, fields, head)
    return _plain(reading, note, context)


def _lists_talks(note: Note, covered: list[tuple[int, int]]) -> bool:
    """An agenda of list items or a table of talks outside ``covered`` (:mod:`.agendas`)."""
    return bool(agenda_talks(note, covered, set()) or table_talks(note, covered, set()))


def _unless_a_talk(head: TalkHead, note: Note, reader: SectionReader) -> TalkHead:
    """A "speaker heading" under the title that is itself a talk (it has a speaker) is a talk, not a speaker."""
    sections = {s.line: s for s in note.sections}
    if not any(line in sections and reader(sections[line]) for line in head.speaker_lines):
        return head
    traces = tuple(t for t in head.traces if not t.what.startswith(("speaker ", "subtitle ")))
    return replace(head, speakers=(), speaker_lines=(), rule=None, subtitle=None, traces=traces)


def _typed(reading: Reading, note: Note, context: NoteContext, fields: dict[str, list[Field]]) -> Reading:
    """A type given by a field: ``type: talk`` in front matter, ``kind:: conference``."""
    if is_event(reading.resource):
        return _event_note(reading, note, context, fields, SectionReader(note, context))
    if reading.resource.type == "talk" or is_talk_resource(reading.resource, note):
        head = read_head(
            note, reading.title, reading.resource.title_line, _after(note, reading.resource.title_line), fields
        )
        return _talk_note(reading, note, context, fields, head)
    return reading


def _title(note: Note, fields: dict[str, list[Field]]) -> tuple[str, int]:
    given = first_value(fields, "title")
    if given is not None and given.origin in ("yaml", "toml", "inline"):
        return given.value, given.line
    if note.title:
        return note.title, note.title_line or 1
    heading = next((b for b in note.blocks if b.kind == "heading" and b.text.strip()), None)
    if heading is not None:
        return heading.text.strip(), heading.line
    return note.path.rsplit("/", 1)[-1].removesuffix(".md"), 1


def _has_heading(note: Note) -> bool:
    return note.title is not None or any(b.kind == "heading" for b in note.blocks)


def _after(note: Note, line: int) -> list[Block]:
    return [b for b in note.blocks if b.line > line][:6]


def _plain(reading: Reading, note: Note, context: NoteContext) -> Reading:
    said = note.metadata or any(f.origin in ("yaml", "toml", "inline") for f in note.fields)
    if not said and context.list_convention and not context.readme and context.role != "topics":
        reading.issues.append(
            Issue(note.path, note.title_line or 1, "no metadata list (`- **key** = value`) after the title")
        )
    return reading


def _talk_note(
    reading: Reading, note: Note, context: NoteContext, fields: dict[str, list[Field]], head: TalkHead
) -> Reading:
    """The note is the talk: speakers, links and event on the resource itself."""
    event = _talk_event(context, fields)
    video, slides = first_value(fields, "video"), first_value(fields, "slides")
    duration, language = first_value(fields, "duration"), first_value(fields, "language")
    details = Talk(
        title=head.title,
        attended=True if event is not None else None,
        line=head.line,
        end_line=note.line_count,
        url=head.url,
        replay=head.replay or _url(video),
        slides=head.slides or _url(slides),
        duration_minutes=duration_minutes(duration.value) if duration else None,
        language=_language(language.value) if language else None,
        speakers=head.speakers,
        subtitle=head.subtitle,
        alternate_names=(head.written,) if head.written else (),
    )
    resource = reading.resource
    urls = resource.urls + tuple(u for u in (head.url,) if u and u not in resource.urls)
    reading.resource = replace(
        resource,
        title=head.title,
        type="talk",
        is_talk=True,
        urls=urls,
        authors=head.speakers or resource.authors,
        super_event=event,
        talk=details,
    )
    reading.title = head.title
    reading.read_lines.update(head.speaker_lines)
    reading.traces.extend(head.traces)
    reading.traces.append(Trace(head.line, "the note is one talk", head.rule or _talk_rule(context)))
    if event is not None:
        reading.traces.append(Trace(head.line, f"event '{event.name}'", _event_rule(context, fields)))
    return reading


def _talk_rule(context: NoteContext) -> str:
    if context.role == "talks":
        return "talkgraph.toml: the folder holds talks"
    return f"a note in the folder of an event ({context.event.rule})" if context.event else "a speaker under the title"


def _event_rule(context: NoteContext, fields: dict[str, list[Field]]) -> str:
    given = first_value(fields, "event")
    if given is not None:
        return f"{given.origin} field '{given.raw_key}'"
    return context.event.rule if context.event else "the note's title"


def _talk_event(context: NoteContext, fields: dict[str, list[Field]]) -> Event | None:
    """A one-talk note's event: a field naming it, else its folder's."""
    given = first_value(fields, "event")
    folder = context.event
    place = first_value(fields, "place")
    if (
        given is not None
        and folder is not None
        and (folder.strength != "folder" or same_event(given.value, folder.name))
    ):
        return folder_as_event(folder, name=_own_name(folder, given.value), also=(given.value,))
    if given is not None:
        return Event(
            name=given.value,
            kind="conference",
            url=_url(given),
            start_date=None,
            place=Place(place.value, place.line) if place else None,
            key=slug(given.value),
        )
    return folder_as_event(folder) if folder is not None else None


def folder_as_event(folder: FolderEvent, *, name: str | None = None, also: tuple[str, ...] = ()) -> Event:
    label = name or folder.name
    alternates = tuple(
        dict.fromkeys(n for n in (*folder.alternate_names, folder.name, *also) if n and fold(n) != fold(label))
    )
    return Event(
        name=label,
        kind="conference",
        url=folder.url,
        start_date=folder.start_date,
        place=folder.place,
        alternate_names=alternates,
        key=folder.key or "_",
        end_date=folder.end_date,
        source=folder.source,
    )


def same_event(a: str, b: str) -> bool:
    """ "PyCon US" and "PyCon US 2019", "Craft Conference 2016" and "Craft 2016": the same event."""
    wa, wb = set(norm_name(a).split()), set(norm_name(b).split())
    if not wa or not wb:
        return False
    years_a, years_b = {w for w in wa if w.isdigit()}, {w for w in wb if w.isdigit()}
    if years_a and years_b and not years_a & years_b:
        return False
    return wa <= wb or wb <= wa or bool((wa & wb) - years_a)


def _event_note(
    reading: Reading,
    note: Note,
    context: NoteContext,
    fields: dict[str, list[Field]],
    reader: SectionReader,
    *,
    readme: bool = False,
) -> Reading:
    """A file per conference or day (or a README): the note is about the event, its sections are talks."""
    resource = reading.resource
    if not is_event(resource):
        resource = replace(resource, type="conference")
    event, talks, issues = extract_event(note, resource, heads=reader)
    title = reading.title if strip_day(reading.title)[0] or not strip_day(reading.title)[1] else _stem(note.path)
    event = _identity(event, title, resource.title_line, context, fields, readme=readme, intro=intro_place(note))
    if readme:
        folder = note.path.rsplit("/", 1)[0] if "/" in note.path else ""
        talks = [
            replace(t, attended=True if link else None, note=link)
            for t, link in ((t, note_links(note, t, folder)) for t in talks)
        ]
        covered = [(t.line, t.line) for t in talks]
        talks += listed_talks(note, folder, covered, {fold(t.title) for t in talks})
        reading.listing = True
    else:
        covered, seen = [(t.line, t.end_line) for t in talks], {fold(t.title) for t in talks}
        talks += agenda_talks(note, covered, seen) + table_talks(note, covered, seen)
    talk_sections = [s for s in note.sections if s.line in {t.line for t in talks if t.attended is not False}]
    reading.issues.extend(issues + unread_headings(note, talk_sections))
    reading.resource = replace(resource, title=event.name, event=event)
    reading.talks = talks
    # a speaker on the talk's own line ("### Title — Jane Doe, Acme") leaves the title to be read for tools
    reading.read_lines.update(s.line for t in talks for s in t.speakers if s.line != t.line)
    reading.traces.append(
        Trace(
            reading.resource.title_line,
            f"event '{event.name}'",
            "folder README" if readme else _event_rule(context, fields),
        )
    )
    reading.traces.extend(
        Trace(
            t.line,
            f"talk '{t.title}'" + "".join(f", speaker {p.name}" for p in t.speakers),
            _talk_rule_of(t, readme),
        )
        for t in talks
    )
    return reading


def _talk_rule_of(talk: Talk, readme: bool) -> str:
    if talk.attended:
        return "a section whose top names a speaker"
    return "a talk listed in the README" if readme else "a list item or table row naming a talk and its speakers"


def _identity(
    event: Event,
    title: str,
    line: int,
    context: NoteContext,
    fields: dict[str, list[Field]],
    *,
    readme: bool,
    intro: Place | None = None,
) -> Event:
    """The folder's event when the file is one day or part of it; else the event the file names."""
    folder = context.event
    given = first_value(fields, "event")
    stripped, day = strip_day(title)
    facts = heading_facts(given.value if given is not None else (stripped if day else title))
    own = facts.name if (given is not None or stripped or not day) else ""
    generic = not own or fold(own) in {fold(t) for t in conventions()["layout"]["generic_titles"]}
    if folder is not None and (readme or day or generic or folder.strength != "folder" or same_event(own, folder.name)):
        return _shared(event, folder, own, title, generic=generic, readme=readme)
    date, place = first_value(fields, "date"), first_value(fields, "place")
    year = find_year(own or event.name)  # "Strange Loop 2023": at least its year
    start = ((parse_date(date.value) if date else None) or facts.start or event.start_date
             or (DateValue(year, "gYear") if year else None))
    where = Place(place.value, place.line) if place else (Place(facts.place, line) if facts.place else intro)
    alternates = tuple(n for n in (*event.alternate_names, title) if fold(n) != fold(own or event.name))
    return replace(
        event,
        name=own or event.name,
        start_date=start,
        end_date=facts.end,
        place=where,
        alternate_names=tuple(dict.fromkeys(alternates)),
        key=slug(own or event.name) if (day or given is not None) else None,
    )


def _stem(path: str) -> str:
    """ "2019-05-pycon-us.md" -> "Pycon US 2019": a day file's event when nothing else names it."""
    found = folder_name_event(path.rsplit("/", 1)[-1].removesuffix(".md"), declared=True)
    return found.name if found is not None else path


def _shared(event: Event, folder: FolderEvent, own: str, title: str, *, generic: bool, readme: bool) -> Event:
    """The folder's event, named by the file when only the folder's name said it ("OSCON EU" + 2015)."""
    name = folder.name if generic else _own_name(folder, own)
    shared = folder_as_event(folder, name=name, also=tuple(n for n in (own, title) if n and not readme))
    return replace(
        shared,
        url=shared.url or event.url,
        start_date=shared.start_date or event.start_date,
        organizers=event.organizers,
    )


def _own_name(folder: FolderEvent, own: str) -> str:
    """The name a note gives its folder's event, when only the folder's name said it ("OSCON EU" + 2015)."""
    if folder.strength != "folder" or not own:
        return folder.name
    year = folder.start_date.value[:4] if folder.start_date else ""
    return own if (not year or year in own) else f"{own} {year}"


def _field_traces(fields: dict[str, list[Field]]) -> list[Trace]:
    return [
        Trace(item.line, f"{meaning} '{clip(item.value, 60)}'", f"{item.origin} field '{item.raw_key}'")
        for meaning, items in fields.items()
        for item in items
    ]


def _url(item: Field | None) -> str | None:
    if item is None:
        return None
    for raw in (*item.urls, item.value):
        url = normalise_url(raw)
        if url:
            return url
    return None


def _language(text: str) -> str | None:
    folded = fold(text).strip()
    code = _language_names().get(folded)
    return code or (folded if re.fullmatch(r"[a-z]{2}", folded) else None)


def read_lines_as_metadata(reading: Reading, note: Note) -> Note:
    """The note with the lines read as metadata marked so, for mention detection (no tool there)."""
    extra = tuple(MetaEntry(key="read", raw_key="", value="", line=line) for line in sorted(reading.read_lines))
    return replace(note, metadata=note.metadata + extra)
