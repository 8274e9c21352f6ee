"""Minting: each note's record -> its quads, streamed into the store and the graph streams.

Each note's quads go to the store and to every open stream as soon as they are minted
(and into the entity graph when an output needs the network), so no list of all quads
is ever held. The ontology, the vocabularies and the analytics follow in graphs of their own.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from ..extract.vocab import vocabulary
from ..network import ANALYTICS_GRAPH, EntityGraphBuilder, analytics_quads
from ..outputs.streams import GraphStream
from ..rdf.iris import Minter, resolve_agents
from ..rdf.namespaces import ONTOLOGY_GRAPH, VOCABULARY_GRAPH
from ..rdf.triples import note_quads, vocabulary_quads
from ..sparql.store import StoreWriter
from ..util.resources import schema_file
from .network import network_from_builder
from .result import Build, TypeCounter


class _Sink:
    """Hands each graph to the store and to every stream, timing each stream."""

    def __init__(self, loader: StoreWriter, streams: dict[str, GraphStream]):
        self.loader = loader
        self.streams = streams
        self.spent = dict.fromkeys(streams, 0.0)

    def put(self, name: str, quads: list[ox.Quad]) -> None:
        self.loader.put(name, quads)
        for key, item in self.streams.items():
            began = time.perf_counter()
            item.graph(name, quads)
            self.spent[key] += time.perf_counter() - began


def mint(state: Build, loader: StoreWriter, streams: dict[str, GraphStream], *, network: bool) -> dict[str, list[Path]]:
    """Mint every note, then the vocabularies and (with ``network``) the analytics; returns the streams' files."""
    sink = _Sink(loader, streams)
    builder = EntityGraphBuilder() if network else None
    started = time.perf_counter()
    mint_time, network_time = _mint_notes(state, sink, builder)
    state.vocabulary_quads = list(vocabulary_quads(_vocabulary_files()))
    for name, quads in _by_graph(state.vocabulary_quads).items():
        sink.put(name, quads)
    loader.sync()
    state.store = loader.store
    state.timings["triples"] = mint_time
    state.timings["store"] = time.perf_counter() - started - mint_time - network_time - sum(sink.spent.values())
    if builder is not None:
        # analytics (tg:degree, tg:betweenness, tg:community) go into every export, in a graph of their own
        started = time.perf_counter()
        state.network = network_from_builder(builder, state.vocabulary_quads, state.out_dir)
        extra = analytics_quads(state.network[1])
        state.vocabulary_quads.extend(extra)
        sink.put(ANALYTICS_GRAPH, extra)
        state.timings["analytics"] = time.perf_counter() - started + network_time
    started = time.perf_counter()
    state.store_stats = loader.finish()
    state.timings["store"] += time.perf_counter() - started
    return _close(state, sink)


def _mint_notes(state: Build, sink: _Sink, builder: EntityGraphBuilder | None) -> tuple[float, float]:
    minter = Minter(state.base)
    agents = resolve_agents(state.records)
    vocab = vocabulary()
    types = TypeCounter(state.type_counts)
    mint_time = network_time = 0.0
    for record in state.records:
        began = time.perf_counter()
        quads = note_quads(record, minter, agents, vocab)
        mint_time += time.perf_counter() - began
        name = minter.note(record.path)
        state.note_graphs.append(name)
        state.triple_count += len(quads)
        types.add(quads)
        sink.put(name, quads)
        if builder is not None:
            began = time.perf_counter()
            builder.feed(quads)
            network_time += time.perf_counter() - began
    return mint_time, network_time


def _close(state: Build, sink: _Sink) -> dict[str, list[Path]]:
    """Commit every stream; returns what each wrote, by stream name."""
    written = {}
    for key, item in sink.streams.items():
        began = time.perf_counter()
        written[key] = item.close()
        state.timings[key] = sink.spent[key] + time.perf_counter() - began
    return written


def _vocabulary_files() -> list[tuple[str, str]]:
    files = [("ontology.ttl", ONTOLOGY_GRAPH), ("tools.ttl", VOCABULARY_GRAPH), ("topics.ttl", VOCABULARY_GRAPH)]
    return [(str(schema_file(name)), graph) for name, graph in files if schema_file(name).is_file()]


def _by_graph(quads: Iterable[ox.Quad]) -> dict[str, list[ox.Quad]]:
    groups: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        groups.setdefault(quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else "", []).append(quad)
    return groups
