"""Immutable domain records: what a note says about the world, with provenance.

These are the output of extraction and the only input of the RDF stage. They carry no
IRIs: identity is decided later, corpus-wide (the same person across notes), by
:mod:`graph.rdf.iris`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..notes.model import Issue
from ..util.pickling import quick_pickle


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
    attended: bool | None  # None: an event README lists it, nobody says whether it was attended
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
    alternate_names: tuple[str, ...] = ()  # the heading as written, when its format ("Keynote: ") was taken off
    note: str | None = None  # the talk's own note (a README's link to it), relative to the notes folder


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
    key: str | None = None  # a folder event: its folder (the IRI is minted from it); None: the note's own resource
    end_date: DateValue | None = None
    source: str | None = None  # the README it was read from, when another file


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
    super_event: Event | None = None  # the event a note that is one talk belongs to (its folder's, or named)
    talk: Talk | None = None  # what a note that is one talk says of it: links, duration, language


@dataclass(frozen=True, slots=True)
class Trace:
    """One thing extraction read from a line, and the rule that read it (``talkgraph explain``)."""

    line: int
    what: str
    rule: str


@dataclass(frozen=True, slots=True)
class Clip:
    """A moment of a video that a note line starts with (``02:40 …``): a schema:Clip.

    ``video`` is the URL of the video it belongs to (the note's own, or the one linked in
    its section), ``url`` the deep link to the moment; ``of_resource`` says the video is the
    note's resource itself, so the clip is part of that resource.
    """

    line: int
    seconds: int
    label: str
    text: str
    video: str | None = None
    url: str | None = None
    of_resource: bool = False


@dataclass(frozen=True, slots=True)
class NoteRecord:
    """Everything extracted from one note. ``kind`` is ``"resource"`` or ``"topic"`` (a topic note:
    about a subject, with no resource of its own)."""

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
    trace: tuple[Trace, ...] = ()
    language: str | None = None  # the language the note is written in (talkgraph.toml)
    links_to: tuple[str, ...] = ()  # [[wikilink]] targets, as written
    listing: bool = False  # a folder README listing the folder's talks: they are matched to their notes by title
    clips: tuple[Clip, ...] = ()
    kind: str = "resource"


quick_pickle(DateValue, Agent, Source, Tag, Talk, Place, Event, Mention, Resource, Trace, Clip, NoteRecord)

_NAMED: dict[tuple[str, str], Mention] = {}


def named_mention(kind: str, key: str) -> Mention:
    """The one mention of tool or topic ``key`` that record summaries share: no surface of its own, no line (0).

    The summary cache pickles it as this call (:func:`is_named_mention`): unpickling 10k
    summaries' half a million of them, each made again field by field, took 2.8 s of a
    one-note rebuild at 10k notes.
    """
    found = _NAMED.get((kind, key))
    if found is None:
        found = _NAMED[(kind, key)] = Mention(kind=kind, key=key, surface=key, line=0)
    return found


def is_named_mention(mention: Mention) -> bool:
    """Whether ``mention`` is the shared one :func:`named_mention` gives (not merely equal to it)."""
    return _NAMED.get((mention.kind, mention.key)) is mention
