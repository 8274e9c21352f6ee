"""Stage 2, pure: note model (+ its folder's context) -> domain records. The same input always gives the same record.

A note with the author's ``- **key** = value`` list is read by its metadata (as it always
was); any other note by its layout (:mod:`.layout`): a folder README naming an event, a
file per conference or day, a file per talk, front matter and fields. The
:class:`NoteContext` carries what the folder says (its event, the user's keys).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..notes.model import Issue, Note
from ..util.text import field_key
from .clips import extract_clips
from .context import EMPTY, FolderEvent, NoteContext
from .events import extract_event, is_event, is_talk_resource
from .fields import meaning_of
from .languages import language_tag_issues
from .layout import NO_TITLE, read_layout, read_lines_as_metadata
from .mentions import detect_mentions
from .metadata import resource_from_metadata
from .records import Agent, Clip, DateValue, Event, Mention, NoteRecord, Resource, Source, Tag, Talk, Trace
from .values import consulted_date
from .vocab import vocabulary

__all__ = ["Agent", "Clip", "DateValue", "Event", "FolderEvent", "Mention", "NoteContext", "NoteRecord", "Resource",
           "Source", "Tag", "Talk", "Trace", "extract_note"]

# the meanings of talkgraph.toml [keys] that the metadata list knows, and its key for each
_LIST_KEYS = {
    "url": "url", "type": "type", "speaker": "author", "date": "published", "source": "source", "tags": "tags",
}


def extract_note(note: Note, context: NoteContext | None = None) -> NoteRecord:
    """Everything the graph needs from one parsed note (and, for notes by other people, its folder).

    A topic note (``note.kind == "topic"``) has no resource of its own: its metadata, if a
    declaration made one of a note that has some, gives no warnings, and it has no event.
    """
    record = _extract(note, context or EMPTY)
    told = _dense(record)
    if record.kind != "topic":
        told += language_tag_issues(record.path, record.resource.tags, vocabulary())
    return replace(record, issues=record.issues + tuple(told)) if told else record


DENSE_NOTE = 20_000  # mentions in one note: hundreds of thousands of triples, megabytes in every export


def _dense(record: NoteRecord) -> list[Issue]:
    """A note so dense with names that it weighs on every output: said once, all its mentions kept.

    Such a note is most often not one (a pasted log, a generated listing, a minified page);
    the author can exclude it in ``talkgraph.toml`` rather than find out from the size of OUT.
    """
    if len(record.mentions) <= DENSE_NOTE:
        return []
    line, most = Counter(m.line for m in record.mentions).most_common(1)[0]
    return [Issue(record.path, line, f"{len(record.mentions):,} mentions in this note ({most:,} on this line): "
                                     "all are kept, each a tg:Mention in every output; if it is not a note "
                                     "(a log, a generated listing), exclude it in talkgraph.toml")]


def _extract(note: Note, context: NoteContext) -> NoteRecord:
    if context.keys:
        note = _user_keys(note, context)
    topic = note.kind == "topic"
    if not topic and not follows_list_convention(note):
        return _from_layout(note, context)
    issues: list[Issue] = list(note.issues)
    if note.title is None and not topic:
        issues.append(Issue(note.path, 1, NO_TITLE))
    resource, meta_issues = resource_from_metadata(note)
    if not topic:
        issues.extend(meta_issues)
    talks: list[Talk] = []
    if not topic and is_event(resource):
        event, talks, event_issues = extract_event(note, resource)
        issues.extend(event_issues)
        resource = replace(resource, event=event)
    elif not topic and is_talk_resource(resource, note):
        resource = replace(
            resource,
            is_talk=True,
            authors=tuple(replace(a, kind="person") if a.kind == "agent" else a for a in resource.authors),
        )
    mentions, topics = detect_mentions(note, resource, talks)
    clips = extract_clips(note, _no_resource(resource) if topic else resource, event=is_event(resource))
    return NoteRecord(
        path=note.path,
        consulted=consulted_date(note.consulted),
        title=resource.title,
        tldr=note.tldr,
        tldr_line=note.tldr_line,
        line_count=note.line_count,
        resource=resource,
        talks=tuple(talks),
        mentions=tuple(mentions),
        topics=tuple(topics),
        issues=tuple(issues),
        language=context.language or None,
        links_to=tuple(dict.fromkeys(w.target for w in note.wikilinks if w.target)),
        clips=tuple(clips),
        kind=note.kind,
    )


def _no_resource(resource: Resource) -> Resource:
    """What a topic note's clips see of its resource: nothing (a topic note has none)."""
    return Resource(title=resource.title, title_line=resource.title_line)


def follows_list_convention(note: Note) -> bool:
    """True for a note with the author's metadata list (``- **key** = value``, with ``=``)."""
    return any("=" in entry.form for entry in note.metadata)


def _from_layout(note: Note, context: NoteContext) -> NoteRecord:
    reading = read_layout(note, context)
    mentions, topics = detect_mentions(read_lines_as_metadata(reading, note), reading.resource, reading.talks)
    tldr, tldr_line = note.tldr, note.tldr_line
    summary = next((f for f in note.fields if f.origin in ("yaml", "toml", "inline")
                    and meaning_of(f.key, context) == "summary" and f.value), None)
    if tldr is None and summary is not None:
        tldr, tldr_line = summary.value, summary.line
    return NoteRecord(
        path=note.path,
        consulted=consulted_date(note.consulted),
        title=reading.title,
        tldr=tldr,
        tldr_line=tldr_line,
        line_count=note.line_count,
        resource=reading.resource,
        talks=tuple(reading.talks),
        mentions=tuple(mentions),
        topics=tuple(topics),
        issues=tuple(reading.issues),
        trace=tuple(reading.traces),
        language=context.language or None,
        links_to=tuple(dict.fromkeys(w.target for w in note.wikilinks if w.target)),
        listing=reading.listing,
        clips=tuple(extract_clips(note, reading.resource, event=is_event(reading.resource))),
    )


def _user_keys(note: Note, context: NoteContext) -> Note:
    """``[keys]`` of talkgraph.toml over the metadata list: ``- **Orateur** = …`` read as the author."""
    entries = []
    for entry in note.metadata:
        raw = field_key(entry.raw_key)
        meaning = next((m for spelling, m in context.keys if spelling == raw), None)
        key = _LIST_KEYS.get(meaning or "")
        entries.append(replace(entry, key=key) if key else entry)
    return replace(note, metadata=tuple(entries))
