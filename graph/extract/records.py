"""Immutable domain records: what a note says about the world, with provenance.

These are the output of extraction and the only input of the RDF stage. They carry no
IRIs: identity is decided later, corpus-wide (the same person across notes), by
:mod:`graph.rdf.iris`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..notes.model import Issue


@dataclass(frozen=True, slots=True)
class DateValue:
    """A possibly partial date: ``value`` is ISO text, ``datatype`` an XSD type name."""

    value: str
    datatype: str  # "date" | "gYearMonth" | "gYear"


@dataclass(frozen=True, slots=True)
class Agent:
    """A person, an organisation, or an agent of unclear kind (``kind == "agent"``)."""

    name: str
    kind: str = "agent"
    url: str | None = None
    same_as: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    job_title: str | None = None
    description: str | None = None
    affiliations: tuple[Agent, ...] = ()
    created: tuple[str, ...] = ()
    line: int = 0
    surface: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    name: str | None
    url: str | None
    description: str | None
    line: int


@dataclass(frozen=True, slots=True)
class Tag:
    """``topic>python>import`` -> scheme "topic", path ("python", "import")."""

    scheme: str  # "language" | "topic" | "level" | "other"
    path: tuple[str, ...]
    line: int

    @property
    def label(self) -> str:
        return self.path[-1]


@dataclass(frozen=True, slots=True)
class Talk:
    title: str
    attended: bool
    line: int
    end_line: int
    url: str | None = None
    replay: str | None = None
    slides: str | None = None
    other_links: tuple[tuple[str, str], ...] = ()
    duration_minutes: int | None = None
    duration_inferred: bool = False
    language: str | None = None
    speakers: tuple[Agent, ...] = ()
    subtitle: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class Event:
    name: str
    kind: str  # "conference" | "meetup"
    url: str | None
    start_date: DateValue | None
    place: Place | None
    alternate_names: tuple[str, ...] = ()
    organizers: tuple[Agent, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity in the text: the provenance of every tg:Mention."""

    kind: str  # "tool" | "topic" | "person" | "organization" | "agent"
    key: str  # vocabulary id for tools/topics, the name for agents
    surface: str
    line: int
    talk: str | None = None  # title of the talk whose section holds it
    section: str | None = None
    by_note_taker: bool = False
    evidence: str | None = None
    corrected: bool = False
    candidate: bool = False
    evidences: tuple[str, ...] = ()  # a candidate's evidences that it is software (schema/tool_evidence.toml)
    confidence: float | None = None  # those evidences combined, for a candidate


@dataclass(frozen=True, slots=True)
class Resource:
    title: str
    title_line: int
    urls: tuple[str, ...] = ()
    type: str = "other"
    raw_type: str | None = None
    authors: tuple[Agent, ...] = ()
    published: DateValue | None = None
    raw_published: str | None = None
    source: Source | None = None
    tags: tuple[Tag, ...] = ()
    event: Event | None = None
    is_talk: bool = False
    extra: tuple[tuple[str, str, int], ...] = ()  # unknown metadata keys: key, value, line


@dataclass(frozen=True, slots=True)
class NoteRecord:
    """Everything extracted from one note."""

    path: str
    consulted: DateValue | None
    title: str
    tldr: str | None
    tldr_line: int | None
    line_count: int
    resource: Resource
    talks: tuple[Talk, ...] = ()
    mentions: tuple[Mention, ...] = ()
    topics: tuple[tuple[str, str | None], ...] = ()  # (topic id, talk title or None)
    issues: tuple[Issue, ...] = field(default=())
