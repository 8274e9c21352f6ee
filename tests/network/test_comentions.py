"""The strongest co-mentions found without counting every pair are those a full count gives."""

from __future__ import annotations

import heapq
import random

import networkx as nx
import pytest

from graph.network import comention_counts
from graph.network.comentions import _pairs_by_label, strongest_comentions


def _by_full_count(graph: nx.MultiDiGraph, top: int = 5) -> list[tuple[str, str, int]]:
    labels = graph.nodes
    return heapq.nsmallest(
        top,
        ((labels[a]["label"], labels[b]["label"], n) for (a, b), n in comention_counts(graph).items()),
        key=lambda e: (-e[2], e[0], e[1]),
    )


def _graph(seed: int, sources: int, entities: int, labels: int, size: int) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    names = [f"label{rng.randrange(labels):03d}" for _ in range(entities)]  # equal labels on purpose
    for i, name in enumerate(names):
        graph.add_node(f"e{i:04d}", type=rng.choice(("tool", "topic", "person")), label=name)
    for s in range(sources):
        graph.add_node(f"s{s:03d}", type=rng.choice(("note", "talk")), label=f"source {s}")
        for member in rng.sample(range(entities), rng.randint(0, min(size, entities))):
            graph.add_edge(f"s{s:03d}", f"e{member:04d}", key=rng.choice(("mentions", "about", "tag")))
    return graph


@pytest.mark.parametrize("seed", range(40))
def test_same_answer_as_a_full_count(seed):
    rng = random.Random(seed)
    graph = _graph(seed, sources=rng.randint(1, 12), entities=rng.randint(2, 60), labels=rng.randint(3, 80),
                   size=rng.randint(2, 40))
    for top in (1, 5, 12):
        assert strongest_comentions(graph, top) == _by_full_count(graph, top)


@pytest.mark.parametrize("seed", range(12))
def test_many_sources_and_ties(seed):
    """Many sources over few entities with few labels: counts tie, labels tie, the early stop must not skip a pair."""
    rng = random.Random(1000 + seed)
    graph = _graph(seed, sources=rng.randint(60, 200), entities=rng.randint(20, 90), labels=rng.randint(4, 30),
                   size=rng.randint(3, 25))
    for top in (1, 3, 5, 40):
        assert strongest_comentions(graph, top) == _by_full_count(graph, top)


def test_one_dense_source_reads_few_pairs():
    """One note naming 2 000 tools: the five first pairs are read, not the two million."""
    members = [f"t{i:05d}" for i in range(2000)]
    label = {m: f"Tool {m}" for m in members}
    stream = _pairs_by_label(members, label, set())
    first = [next(stream) for _ in range(5)]
    assert [pair for pair, _ in first] == [("Tool t00000", f"Tool t{i:05d}") for i in range(1, 6)]
    assert stream.gi_frame is not None  # still lazy: nothing beyond what was asked was made


def test_empty_and_lonely():
    graph = nx.MultiDiGraph()
    graph.add_node("n", type="note", label="n")
    graph.add_node("t", type="tool", label="t")
    graph.add_edge("n", "t", key="mentions")
    assert strongest_comentions(graph) == [] == _by_full_count(graph)
