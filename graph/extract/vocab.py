"""The curated vocabularies (schema/tools.ttl, schema/topics.ttl) as lookup tables.

Loaded once per process from Turtle with pyoxigraph (fast), then indexed by folded name,
by URL and by package name. The Aho-Corasick automaton used for detection is built
here too, once, from every name and alias.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import ahocorasick
import pyoxigraph as ox
from publicsuffixlist import PublicSuffixList

from ..util.resources import schema_file
from ..util.text import fold, fold_chars, norm_name, tool_key, word_mask

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
    ambiguous_in: frozenset[tuple[str, str]] = frozenset()  # (folded name, language): only in text of that language
    categories: tuple[str, ...] = ()
    url: str | None = None
    packages: tuple[str, ...] = ()
    software: bool = True  # False for a tg:Specification (a protocol or format: HTTP, JSON)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def is_ambiguous(self, name: str, lang: str | None) -> bool:
        """Whether the folded ``name`` is also an ordinary word in text of ``lang`` (None: of any language)."""
        if name in self.ambiguous:
            return True
        return bool(self.ambiguous_in) and any(n == name and lang in (None, word_lang)
                                               for n, word_lang in self.ambiguous_in)


@dataclass(frozen=True, slots=True)
class TopicEntry:
    id: str
    iri: str
    label: str
    labels: tuple[str, ...] = ()  # every label: pref (all languages), alt, hidden
    broader: tuple[str, ...] = ()


_URL_MEMO = 50_000


def is_language(tool: ToolEntry | None) -> bool:
    """A programming language (its categories say so)."""
    return tool is not None and any(c in ("language", "programming-language") for c in tool.categories)


@dataclass
class Vocabulary:
    tools: dict[str, ToolEntry] = field(default_factory=dict)
    topics: dict[str, TopicEntry] = field(default_factory=dict)
    by_name: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    by_prefix: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=lambda: defaultdict(list))
    by_domain: dict[str, str] = field(default_factory=dict)  # a language's own site -> the language
    by_package: dict[str, str] = field(default_factory=dict)
    by_norm: dict[str, str] = field(default_factory=dict)
    topic_by_norm: dict[str, str] = field(default_factory=dict)
    _automaton: ahocorasick.Automaton | None = None
    _folded_names: frozenset[str] | None = None
    _language_names: dict[str, str] | None = field(default=None, repr=False)
    _tool_of_url: dict[str, ToolEntry | None] = field(default_factory=dict, repr=False)
    suffix_list: PublicSuffixList | None = field(default=None, repr=False)  # carried by a cached copy: :func:`adopt`
    _target_kinds: dict[tuple, tuple[bool, bool]] = field(default_factory=dict, repr=False)

    @property
    def folded_names(self) -> frozenset[str]:
        """Every tool name and alias, folded: words that are names, not typos of names."""
        if self._folded_names is None:
            self._folded_names = frozenset(fold(n) for tool in self.tools.values() for n in tool.names)
        return self._folded_names

    @property
    def language_names(self) -> dict[str, str]:
        """Every name of a language, folded, to the language's own name (what a ``language>`` tag may say)."""
        if self._language_names is None:
            self._language_names = {fold(n): tool.name for tool in self.tools.values()
                                    if "language" in tool.categories for n in tool.names}
        return self._language_names

    def tool_for_name(self, text: str) -> ToolEntry | None:
        tool_id = self.by_norm.get(tool_key(text)) or self.by_package.get(text.lower())
        return self.tools.get(tool_id) if tool_id else None

    def topic_for_label(self, text: str) -> TopicEntry | None:
        topic_id = self.topic_by_norm.get(norm_name(text.replace("-", " ").replace("_", " ")))
        return self.topics.get(topic_id) if topic_id else None

    def tool_for_url(self, url: str) -> ToolEntry | None:
        """The tool a link is about (remembered per URL: a note's links are looked up by three passes)."""
        memo = self._tool_of_url
        if url not in memo:
            if len(memo) >= _URL_MEMO:
                memo.clear()  # bounded: a worker reading a million links keeps no million entries
            memo[url] = self._tool_for_url(url)
        return memo[url]

    def _tool_for_url(self, url: str) -> ToolEntry | None:
        """The tool a link is about: the one whose vocabulary URL is the longest real prefix of it.

        A prefix is real when it ends at a path segment: ``docs.astral.sh/uv/x`` is uv, not
        Ruff (``docs.astral.sh/ruff/``). Repository, package and readthedocs pages resolve by
        the project they name. With no prefix, a page of a language's own site (the std or
        book pages of ``doc.rust-lang.org``) is the language; any other URL is no tool.
        """
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        host = parts.netloc.lower().rsplit("@", 1)[-1].split(":", 1)[0].removeprefix("www.")
        segments = [s for s in parts.path.lower().split("/") if s]
        named = self._named_by_url(host, [s for s in parts.path.split("/") if s])
        if named is not None:
            return named
        best = _longest_prefix(self.by_prefix.get(host, ()), segments)
        if best is not None:
            return self.tools[best]
        if host in _HOSTING:
            return None
        language = self.by_domain.get(registrable_domain(host))
        return self.tools[language] if language else None

    def _named_by_url(self, host: str, segments: list[str]) -> ToolEntry | None:
        """Repository, package and readthedocs pages: the tool of the project they name."""
        if host in ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org") and len(segments) >= 2:
            return self.tool_for_name(segments[1].removesuffix(".git"))
        if host == "pypi.org" and len(segments) >= 2 and segments[0] == "project":
            return self.tools.get(self.by_package.get(segments[1].lower(), ""))
        if host == "npmjs.com" and len(segments) >= 2 and segments[0] == "package":
            return self.tools.get(self.by_package.get(segments[-1].lower(), ""))
        if host == "crates.io" and len(segments) >= 2 and segments[0] == "crates":
            return self.tools.get(self.by_package.get(segments[1].lower(), ""))
        if host.endswith((".readthedocs.io", ".readthedocs.org")):
            return self.tool_for_name(host.split(".")[0])
        return None

    def target_kinds(self, targets: tuple[tuple[str, str], ...]) -> tuple[bool, bool]:
        """Whether a name's targets (an automaton value's) hold a tool, and a programming language.

        Asked for every hit of a block, and a dense note has 75k hits of a few thousand names:
        judged once per name.
        """
        found = self._target_kinds.get(targets)
        if found is None:
            tools = [self.tools.get(key) for kind, key in targets if kind == "tool"]
            languages = any(is_language(tool) for tool in tools)
            found = self._target_kinds[targets] = (bool(tools), languages)
        return found

    @property
    def automaton(self) -> ahocorasick.Automaton:
        """Folded names of tools and topics at word boundaries -> ((folded name, ((kind, id), …)), …), built once.

        Each name is a key in its :func:`word_mask` form between two spaces (``" net "`` for
        ".net"), to be run over the padded word mask of a folded text: it then reports a
        name only where no word character touches it, not the thousands of names inside
        longer words ("go" in "google") or the "r" of "pour" that a pass over the text itself
        gives; the value lists the names of that form, for the caller to compare with the text.
        """
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            forms: dict[str, list] = {}
            for folded, targets in self.by_name.items():
                forms.setdefault(" " + word_mask(folded) + " ", []).append((folded, tuple(targets)))
            for form, names in forms.items():
                automaton.add_word(form, tuple(names))
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
    kinds = [ox.NamedNode(SDO + "SoftwareApplication"), ox.NamedNode(TG + "Specification")]
    typed = [q for kind in kinds for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), kind)]
    for quad in sorted(typed, key=lambda q: q.subject.value):
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
        ambiguous = _literal_values(store, subject, TG + "ambiguousName")  # "git"@fr: in French text only
        entry = ToolEntry(
            id=iri.removeprefix(TOOL_NS),
            iri=iri,
            name=names[0],
            aliases=tuple(dict.fromkeys(a for a in names[1:] + aliases)),
            ambiguous=frozenset(fold_chars(lit.value) for lit in ambiguous if not lit.language),
            ambiguous_in=frozenset((fold_chars(lit.value), lit.language) for lit in ambiguous if lit.language),
            categories=tuple(c.rsplit("/", 1)[-1] for c in _iri_values(store, subject, TG + "category")),
            url=next(iter(_iri_values(store, subject, SDO + "url")), None),
            packages=tuple(dict.fromkeys(packages)),
            software=quad.object.value == SDO + "SoftwareApplication",
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
            _index_url(vocab, entry)
    _keep_unique_domains(vocab)
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


def _longest_prefix(entries, segments: list[str]) -> str | None:
    """The tool of the longest entry whose path segments start ``segments``."""
    best, best_len = None, -1
    for path, tool_id in entries:
        if len(path) > best_len and tuple(segments[: len(path)]) == path:
            best, best_len = tool_id, len(path)
    return best


def _index_url(vocab: Vocabulary, entry: ToolEntry) -> None:
    """A tool's URL as a (host, path segments) prefix; a language's root site also by domain."""
    parts = urlsplit(entry.url or "")
    host = parts.netloc.lower().removeprefix("www.")
    path = tuple(s for s in parts.path.lower().split("/") if s)
    if host in _HOSTING and not path:
        return  # youtube.com/ names YouTube, but a video there is not a mention of YouTube
    vocab.by_prefix[host].append((path, entry.id))
    if not path and "language" in entry.categories:
        domain = registrable_domain(host)
        vocab.by_domain[domain] = "" if domain in vocab.by_domain else entry.id


def _keep_unique_domains(vocab: Vocabulary) -> None:
    """A domain shared by two languages' sites credits neither."""
    for domain in [d for d, tool_id in vocab.by_domain.items() if not tool_id]:
        del vocab.by_domain[domain]


_SUFFIXES: list[PublicSuffixList] = []


def _suffixes() -> PublicSuffixList:
    """The Public Suffix List, parsed once per process (a tenth of a second), or adopted with the vocabularies."""
    if not _SUFFIXES:
        _SUFFIXES.append(PublicSuffixList())
    return _SUFFIXES[0]


@lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str:
    """``doc.rust-lang.org`` -> ``rust-lang.org``, by the Public Suffix List (``x.github.io`` stays whole)."""
    return _suffixes().privatesuffix(host) or host


def _index(vocab: Vocabulary, folded: str, target: tuple[str, str]) -> None:
    if folded and target not in vocab.by_name[folded]:
        vocab.by_name[folded].append(target)


_LOADED: list[Vocabulary] = []


def vocabulary() -> Vocabulary:
    """The project's vocabularies, loaded once per process (or adopted from a cache: :func:`adopt`)."""
    if not _LOADED:
        _LOADED.append(load_vocabulary())
    return _LOADED[0]


def adopt(vocab: Vocabulary) -> None:
    """Use ``vocab`` as this process's vocabularies: the shell's disk cache of what :func:`vocabulary` loads.

    Loading the Turtle and indexing it takes about a second; unpickling the result a fifth
    of that, which a one-note rebuild pays once per process.
    """
    _LOADED[:] = [vocab]
    if vocab.suffix_list is not None:
        _SUFFIXES[:] = [vocab.suffix_list]


def compiled(vocab: Vocabulary) -> Vocabulary:
    """``vocab`` with everything extraction builds from it on first use built now, so a pickled copy
    (the shell's disk cache) carries it: the automaton, the folded names, the Public Suffix List."""
    vocab.automaton  # noqa: B018
    vocab.folded_names  # noqa: B018
    vocab.suffix_list = _suffixes()
    return vocab


def loaded() -> bool:
    """True once this process has its vocabularies (loaded or adopted)."""
    return bool(_LOADED)


__all__ = [
    "ToolEntry", "TopicEntry", "Vocabulary", "adopt", "compiled", "fold", "load_vocabulary", "loaded", "vocabulary",
]
