"""Stage 2, pure: note model -> domain records. The same note always gives the same record."""

from __future__ import annotations

from dataclasses import replace

from ..notes.model import Issue, Note
from .clips import extract_clips
from .events import extract_event, is_event, is_talk_resource
from .mentions import detect_mentions
from .metadata import resource_from_metadata
from .records import Agent, Clip, DateValue, Event, Mention, NoteRecord, Resource, Source, Tag, Talk
from .values import consulted_date

__all__ = [
    "Agent", "Clip", "DateValue", "Event", "Mention", "NoteRecord", "Resource", "Source", "Tag", "Talk", "extract_note",
]


def extract_note(note: Note) -> NoteRecord:
    """Everything the graph needs from one parsed note.

    A topic note (``note.kind == "topic"``) has no resource of its own: its metadata, if a
    declaration made one of a note that has some, gives no warnings, and it has no event.
    """
    issues: list[Issue] = list(note.issues)
    resource, meta_issues = resource_from_metadata(note)
    topic = note.kind == "topic"
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
        clips=tuple(extract_clips(note, _no_resource(resource) if topic else resource, event=is_event(resource))),
        kind=note.kind,
    )


def _no_resource(resource: Resource) -> Resource:
    """What a topic note's clips see of its resource: nothing (a topic note has none)."""
    return Resource(title=resource.title, title_line=resource.title_line)
