"""Deterministic IRIs: the same input always mints the same names, under a chosen base.

Identity of people and organisations is corpus-wide: :func:`resolve_agents` merges the
agents of every note by normalised name and by personal link, and gives each group one
slug, so "Julia EVANS" in two notes is one IRI.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from ..extract.records import Agent, NoteRecord
from ..util.text import norm_name, slug, symbol_slug
from .namespaces import DEFAULT_BASE, TOOL, TOPIC

# Hosts whose root says nothing about who a link is for: only a path identifies someone.
_PROFILE_HOSTS = {
    "github.com",
    "gitlab.com",
    "twitter.com",
    "x.com",
    "linkedin.com",
    "fr.linkedin.com",
    "uk.linkedin.com",
    "www.linkedin.com",
    "medium.com",
    "youtube.com",
    "www.youtube.com",
}


def _path_part(path: str) -> str:
    stem = path[:-3] if path.endswith(".md") else path
    return quote(stem, safe="/-_.~")


def url_key(url: str) -> str | None:
    """A link reduced for identity: scheme, www and trailing slash ignored."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    if not path and host in _PROFILE_HOSTS:
        return None
    return host + path.lower()


@dataclass
class AgentIndex:
    """Normalised name -> slug, and personal link -> slug, for every agent of the corpus."""

    by_name: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # slug -> the one schema:name of the group

    def slug_for(self, agent: Agent) -> str:
        return self.by_name.get(norm_name(agent.name)) or slug(agent.name)

    def name_for(self, agent: Agent) -> str:
        """The group's name: its most written spelling ("Google" over "google"); the others are aliases."""
        return self.names.get(self.slug_for(agent), agent.name)


def _agents_of(record: NoteRecord) -> Iterable[Agent]:
    stack = list(record.resource.authors)
    if record.resource.event:
        stack.extend(record.resource.event.organizers)
    for talk in record.talks:
        stack.extend(talk.speakers)
    while stack:
        agent = stack.pop()
        yield agent
        stack.extend(agent.affiliations)


def resolve_agents(records: Iterable[NoteRecord]) -> AgentIndex:
    """Group agents that share a normalised name or a personal link; one slug per group."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            if ra < rb:
                parent[rb] = ra
            else:
                parent[ra] = rb

    by_link: dict[str, str] = {}
    names: set[str] = set()
    spellings: dict[str, Counter[str]] = {}
    for record in records:
        for agent in _agents_of(record):
            key = norm_name(agent.name)
            if not key:
                continue
            names.add(key)
            spellings.setdefault(key, Counter())[agent.name] += 1
            find(key)
            for alias in agent.aliases:
                alias_key = norm_name(alias)
                if alias_key and len(alias_key) > 3 and alias_key in names:
                    union(key, alias_key)
            for url in (agent.url, *agent.same_as):
                link = url_key(url) if url else None
                if link:
                    if link in by_link:
                        union(key, by_link[link])
                    else:
                        by_link[link] = key
    index = AgentIndex()
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(find(name), []).append(name)
    for members in groups.values():
        chosen = min(slug(m) for m in members)
        for member in members:
            index.by_name[member] = chosen
        written = sum((spellings[m] for m in members), Counter())
        index.names[chosen] = min(written, key=lambda n: (-written[n], n.islower(), n))
    return index


@dataclass
class NoteIndex:
    """Which note a README's talk or a ``[[wikilink]]`` points to, across the whole build."""

    talk_notes: dict[tuple[str, str], str] = field(default_factory=dict)  # (folder, name) -> path of a one-talk note
    by_name: dict[str, str] = field(default_factory=dict)  # file stem or title -> path

    def talk_note(self, folder: str, title: str) -> str | None:
        return self.talk_notes.get((folder, norm_name(title)))

    def note_for(self, target: str) -> str | None:
        """``[[Jane Doe]]``, ``[[notes/jane-doe]]``, ``[[jane-doe.md]]`` -> the path of that note."""
        stem = target.strip().removesuffix(".md").rsplit("/", 1)[-1]
        return self.by_name.get(norm_name(stem)) or self.by_name.get(norm_name(target))


def index_notes(records: Iterable[NoteRecord]) -> NoteIndex:
    index = NoteIndex()
    for record in records:
        folder = record.path.rsplit("/", 1)[0] if "/" in record.path else ""
        stem = record.path.rsplit("/", 1)[-1].removesuffix(".md")
        index.by_name.setdefault(norm_name(stem), record.path)
        if record.title:
            index.by_name.setdefault(norm_name(record.title), record.path)
        if record.resource.is_talk and not record.talks:
            index.talk_notes.setdefault((folder, norm_name(record.resource.title)), record.path)
    return index


@dataclass(frozen=True)
class Minter:
    base: str = DEFAULT_BASE

    def note(self, path: str) -> str:
        return f"{self.base}note/{_path_part(path)}"

    def resource(self, path: str) -> str:
        return f"{self.base}resource/{_path_part(path)}"

    def event(self, key: str) -> str:
        """A folder's event (key = the folder's path) or an event named by notes (key = the slug of its name)."""
        return f"{self.base}event/{quote(key, safe='/-_.~')}"

    def talk(self, path: str, title: str) -> str:
        return f"{self.base}talk/{_path_part(path)}/{slug(title, 60)}"

    def agent(self, agent_slug: str) -> str:
        return f"{self.base}agent/{agent_slug}"

    def place(self, name: str) -> str:
        return f"{self.base}place/{slug(name)}"

    def source(self, name: str | None, url: str | None) -> str:
        key = url_key(url) if url else None
        return f"{self.base}source/{slug(key) if key else slug(name or 'unknown')}"

    def tag(self, scheme: str, path: tuple[str, ...]) -> str:
        return f"{self.base}tag/{scheme}/" + "/".join(symbol_slug(p) for p in path)

    def mention(self, path: str, line: int, index: int) -> str:
        return f"{self.mention_prefix(path)}{line}.{index}"

    def mention_prefix(self, path: str) -> str:
        """What every mention IRI of a note starts with, the line and rank after it (``note#L12.3``)."""
        return f"{self.note(path)}#L"

    def clip(self, path: str, line: int) -> str:
        """The moment of a video a note line starts with: ``note#L31.clip`` (beside the line's mentions ``#L31.1``)."""
        return f"{self.note(path)}#L{line}.clip"

    def candidate_tool(self, name: str) -> str:
        return f"{self.base}tool/{symbol_slug(name)}"

    @staticmethod
    def open_tool(tool_slug: str) -> str:
        """A tool found outside the vocabulary whose evidence reached the threshold."""
        return TOOL + tool_slug

    @staticmethod
    def tool(tool_id: str) -> str:
        return TOOL + tool_id

    @staticmethod
    def topic(topic_id: str) -> str:
        return TOPIC + topic_id
