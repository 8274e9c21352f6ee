"""Stage 2, pure: note model -> domain records. The same note always gives the same record."""

from __future__ import annotations

from dataclasses import replace

from ..notes.model import Issue, Note
from .events import extract_event, is_event, is_talk_resource
from .mentions import detect_mentions
from .metadata import resource_from_metadata
from .records import Agent, DateValue, Event, Mention, NoteRecord, Resource, Source, Tag, Talk
from .values import consulted_date

__all__ = ["Agent", "DateValue", "Event", "Mention", "NoteRecord", "Resource", "Source", "Tag", "Talk", "extract_note"]


def extract_note(note: Note) -> NoteRecord:
    """Everything the graph needs from one parsed note."""
    issues: list[Issue] = list(note.issues)
    resource, meta_issues = resource_from_metadata(note)
    issues.extend(meta_issues)
    talks: list[Talk] = []
    if is_event(resource):
        event, talks, event_issues = extract_event(note, resource)
        issues.extend(event_issues)
        resource = replace(resource, event=event)
    elif is_talk_resource(resource, note):
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
    )
