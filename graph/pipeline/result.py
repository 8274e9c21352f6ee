"""The result of a build: what was read, minted and written, for the CLI and for callers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..extract import NoteRecord
from ..extract.records import named_mention
from ..extract.vocab import vocabulary
from ..notes import FileFacts, Issue
from ..outputs.fragment import Fragment
from ..rdf.tools import ToolIndex, resolve_tools


class Records(Sequence[NoteRecord]):
    """Every note's record, in note order: a :class:`Build`'s :attr:`~Build.records`.

    A build with a cache (the default) does not hold every record whole: at 10k notes their
    mentions and traces took ~700 MB. It keeps each note's :func:`summary` — what the
    corpus-level steps read (people, talks, links, the candidate and corrected mentions, one
    mention of each tool and topic) — and reads the whole record back from OUT/.cache/records
    when it is asked for. Indexing and iterating give whole records either way; the build's
    own steps read :attr:`summaries`.
    """

    def __init__(self, load: Callable[[str], NoteRecord | None] | None = None) -> None:
        self.summaries: list[NoteRecord] = []
        self._keys: list[str | None] = []  # the cache key of a record held as its summary, else None
        self._whole: dict[int, NoteRecord] = {}  # records held whole (no cache, or a cache that would not take them)
        self._load = load

    def append(self, record: NoteRecord, key: str | None = None, *, summarised: bool = False) -> None:
        """Add a note's record; with ``key`` (its entry in the record cache) only its summary is held.

        ``record`` may be that summary already (read from OUT/.cache/summaries): summarised
        again, its mentions, each unpickled on its own, are shared again. A summary this
        class made (``summarised``: a watch session's, from its last build) is held as it is,
        the same object, which tells the session that its note did not change.
        """
        if key is None or self._load is None:
            self._whole[len(self.summaries)] = record
            self.summaries.append(record)
        else:
            self.summaries.append(record if summarised else summary(record))
        self._keys.append(None if key is None or self._load is None else key)

    def __len__(self) -> int:
        return len(self.summaries)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = range(len(self))[index]
        key = self._keys[index]
        if key is None:
            return self._whole[index]
        record = self._load(key)
        if record is None:
            from ..errors import BuildError

            raise BuildError(f"the cached record of {self.summaries[index].path} vanished from OUT/.cache: build again")
        return record

    def __iter__(self) -> Iterator[NoteRecord]:
        return (self[i] for i in range(len(self)))


SUMMARY_FORMAT = "summary-3"  # change it with summary(): OUT/.cache/summaries entries carry it


def summary(record: NoteRecord) -> NoteRecord:
    """A record without what only its own minting reads: its traces, and the mentions the report and
    the corpus indexes do not need.

    Every candidate and every corrected mention stays whole, in order. Of the others, each
    tool and topic the note names is kept once, as the :func:`named` mention every summary
    shares: the corpus-level steps read only which tools and topics a note names, and at
    10k notes a first mention of each, with its own surface and line, held 110 MB.
    Summarising a summary gives it back, sharing restored (a summary read from the cache).
    """
    seen: set[tuple[str, str]] = set()
    kept = []
    for mention in record.mentions:
        first = mention.kind in ("tool", "topic") and (mention.kind, mention.key) not in seen
        if first:
            seen.add((mention.kind, mention.key))
        if mention.candidate or mention.corrected:
            kept.append(mention)
        elif first:
            kept.append(named_mention(mention.kind, mention.key))
    return replace(record, mentions=tuple(kept), trace=())




@dataclass
class Build:
    """What a build produced; the CLI reports it.

    The note quads are not kept in Python: they live in :attr:`store` (OUT/store, or an
    in-memory store when the ``store`` output is not asked for); :attr:`quads` reads them back.
    """

    notes_dir: Path
    out_dir: Path
    base: str
    records: Records = field(default_factory=Records)  # whole records on access; summaries held (see Records)
    vocabulary: list[Fragment] = field(default_factory=list)  # the ontology, vocabulary and analytics graphs, as bytes
    warnings: list[Issue] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # left out by the exclude patterns of talkgraph.toml
    outputs: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    cache_hits: int = 0
    minted: int = 0  # note graphs minted by this build (the others came from OUT/.cache/fragments)
    note_graphs: list[str] = field(default_factory=list)
    triple_count: int = 0
    type_counts: Counter[str] = field(default_factory=Counter)
    store: ox.Store | None = None
    store_stats: dict[str, int] = field(default_factory=dict)
    shards: int = 0
    network: Any = None  # (networkx graph, Analytics) when an output needed it
    analytics_summary: list[str] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)  # OUT/manifest.json as written (build id, …)
    unread: list[tuple[str, str]] = field(default_factory=list)  # files of the folder that are not notes: (path, kind)
    facts: dict[str, FileFacts] = field(default_factory=dict)  # each note's git facts (permalinks)
    repository: str | None = None  # the forge repository of the permalinks (github.com/owner/notes)
    record_keys: dict[str, str] = field(default_factory=dict)  # note path -> its record cache key (incremental builds)
    open_tools_: ToolIndex | None = None  # candidates decided over the corpus (graph.rdf.tools)

    @property
    def summaries(self) -> list[NoteRecord]:
        """Each note's record as the build holds it (:func:`summary`, or whole without a cache)."""
        records = self.records
        return records.summaries if isinstance(records, Records) else list(records)

    @property
    def vocabulary_quads(self) -> list[ox.Quad]:
        """The quads of the ontology, the vocabularies and the analytics (parsed anew at each call).

        Held as bytes: at 10k notes, 128k quads as Python objects were ~60 MB of the build
        process, which every writer it forks maps.
        """
        return [quad for fragment in self.vocabulary for quad in fragment.parse()]

    @property
    def triples(self) -> int:
        """Quads in the note graphs (a triple stated by two notes counts twice)."""
        return self.triple_count

    def graph_store(self) -> ox.Store:
        """The store holding this build: the live one while building, else OUT/store read-only."""
        from ..sparql.store import open_store

        return self.store if self.store is not None else open_store(self.out_dir)

    @property
    def quads(self) -> list[ox.Quad]:
        """Every quad of the note graphs, note after note (read back from the store)."""
        from ..sparql.store import graph_quads

        return list(graph_quads(self.graph_store(), self.note_graphs))

    def entity_counts(self) -> Counter[str]:
        """Distinct entities by type, over the note graphs."""
        counts = Counter(self.type_counts)
        # tools and topics are described in the vocabulary graph; count those the notes use
        vocab = vocabulary()
        notes = self.summaries
        tools = {m.key for r in notes for m in r.mentions if m.kind == "tool" and not m.candidate}
        topics = {m.key for r in notes for m in r.mentions if m.kind == "topic"}
        topics |= {topic for r in notes for topic, _ in r.topics}
        used = [vocab.tools[t] for t in tools if t in vocab.tools]
        counts["schema:SoftwareApplication"] += sum(1 for t in used if t.software)
        counts["tg:Specification"] += sum(1 for t in used if not t.software)
        counts["topic (skos:Concept)"] += len(topics & set(vocab.topics))
        if "skos:Concept" in counts:
            counts["tag (skos:Concept)"] = counts.pop("skos:Concept")
        return +counts

    def corrections(self) -> list[tuple[str, int, str, str]]:
        """(file, line, surface, tool name) of every typo repaired."""
        vocab = vocabulary()
        out = []
        for record in self.summaries:
            for m in record.mentions:
                if m.corrected:
                    name = vocab.tools[m.key].name if m.key in vocab.tools else m.key
                    out.append((record.path, m.line, m.surface, name))
        return out

    def unread_by_kind(self) -> dict[str, list[str]]:
        """The files of the notes folder that are not notes, by kind (``image``, ``repository file``…)."""
        groups: dict[str, list[str]] = {}
        for rel, kind in self.unread:
            groups.setdefault(kind, []).append(rel)
        return dict(sorted(groups.items()))

    def candidates(self) -> Counter[str]:
        """Mentions of each candidate left for review (by its corpus-wide name)."""
        return Counter(name for name, promoted in self._open_mentions() if not promoted)

    def open_tools(self) -> Counter[str]:
        """Mentions of each tool found outside the vocabulary (promoted by its evidence)."""
        return Counter(name for name, promoted in self._open_mentions() if promoted)

    def _open_mentions(self):
        index = self.open_tools_index()
        for record in self.summaries:
            for m in record.mentions:
                if m.candidate:
                    found = index.get(m.key)
                    yield (found.name, found.promoted) if found else (m.key, False)

    def open_tools_index(self) -> ToolIndex:
        if self.open_tools_ is None:
            self.open_tools_ = resolve_tools(self.summaries)
        return self.open_tools_

    def report(self) -> dict[str, Any]:
        """The build report as plain data (report.json)."""
        return {
            "notes": len(self.records),
            "skipped": self.skipped,
            "not_read": self.unread_by_kind(),
            "triples": self.triples,
            "entities": dict(sorted(self.entity_counts().items())),
            "warnings": [{"file": w.path, "line": w.line, "message": w.message} for w in self.warnings],
            "corrections": [{"file": f, "line": n, "surface": s, "tool": t} for f, n, s, t in self.corrections()],
            "candidates": dict(sorted(self.candidates().items())),
            "open_tools": dict(sorted(self.open_tools().items())),
        } | ({"excluded": self.excluded} if self.excluded else {})


class TypeCounter:
    """Counts distinct (entity, class) pairs while quads stream past.

    Mentions are the bulk of the entities and their IRIs are local to one note, so they are
    counted without being remembered; the rest (people, talks, tags…) are few.
    """

    MENTION = "https://w3id.org/talkgraph/ns#Mention"
    TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

    def __init__(self, counts: Counter[str]):
        self.counts = counts
        self.seen: set[tuple[str, str]] = set()

    def add(self, quads: list[ox.Quad]) -> None:
        self.merge(self.part(quads))

    @classmethod
    def part(cls, quads: list[ox.Quad]) -> tuple[int, tuple[tuple[str, str], ...]]:
        """What one graph adds: its mentions, and its other (entity, class) pairs (computed where it is minted)."""
        mentions, pairs = 0, {}
        for quad in quads:
            if quad.predicate.value == cls.TYPE and isinstance(quad.object, ox.NamedNode):
                if quad.object.value == cls.MENTION:
                    mentions += 1
                else:
                    pairs[(quad.subject.value, quad.object.value)] = None
        return mentions, tuple(pairs)

    def merge(self, part: tuple[int, tuple[tuple[str, str], ...]]) -> None:
        mentions, pairs = part
        if mentions:
            self.counts["tg:Mention"] += mentions
        for key in pairs:
            if key not in self.seen:
                self.seen.add(key)
                self.counts[_short(key[1])] += 1


def _short(iri: str) -> str:
    for prefix, label in (
        ("https://schema.org/", "schema:"),
        ("https://w3id.org/talkgraph/ns#", "tg:"),
        ("http://www.w3.org/2004/02/skos/core#", "skos:"),
        ("http://www.w3.org/ns/prov#", "prov:"),
    ):
        if iri.startswith(prefix):
            return label + iri[len(prefix) :]
    return iri
