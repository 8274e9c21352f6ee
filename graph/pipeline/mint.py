"""Minting: each note's record -> its quads, streamed into the store and the graph streams.

Each note's quads go to the store and to every open stream as soon as they are minted
(and into the entity graph when an output needs the network), so no list of all quads
is ever held. The ontology, the vocabularies and the analytics follow in graphs of their own.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from ..extract.vocab import vocabulary
from ..network import ANALYTICS_GRAPH, EntityGraphBuilder, analytics_quads
from ..outputs import OUTPUTS
from ..outputs.fragment import Fragment
from ..outputs.streams import GraphStream
from ..rdf.iris import Minter, index_notes, resolve_agents
from ..rdf.namespaces import ONTOLOGY_GRAPH, VOCABULARY_GRAPH, prefixes
from ..rdf.triples import vocabulary_quads
from ..sparql.store import StoreWriter
from ..util.resources import schema_file
from .cache import RecordCache
from .cancel import Cancel, checkpoint
from .fragments import Corpus, FragmentCache, Minted, mint_all, mint_note, vocabulary_fragments
from .network import network_from_builder
from .result import Build, TypeCounter
from .session import Session


class _Sink:
    """Hands each graph to the store and to every stream, timing each stream."""

    def __init__(self, loader: StoreWriter, streams: dict[str, GraphStream], base: str):
        self.loader = loader
        self.streams = streams
        self.prefixes = prefixes(base)
        self.spent = dict.fromkeys(streams, 0.0)

    def put_fragment(self, fragment: Fragment) -> None:
        """The store keeps an unchanged graph without its quads; the streams write the fragment's bytes."""
        if not self.loader.keep(fragment.name, fragment.digest):
            self.loader.put_nquads(fragment.name, fragment.nquads, fragment.digest)
        for key, item in self.streams.items():
            began = time.perf_counter()
            item.graph(fragment)
            self.spent[key] += time.perf_counter() - began


def mint(state: Build, loader: StoreWriter, streams: dict[str, GraphStream], *, network: bool,
         session: Session | None = None, jobs: int = 1, cancel: Cancel | None = None) -> dict[str, list[Path]]:
    """Mint every note, then the vocabularies and (with ``network``) the analytics; returns the files of
    the internal streams, which are committed (the writers read them); the others are left to :func:`close`.

    In a watch session's quick build (the store only), notes whose record did not change
    are not minted again, and the analytics graph of the last full build is kept. ``cancel``
    is asked before each note and before the analytics (:func:`checkpoint`).
    """
    sink = _Sink(loader, streams, state.base)
    builder = EntityGraphBuilder() if network else None
    started = time.perf_counter()
    mint_time, network_time = _mint_notes(state, sink, builder, session, jobs, cancel)
    cached = state.out_dir if state.record_keys else None  # --no-incremental: no cache
    fragments = vocabulary_fragments(cached, _vocabulary_files(), sink.prefixes, vocabulary_quads)
    state.vocabulary = list(fragments)
    for fragment in fragments:
        name = fragment.name
        known = session.unchanged(name, None) if session and session.quick and session.base == state.base else None
        if known is None or not loader.keep(name, known[0]):
            sink.put_fragment(fragment)
        if session is not None:
            session.graphs[name] = (None, loader.hashes[name], fragment.count)
        fragment.release()
    loader.sync()  # queued: the store loads in the background while the analytics and the writers run
    state.timings["triples"] = mint_time
    state.timings["store"] = time.perf_counter() - started - mint_time - network_time - sum(sink.spent.values())
    checkpoint(cancel)
    if builder is not None:
        # analytics (tg:degree, tg:betweenness, tg:community) go into every export, in a graph of their own
        started = time.perf_counter()
        # parsed again each time, also in a watch session: 128k quads held as Python objects were ~60 MB
        vocabulary_terms = (q for f in fragments for q in f.parse())
        state.network, extra = network_from_builder(builder, vocabulary_terms, state.out_dir, cancel, jobs,
                                                    then=partial(_analytics_fragment, prefixes=sink.prefixes))
        sink.put_fragment(extra)
        extra.release()
        state.vocabulary.append(extra)
        state.timings["analytics"] = time.perf_counter() - started + network_time
    checkpoint(cancel)  # after the analytics, before the store's last writes
    started = time.perf_counter()
    state.store_stats = loader.finish(keep=(ANALYTICS_GRAPH,) if session is not None and session.quick else ())
    state.timings["store"] += time.perf_counter() - started
    state.timings.update(sink.spent)  # close adds each stream's commit
    return close(state, {name: item for name, item in streams.items() if OUTPUTS[name].internal})


def _mint_notes(state: Build, sink: _Sink, builder: EntityGraphBuilder | None,
                session: Session | None = None, jobs: int = 1, cancel: Cancel | None = None) -> tuple[float, float]:
    """Every note's fragment — from the cache when its facts still hold, else minted (in workers) — into the sink."""
    notes = state.summaries  # what the corpus indexes read; whole records only for the notes minted
    corpus = Corpus(Minter(state.base), resolve_agents(notes), index_notes(notes),
                    state.open_tools_index(), vocabulary(), sink.prefixes)  # tools: graph.rdf.tools
    cache = FragmentCache(state.out_dir) if state.record_keys else None
    facts = FactsCache(state.out_dir) if cache is not None else None
    types = TypeCounter(state.type_counts)
    mint_time = network_time = 0.0
    quick = session is not None and session.quick and session.minted_with(corpus.agents, state.base)
    plan: list[tuple[str, object]] = []  # (graph name, "kept", "cached", the cached Minted, or None: to mint)
    held = 0
    keys: dict[str, str] = {}
    for record in notes:
        name = corpus.minter.note(record.path)
        state.note_graphs.append(name)
        if cache is not None and record.path in state.record_keys:  # every live key, or prune drops it
            keys[record.path] = cache.fragment_key(state.record_keys[record.path], _revision(state, record.path),
                                                   state.base)
        known = session.unchanged(name, record) if quick else None
        if known is not None and sink.loader.keep(name, known[0]):
            state.triple_count += known[1]
            plan.append((name, "kept"))
            continue
        hit = _still_valid(cache, facts, keys[record.path], corpus) if record.path in keys else None
        if isinstance(hit, Minted) and held + _size(hit) <= HOLD_BYTES:  # read whole (no side entry): held
            held += _size(hit)
            plan.append((name, hit))
        else:  # read when its turn comes: 10k fragments' bytes would be gigabytes
            plan.append((name, None if hit is None else "cached"))
    todo = [i for i, (_, m) in enumerate(plan) if m is None]
    fresh = mint_all(_Picked(state.records, todo), corpus, [_revision(state, notes[i].path) for i in todo], jobs)
    for index, (record, (name, minted)) in enumerate(zip(notes, plan, strict=True)):
        if minted == "kept":
            continue
        checkpoint(cancel)
        began = time.perf_counter()
        if minted == "cached":
            minted = cache.get(keys[record.path])  # read once, when its turn comes
            if not isinstance(minted, Minted) or not corpus.still(minted.facts):  # vanished or rewritten since
                minted = mint_note(state.records[index], corpus, _revision(state, record.path))
                _put(cache, facts, keys[record.path], minted)
        elif minted is None:
            minted = next(fresh)
            state.minted += 1
            if record.path in keys:
                _put(cache, facts, keys[record.path], minted)
        state.triple_count += minted.fragment.count
        types.merge(minted.types)
        mint_time += time.perf_counter() - began
        sink.put_fragment(minted.fragment)
        if session is not None:
            session.graphs[name] = (record, minted.fragment.digest, minted.fragment.count)
        if builder is not None:
            began = time.perf_counter()
            builder.merge(minted.network)
            network_time += time.perf_counter() - began
        minted.fragment.release()
    if cache is not None:
        cache.prune(set(keys.values()))
        facts.prune(set(keys.values()))
    if session is not None:
        session.agents, session.base = corpus.agents, state.base
    return mint_time, network_time


HOLD_BYTES = 64 << 20  # cached fragments held between the cache check and their use (with their entity graph parts)


class FactsCache(RecordCache):
    """OUT/.cache/fragment-facts: the corpus facts of each cached fragment, under the fragment's key.

    Checking whether a cached fragment still holds needs only its facts; read from this side
    entry, the fragment itself (bytes, type counts, entity-graph part) is unpickled once, when
    it is used, instead of once to check it and again to use it (at 10k notes, 15 s of a
    one-note rebuild went to unpickling).
    """

    folder = "fragment-facts"


def _still_valid(cache: FragmentCache, facts: FactsCache, key: str, corpus: Corpus) -> Minted | str | None:
    """"cached" when the side entry's facts still hold; a cache without it is read whole (and given one)."""
    side, hit = cache.derived(key, facts, lambda found: isinstance(found, tuple),
                              lambda whole: whole.facts if isinstance(whole, Minted) else None)
    if side:
        return "cached" if corpus.still(hit) else None
    return hit if isinstance(hit, Minted) and corpus.still(hit.facts) else None


def _put(cache: FragmentCache, facts: FactsCache, key: str, minted: Minted) -> None:
    cache.put(key, minted)
    facts.put(key, minted.facts)


class _Picked(Sequence):
    """Some of the build's records, read whole one at a time (a full build mints 10k of them)."""

    def __init__(self, records: Sequence, indices: list[int]):
        self.records, self.indices = records, indices

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, position):
        return self.records[self.indices[position]]


def _size(minted: Minted) -> int:
    return len(minted.fragment.nquads) + len(minted.fragment.trig)


def _revision(state: Build, path: str):
    facts = state.facts.get(path)
    return facts.revision if facts else None


def _analytics_fragment(stats, prefixes: dict[str, str]) -> Fragment:
    """The analytics graph, serialised where the analytics are computed (maybe a process of their own)."""
    return Fragment.of(ANALYTICS_GRAPH, analytics_quads(stats), prefixes)


def close(state: Build, streams: dict[str, GraphStream]) -> dict[str, list[Path]]:
    """Commit these streams; returns what each wrote, by stream name (their timings get the commit's time)."""
    written = {}
    for key, item in streams.items():
        began = time.perf_counter()
        written[key] = item.close()
        state.timings[key] = state.timings.get(key, 0.0) + time.perf_counter() - began
    return written


def _vocabulary_files() -> list[tuple[str, str]]:
    files = [("ontology.ttl", ONTOLOGY_GRAPH), ("tools.ttl", VOCABULARY_GRAPH), ("topics.ttl", VOCABULARY_GRAPH)]
    return [(str(schema_file(name)), graph) for name, graph in files if schema_file(name).is_file()]
