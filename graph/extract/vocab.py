"""The curated vocabularies (schema/tools.ttl, schema/topics.ttl) as lookup tables.

Loaded once per process from Turtle with pyoxigraph (fast), then indexed by folded name,
by URL and by package name. The Aho-Corasick automaton used for detection is built
here too, once, from every name and alias.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import ahocorasick
import pyoxigraph as ox

from ..util.resources import schema_file
from ..util.text import fold, fold_chars, norm_name, tool_key

SDO = "https://schema.org/"
TG = "https://w3id.org/talkgraph/ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
TOOL_NS = "https://w3id.org/talkgraph/tool/"
TOPIC_NS = "https://w3id.org/talkgraph/topic/"


@dataclass(frozen=True, slots=True)
class ToolEntry:
    id: str
    iri: str
    name: str
    aliases: tuple[str, ...] = ()
    ambiguous: frozenset[str] = frozenset()  # folded names that need evidence
    categories: tuple[str, ...] = ()
    url: str | None = None
    packages: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class TopicEntry:
    id: str
    iri: str
    label: str
    labels: tuple[str, ...] = ()  # every label: pref (all languages), alt, hidden
    broader: tuple[str, ...] = ()


@dataclass
class Vocabulary:
    tools: dict[str, ToolEntry] = field(default_factory=dict)
    topics: dict[str, TopicEntry] = field(default_factory=dict)
    by_name: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    by_host: dict[str, str] = field(default_factory=dict)
    by_package: dict[str, str] = field(default_factory=dict)
    by_norm: dict[str, str] = field(default_factory=dict)
    by_page: list[tuple[str, str]] = field(default_factory=list)
    topic_by_norm: dict[str, str] = field(default_factory=dict)
    _automaton: ahocorasick.Automaton | None = None
    _folded_names: frozenset[str] | None = None

    @property
    def folded_names(self) -> frozenset[str]:
        """Every tool name and alias, folded: words that are names, not typos of names."""
        if self._folded_names is None:
            self._folded_names = frozenset(fold(n) for tool in self.tools.values() for n in tool.names)
        return self._folded_names

    def tool_for_name(self, text: str) -> ToolEntry | None:
        tool_id = self.by_norm.get(tool_key(text)) or self.by_package.get(text.lower())
        return self.tools.get(tool_id) if tool_id else None

    def topic_for_label(self, text: str) -> TopicEntry | None:
        topic_id = self.topic_by_norm.get(norm_name(text.replace("-", " ").replace("_", " ")))
        return self.topics.get(topic_id) if topic_id else None

    def tool_for_url(self, url: str) -> ToolEntry | None:
        """The tool whose homepage, repository or package page the URL points into."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        host = parts.netloc.lower().removeprefix("www.")
        segments = [s for s in parts.path.split("/") if s]
        if host in ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org") and len(segments) >= 2:
            return self.tool_for_name(segments[1].removesuffix(".git"))
        if host == "pypi.org" and len(segments) >= 2 and segments[0] == "project":
            return self.tools.get(self.by_package.get(segments[1].lower(), ""))
        if host in ("npmjs.com", "www.npmjs.com") and len(segments) >= 2 and segments[0] == "package":
            return self.tools.get(self.by_package.get(segments[-1].lower(), ""))
        if host == "crates.io" and len(segments) >= 2 and segments[0] == "crates":
            return self.tools.get(self.by_package.get(segments[1].lower(), ""))
        if host.endswith((".readthedocs.io", ".readthedocs.org")):
            return self.tool_for_name(host.split(".")[0])
        if host in _HOSTING:
            return None  # a video on YouTube or a post on Medium is not a mention of YouTube or Medium
        if host in _SHARED_HOSTS or host.endswith(".github.io"):
            # docs.python.org/3/library/abc.html is abc, not every page of docs.python.org
            page = (host + parts.path).lower()
            return next((self.tools[i] for prefix, i in self.by_page if page.startswith(prefix)), None)
        tool_id = self.by_host.get(host)
        return self.tools.get(tool_id) if tool_id else None

    @property
    def automaton(self) -> ahocorasick.Automaton:
        """Folded names of tools and topics -> [(kind, id, folded name)], built once."""
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for folded, targets in self.by_name.items():
                automaton.add_word(folded, (folded, tuple(targets)))
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton


def _literal_values(store: ox.Store, subject: ox.NamedNode, predicate: str) -> list[ox.Literal]:
    return [
        q.object
        for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)
        if isinstance(q.object, ox.Literal)
    ]


def _iri_values(store: ox.Store, subject: ox.NamedNode, predicate: str) -> list[str]:
    return [
        q.object.value
        for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)
        if isinstance(q.object, ox.NamedNode)
    ]


def load_vocabulary(tools_path: Path | None = None, topics_path: Path | None = None) -> Vocabulary:
    vocab = Vocabulary()
    store = ox.Store()
    for path in (tools_path or schema_file("tools.ttl"), topics_path or schema_file("topics.ttl")):
        if path.is_file():
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    app = ox.NamedNode(SDO + "SoftwareApplication")
    for quad in sorted(store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), app), key=lambda q: q.subject.value):
        subject = quad.subject
        if not isinstance(subject, ox.NamedNode):
            continue
        iri = subject.value
        names = [lit.value for lit in _literal_values(store, subject, SDO + "name")]
        if not names:
            continue
        aliases = [lit.value for lit in _literal_values(store, subject, SDO + "alternateName")]
        packages = [
            lit.value
            for p in ("pypiName", "npmName", "debianName", "crateName")
            for lit in _literal_values(store, subject, TG + p)
        ]
        entry = ToolEntry(
            id=iri.removeprefix(TOOL_NS),
            iri=iri,
            name=names[0],
            aliases=tuple(dict.fromkeys(a for a in names[1:] + aliases)),
            ambiguous=frozenset(fold_chars(lit.value) for lit in _literal_values(store, subject, TG + "ambiguousName")),
            categories=tuple(c.rsplit("/", 1)[-1] for c in _iri_values(store, subject, TG + "category")),
            url=next(iter(_iri_values(store, subject, SDO + "url")), None),
            packages=tuple(dict.fromkeys(packages)),
        )
        vocab.tools[entry.id] = entry
    for entry in vocab.tools.values():
        for name in entry.names:
            _index(vocab, fold_chars(name), ("tool", entry.id))
            vocab.by_norm.setdefault(tool_key(name), entry.id)
        for package in entry.packages:
            vocab.by_package.setdefault(package.lower(), entry.id)
            vocab.by_norm.setdefault(tool_key(package), entry.id)
        if entry.url:
            parts = urlsplit(entry.url)
            host = parts.netloc.lower().removeprefix("www.")
            if host in _HOSTING:
                continue  # repositories resolve by their path, in tool_for_url
            if host in _SHARED_HOSTS or host.endswith(".github.io"):
                vocab.by_page.append(((host + parts.path).lower().rstrip("/"), entry.id))
            else:
                vocab.by_host.setdefault(host, entry.id)
    vocab.by_page.sort(key=lambda item: -len(item[0]))
    concept = ox.NamedNode(SKOS + "Concept")
    for quad in sorted(store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), concept), key=lambda q: q.subject.value):
        subject = quad.subject
        if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(TOPIC_NS):
            continue
        prefs = _literal_values(store, subject, SKOS + "prefLabel")
        english = next((p.value for p in prefs if p.language == "en"), prefs[0].value if prefs else None)
        if english is None:
            continue
        labels = [p.value for p in prefs] + [
            lit.value for pred in ("altLabel", "hiddenLabel") for lit in _literal_values(store, subject, SKOS + pred)
        ]
        topic = TopicEntry(
            id=subject.value.removeprefix(TOPIC_NS),
            iri=subject.value,
            label=english,
            labels=tuple(dict.fromkeys(labels)),
            broader=tuple(b.removeprefix(TOPIC_NS) for b in _iri_values(store, subject, SKOS + "broader")),
        )
        vocab.topics[topic.id] = topic
        for label in topic.labels:
            vocab.topic_by_norm.setdefault(norm_name(label.replace("-", " ").replace("_", " ")), topic.id)
            for form in {label, label.replace("-", " "), label.replace(" ", "-")}:
                if len(form) >= 3 or (len(form) == 2 and form.isupper()):  # "FP", "ML": matched as written
                    _index(vocab, fold_chars(form), ("topic", topic.id))
    return vocab


# Sites that host other people's content: a link there says nothing about the site itself.
_HOSTING = {"youtube.com", "youtu.be", "m.youtube.com", "github.com", "gitlab.com", "medium.com", "substack.com",
            "dev.to", "twitter.com", "x.com", "linkedin.com", "vimeo.com", "stackoverflow.com", "wikipedia.org",
            "en.wikipedia.org", "fr.wikipedia.org", "github.io", "readthedocs.io", "google.com", "docs.google.com"}
_SHARED_HOSTS = {
    "google.com",
    "microsoft.com",
    "jetbrains.com",
    "apache.org",
    "gnu.org",
    "mozilla.org",
    "developer.mozilla.org",
    "docs.python.org",
    "python.org",
    "github.io",
    "cloud.google.com",
    "aws.amazon.com",
    "amazon.com",
    "ibm.com",
    "oracle.com",
    "adobe.com",
}


def _index(vocab: Vocabulary, folded: str, target: tuple[str, str]) -> None:
    if folded and target not in vocab.by_name[folded]:
        vocab.by_name[folded].append(target)


@cache
def vocabulary() -> Vocabulary:
    """The project's vocabularies, loaded once per process."""
    return load_vocabulary()


__all__ = ["ToolEntry", "TopicEntry", "Vocabulary", "fold", "load_vocabulary", "vocabulary"]
