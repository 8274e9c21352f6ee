"""The build: a notes folder -> every output in OUT. The imperative shell around the core.

    >>> from graph import build
    >>> result = build("examples", "out")          # doctest: +SKIP
    >>> result.triples, len(result.warnings)        # doctest: +SKIP

Reading files, writing outputs and reporting live here; parsing, extraction and triples
are the pure functions of :mod:`graph.notes`, :mod:`graph.extract` and :mod:`graph.rdf`.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .cache import RecordCache
from .export import GraphStream, open_streams, writer_names
from .extract import NoteRecord, extract_note
from .notes import Issue, parse_note
from .notes.read import read_note_file
from .rdf.iris import Minter, resolve_agents
from .rdf.namespaces import DEFAULT_BASE, ONTOLOGY_GRAPH, VOCABULARY_GRAPH
from .rdf.triples import note_quads, vocabulary_quads
from .resources import schema_file
from .store import StoreWriter, store_path
from .vocab import vocabulary


class BuildError(Exception):
    """A build that cannot start (no input folder, output not writable): one clear line."""


@dataclass
class Build:
    """What a build produced; writers read it, the CLI reports it.

    The note quads are not kept in Python: they live in :attr:`store` (OUT/store, or an
    in-memory store when the ``store`` writer is not run); :attr:`quads` reads them back.
    """

    notes_dir: Path
    out_dir: Path
    base: str
    records: list[NoteRecord] = field(default_factory=list)
    vocabulary_quads: list[ox.Quad] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    cache_hits: int = 0
    note_graphs: list[str] = field(default_factory=list)
    triple_count: int = 0
    type_counts: Counter[str] = field(default_factory=Counter)
    store: ox.Store | None = None
    store_stats: dict[str, int] = field(default_factory=dict)
    shards: int = 0

    @property
    def triples(self) -> int:
        """Quads in the note graphs (a triple stated by two notes counts twice)."""
        return self.triple_count

    def graph_store(self) -> ox.Store:
        """The store holding this build: the live one while building, else OUT/store read-only."""
        from .store import open_store

        return self.store if self.store is not None else open_store(self.out_dir)

    @property
    def quads(self) -> list[ox.Quad]:
        """Every quad of the note graphs, note after note (read back from the store)."""
        from .store import graph_quads

        return list(graph_quads(self.graph_store(), self.note_graphs))

    def entity_counts(self) -> Counter[str]:
        """Distinct entities by type, over the note graphs."""
        counts = Counter(self.type_counts)
        # tools and topics are described in the vocabulary graph; count those the notes use
        vocab = vocabulary()
        tools = {m.key for r in self.records for m in r.mentions if m.kind == "tool" and not m.candidate}
        topics = {m.key for r in self.records for m in r.mentions if m.kind == "topic"}
        topics |= {topic for r in self.records for topic, _ in r.topics}
        counts["schema:SoftwareApplication"] += len(tools & set(vocab.tools))
        counts["topic (skos:Concept)"] += len(topics & set(vocab.topics))
        if "skos:Concept" in counts:
            counts["tag (skos:Concept)"] = counts.pop("skos:Concept")
        return +counts

    def corrections(self) -> list[tuple[str, int, str, str]]:
        vocab = vocabulary()
        out = []
        for record in self.records:
            for m in record.mentions:
                if m.corrected:
                    out.append(
                        (record.path, m.line, m.surface, vocab.tools[m.key].name if m.key in vocab.tools else m.key)
                    )
        return out

    def candidates(self) -> Counter[str]:
        return Counter(m.key for r in self.records for m in r.mentions if m.candidate)


class _TypeCounter:
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
        for quad in quads:
            if quad.predicate.value == self.TYPE and isinstance(quad.object, ox.NamedNode):
                cls = quad.object.value
                if cls == self.MENTION:
                    self.counts["tg:Mention"] += 1
                    continue
                key = (quad.subject.value, cls)
                if key not in self.seen:
                    self.seen.add(key)
                    self.counts[_short(cls)] += 1


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


def discover(notes_dir: Path) -> list[Path]:
    """Every ``*.md`` below the folder, sorted; symlinked folders are not entered."""
    found = []
    for root, dirs, files in os.walk(notes_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.lower().endswith(".md"):
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(notes_dir).as_posix())


def process_file(path: Path, root: Path) -> tuple[NoteRecord | None, list[Issue]]:
    """Read, parse and extract one file; never raises for bad input."""
    rel = path.relative_to(root).as_posix()
    result = read_note_file(path, root)
    issues: list[Issue] = []
    if result.warning:
        issues.append(Issue(rel, None, result.warning))
    if result.text is None:
        return None, issues
    record, more = process_text(rel, result.text)
    return record, issues + more


def process_text(rel: str, text: str) -> tuple[NoteRecord | None, list[Issue]]:
    """Parse and extract decoded note text (the pure part, run in worker processes)."""
    issues: list[Issue] = []
    bad_controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t")
    if bad_controls:
        issues.append(Issue(rel, None, f"{bad_controls} control characters removed"))
        text = "".join(c for c in text if ord(c) >= 32 or c in "\n\r\t")
    try:
        record = extract_note(parse_note(rel, text))
    except RecursionError:
        issues.append(Issue(rel, None, "nesting too deep to parse: skipped"))
        return None, issues
    return record, issues + list(record.issues)


def _process_batch(batch: list[tuple[str, str]]) -> list[tuple[NoteRecord | None, list[Issue]]]:
    return [process_text(rel, text) for rel, text in batch]


PARALLEL_MIN_NOTES = 64


def extract_all(items: list[tuple[str, str]], jobs: int) -> list[tuple[NoteRecord | None, list[Issue]]]:
    """Parse and extract (path, text) pairs, in ``jobs`` processes when it pays off.

    Results come back in input order whatever the number of processes, so the outputs do
    not depend on ``--jobs``.
    """
    if jobs <= 1 or len(items) < PARALLEL_MIN_NOTES:
        return [process_text(rel, text) for rel, text in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    vocabulary()  # loaded once here, inherited by forked workers
    size = max(8, min(256, len(items) // (jobs * 8) or 1))
    batches = [items[i : i + size] for i in range(0, len(items), size)]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    out: list[tuple[NoteRecord | None, list[Issue]]] = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for results in pool.map(_process_batch, batches):
            out.extend(results)
    return out


def build(
    notes_dir: str | Path,
    out_dir: str | Path = "out",
    *,
    base: str = DEFAULT_BASE,
    writers: Iterable[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
    incremental: bool = True,
    shards: int = 0,
) -> Build:
    """Build every output of ``notes_dir`` into ``out_dir`` and return what was built.

    ``jobs`` worker processes parse and extract (default: one per core); with
    ``incremental`` (the default) notes whose content did not change since the last build
    into the same ``out_dir`` are taken from its cache instead of being parsed again.
    """
    jobs = os.cpu_count() or 1 if jobs is None else max(1, jobs)
    import time

    from .export import write_outputs

    notes_dir, out_dir = Path(notes_dir), Path(out_dir)
    if writers is not None:
        writers = list(writers)
        unknown = sorted(set(writers) - set(writer_names()))
        if unknown:
            raise BuildError(f"unknown writer {', '.join(unknown)}: choose from {', '.join(writer_names())}")
    if not notes_dir.is_dir():
        raise BuildError(f"notes folder not found: {notes_dir}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / ".talkgraph-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise BuildError(f"cannot write to output folder {out_dir}: {exc.strerror or exc}") from None
    if not base.endswith(("/", "#")):
        base += "/"
    state = Build(notes_dir=notes_dir, out_dir=out_dir, base=base, shards=max(0, shards))
    files = discover(notes_dir)
    started = time.perf_counter()
    cache = RecordCache(out_dir) if incremental else None
    pending: list[tuple[str, str]] = []
    keys: dict[str, str] = {}
    slots: list[tuple[str, NoteRecord | None]] = []
    for index, path in enumerate(files, 1):
        rel = path.relative_to(notes_dir).as_posix()
        result = read_note_file(path, notes_dir)
        if result.warning:
            state.warnings.append(Issue(rel, None, result.warning))
        if result.text is None:
            state.skipped.append(rel)
            continue
        hit = None
        if cache is not None:
            keys[rel] = cache.key(rel, result.text)
            hit = cache.get(keys[rel])
        if hit is not None:
            record, issues = hit
            state.warnings.extend(issues)
            slots.append((rel, record))
        else:
            pending.append((rel, result.text))
            slots.append((rel, None))
        if progress:
            progress(index, len(files))
    fresh = dict(zip((rel for rel, _ in pending), extract_all(pending, jobs), strict=True))
    for rel, record in slots:
        if record is None:
            record, issues = fresh[rel]
            state.warnings.extend(issues)
            if cache is not None:
                cache.put(keys[rel], (record, issues))
            if record is None:
                state.skipped.append(rel)
                continue
        state.records.append(record)
    if cache is not None:
        cache.prune(set(keys.values()))
    state.cache_hits = len(slots) - len(pending)
    state.timings["extract"] = time.perf_counter() - started

    persist = writers is None or "store" in writers
    loader = StoreWriter(out_dir if persist else None, base)
    streams = open_streams(state, list(writers) if writers is not None else None)
    try:
        _load(state, loader, streams, writers)
        write_outputs(state, list(writers) if writers is not None else None, skip={"store", *streams})
        if persist:
            started = time.perf_counter()
            loader.commit()
            state.store = None  # OUT/store now; Build.quads reopens it read-only
            state.outputs.append(store_path(out_dir))
            state.timings["store"] += time.perf_counter() - started
    except BaseException:
        for item in streams.values():
            item.abort()
        state.store = None  # the last reference: RocksDB must be closed before its folder goes
        loader.abort()
        raise
    return state


def _load(state: Build, loader: StoreWriter, streams: dict[str, GraphStream], writers: Iterable[str] | None) -> None:
    """Mint each note's quads into the store and the graph streams, then the vocabularies and analytics."""
    import time

    spent = dict.fromkeys(streams, 0.0)
    wants_network = writers is None or "network" in writers or "html" in writers
    if wants_network:
        from .network import EntityGraphBuilder

        state._entity_builder = EntityGraphBuilder()

    def put(name: str, quads: list[ox.Quad]) -> None:
        loader.put(name, quads)
        for key, item in streams.items():
            began = time.perf_counter()
            item.graph(name, quads)
            spent[key] += time.perf_counter() - began

    started = time.perf_counter()
    minter = Minter(state.base)
    agents = resolve_agents(state.records)
    vocab = vocabulary()
    types = _TypeCounter(state.type_counts)
    mint_time = network_time = 0.0
    for record in state.records:
        began = time.perf_counter()
        quads = note_quads(record, minter, agents, vocab)
        mint_time += time.perf_counter() - began
        name = minter.note(record.path)
        state.note_graphs.append(name)
        state.triple_count += len(quads)
        types.add(quads)
        put(name, quads)
        if wants_network:
            began = time.perf_counter()
            state._entity_builder.feed(quads)
            network_time += time.perf_counter() - began
    vocab_files = [(str(schema_file("ontology.ttl")), ONTOLOGY_GRAPH)] if schema_file("ontology.ttl").is_file() else []
    vocab_files += [
        (str(schema_file(n)), VOCABULARY_GRAPH) for n in ("tools.ttl", "topics.ttl") if schema_file(n).is_file()
    ]
    state.vocabulary_quads = list(vocabulary_quads(vocab_files))
    for name, quads in _by_graph(state.vocabulary_quads).items():
        put(name, quads)
    loader.sync()
    state.store = loader.store
    state.timings["triples"] = mint_time
    state.timings["store"] = time.perf_counter() - started - mint_time - network_time - sum(spent.values())

    if wants_network:
        # analytics (tg:degree, tg:betweenness, tg:community) go into every export, in a graph of their own
        from .network import ANALYTICS_GRAPH, analytics_quads, network_of

        started = time.perf_counter()
        _, stats = network_of(state)
        extra = list(analytics_quads(stats))
        state.vocabulary_quads.extend(extra)
        put(ANALYTICS_GRAPH, extra)
        state.timings["analytics"] = time.perf_counter() - started + network_time
    started = time.perf_counter()
    state.store_stats = loader.finish()
    state.timings["store"] += time.perf_counter() - started
    for key, item in streams.items():
        began = time.perf_counter()
        state.outputs.extend(item.close())
        state.timings[key] = spent[key] + time.perf_counter() - began


def _by_graph(quads: list[ox.Quad]) -> dict[str, list[ox.Quad]]:
    groups: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        groups.setdefault(quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else "", []).append(quad)
    return groups
