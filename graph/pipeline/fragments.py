"""Each note's minted graph as a cached fragment, minted in worker processes when it pays off.

A note's quads depend on its record, its git revision, the base IRI, the code of graph/rdf
— and on a few corpus-level facts: the slug and name of each agent it names (people
are merged across notes), the notes its wikilinks and README talks resolve to, and the
corpus-wide verdict on each tool candidate it mentions. Minting goes through recording
views of those three indexes, so each fragment knows exactly which facts it read and
what they were. The cache entry (OUT/.cache/fragments/) is keyed by record, revision,
base and code; a hit is served only when every recorded fact still has the same value.
One edit thus re-mints the notes it concerns — the note itself, and the notes that name
a person whose name it changes or a candidate it promotes — never the whole corpus.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox

from ..extract import NoteRecord
from ..extract.records import Agent
from ..extract.vocab import Vocabulary
from ..network import EntityGraphBuilder
from ..notes.facts import FileRevision
from ..outputs import fragment as fragment_module
from ..outputs.fragment import Fragment
from ..rdf.iris import AgentIndex, Minter, NoteIndex
from ..rdf.tools import ToolIndex
from ..rdf.triples import note_graph
from ..util.forked import can_fork
from ..util.sources import source_digest
from .cache import PACKAGE, RecordCache, extractor_fingerprint
from .result import TypeCounter

PARALLEL_MIN_NOTES = 64
MINT_BATCH = 16  # notes a worker mints per task
Fact = tuple[str, object, object]  # kind, key, value


def mint_sources() -> list[Path]:
    """The code that decides a note's :class:`Minted` besides its record and the corpus facts: the minting
    (graph/rdf), the fragment, and what a cached entry carries beside it — the note's entity-graph part
    and its type counts, so that a new version of either never serves an old part."""
    own = [Path(inspect.getsourcefile(code)) for code in (fragment_module, EntityGraphBuilder, TypeCounter)]
    return [*sorted((PACKAGE / "rdf").rglob("*.py")), *own, Path(__file__)]


@cache
def mint_fingerprint() -> str:
    """Hash of everything that decides a note's quads besides its record and the corpus facts."""
    digest = hashlib.sha256(extractor_fingerprint().encode())
    digest.update(metadata.version("pyoxigraph").encode())
    digest.update(source_digest(*mint_sources()))
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Corpus:
    """The corpus-level facts minting reads, computed once in the parent from every record."""

    minter: Minter
    agents: AgentIndex
    notes: NoteIndex
    tools: ToolIndex
    vocab: Vocabulary
    prefixes: dict[str, str]

    def fact(self, kind: str, key) -> object:
        """The current value of one recorded fact."""
        if kind == "agent":
            agent = Agent(name=key)
            return self.agents.slug_for(agent), self.agents.name_for(agent)
        if kind == "note":
            return self.notes.note_for(key)
        if kind == "talk":
            return self.notes.talk_note(*key)
        return self.tools.get(key)

    def still(self, facts: tuple[Fact, ...]) -> bool:
        return all(self.fact(kind, key) == value for kind, key, value in facts)


class _Agents:
    """An :class:`AgentIndex` that notes which agents it was asked about (by name: all it reads)."""

    def __init__(self, index: AgentIndex, used: set):
        self.index, self.used = index, used

    def slug_for(self, agent: Agent) -> str:
        self.used.add(("agent", agent.name))
        return self.index.slug_for(agent)

    def name_for(self, agent: Agent) -> str:
        self.used.add(("agent", agent.name))
        return self.index.name_for(agent)


class _Notes:
    def __init__(self, index: NoteIndex, used: set):
        self.index, self.used = index, used

    def note_for(self, target: str) -> str | None:
        self.used.add(("note", target))
        return self.index.note_for(target)

    def talk_note(self, folder: str, title: str) -> str | None:
        self.used.add(("talk", (folder, title)))
        return self.index.talk_note(folder, title)


class _Tools:
    def __init__(self, index: ToolIndex, used: set):
        self.index, self.used = index, used

    def get(self, name: str):
        self.used.add(("tool", name))
        return self.index.get(name)


@dataclass(frozen=True)
class Minted:
    """One note's artefacts: its graph as bytes, the corpus facts it read, and what it adds to the
    type counts and to the entity graph (so a cached note is never parsed back into quads)."""

    fragment: Fragment
    facts: tuple[Fact, ...]
    types: tuple[int, tuple[tuple[str, str], ...]]
    network: EntityGraphBuilder


def mint_note(record: NoteRecord, corpus: Corpus, revision: FileRevision | None) -> Minted:
    """Mint one note, recording the corpus facts its minting read."""
    used: set = set()
    graph = note_graph(record, corpus.minter, _Agents(corpus.agents, used), corpus.vocab,
                       _Notes(corpus.notes, used), revision, _Tools(corpus.tools, used), corpus.prefixes)
    facts = tuple((kind, key, corpus.fact(kind, key)) for kind, key in sorted(used, key=repr))
    network = EntityGraphBuilder()  # fed the quads but the mentions', then the mentions as rows
    network.feed(graph.quads)
    network.add_mentions(graph.rows)
    network.compact()
    mentions, pairs = TypeCounter.part(graph.quads)
    fragment = Fragment(graph.name, graph.nquads, graph.trig, graph.count)
    return Minted(fragment, facts, (mentions + graph.mentions, pairs), network)


def vocabulary_fragments(out_dir: Path | None, files: list[tuple[str, str]], prefixes: dict[str, str],
                         read: Callable[[list[tuple[str, str]]], Iterable[ox.Quad]]) -> list[Fragment]:
    """The ontology and vocabulary graphs as fragments, kept in OUT/.cache/vocabulary/ by the files' bytes.

    Parsing their Turtle (31k triples) and serialising them again cost ~1 s of every
    build, a one-note rebuild included, for graphs that change only with schema/.
    """
    digest = hashlib.sha256(f"{mint_fingerprint()}\0{sorted(prefixes.items())}".encode())
    for path, graph in files:
        digest.update(f"\0{Path(path).name}\0{graph}\0".encode())
        digest.update(Path(path).read_bytes())

    def make() -> list[Fragment]:
        groups: dict[str, list[ox.Quad]] = {}
        for quad in read(files):
            groups.setdefault(quad.graph_name.value, []).append(quad)
        return [Fragment.of(name, quads, prefixes) for name, quads in groups.items()]

    if out_dir is None:
        return make()
    def valid(cached: object) -> bool:
        return isinstance(cached, list) and all(isinstance(item, Fragment) for item in cached)

    return _VocabularyGraphsCache(out_dir).single(digest.hexdigest(), make, valid)


class _VocabularyGraphsCache(RecordCache):
    folder = "vocabulary"

    def code_fingerprint(self) -> str:
        return mint_fingerprint()


class FragmentCache(RecordCache):
    """OUT/.cache/fragments: each note's :class:`Minted` by record key, revision, base and code."""

    folder = "fragments"

    def code_fingerprint(self) -> str:
        return mint_fingerprint()

    def fragment_key(self, record_key: str, revision: FileRevision | None, base: str) -> str:
        return hashlib.sha256(f"{self.fingerprint}\0{record_key}\0{revision!r}\0{base}".encode(
            "utf-8", "surrogatepass")).hexdigest()


_JOB: tuple[list[NoteRecord], Corpus, list[FileRevision | None]] | None = None  # inherited by forked workers


def _mint_batch(indices: list[int]) -> list[Minted]:
    records, corpus, revisions = _JOB
    return [mint_note(records[i], corpus, revisions[i]) for i in indices]


def mint_all(records: list[NoteRecord], corpus: Corpus, revisions: list[FileRevision | None],
             jobs: int) -> Iterator[Minted]:
    """Mint ``records`` in order, in ``jobs`` forked processes when it pays off (bytes come back, not quads).

    At most a few batches are in flight, so the parent never holds every fragment at once.
    """
    global _JOB
    if jobs <= 1 or len(records) < PARALLEL_MIN_NOTES:
        for record, revision in zip(records, revisions, strict=True):
            yield mint_note(record, corpus, revision)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # small batches: each note's artefacts (~0.7 MB unpickled) wait in the parent until its turn,
    # and 2 * jobs batches of 128 held ~360 MB of them at 10k notes
    size = max(8, min(MINT_BATCH, len(records) // (jobs * 8) or 1))
    batches = [list(range(i, min(i + size, len(records)))) for i in range(0, len(records), size)]
    if not can_fork():
        yield from mint_all(records, corpus, revisions, 1)
        return
    _JOB = (records, corpus, revisions)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            window = 2 * jobs
            pending = [pool.submit(_mint_batch, batch) for batch in batches[:window]]
            submitted = len(pending)
            while pending:
                results = pending.pop(0).result()
                if submitted < len(batches):
                    pending.append(pool.submit(_mint_batch, batches[submitted]))
                    submitted += 1
                yield from results
    finally:
        _JOB = None
