"""The strongest co-mentions of the entity graph, without counting every pair.

One dense note naming 3 000 tools co-mentions 4.5 million pairs, each once: counting them
all to print five took most of a build. A pair named together by two talks or notes or
more has both ends in two such sources at least, so those pairs are counted among the
entities named more than once only; when fewer than five pairs are that strong, the rest
are the alphabetically first pairs named once, read lazily from each source in label
order. The answer is the one a count of every pair gives, ties included (first seen, first
kept).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterator
from itertools import combinations, islice

import networkx as nx


def comention_sources(graph: nx.MultiDiGraph) -> list[list[str]]:
    """The tools and topics each talk or note mentions (or is about), sorted, for those naming two or more."""
    nodes = graph.nodes
    wanted = {n for n, kind in nodes(data="type") if kind in ("tool", "topic")}
    sources = []
    for _source, targets in graph.adjacency():
        members = [t for t, keyed in targets.items() if t in wanted and ("mentions" in keyed or "about" in keyed)]
        if len(members) > 1:
            sources.append(sorted(members))
    return sources


def strongest_comentions(graph: nx.MultiDiGraph, top: int = 5) -> list[tuple[str, str, int]]:
    """As ``heapq.nsmallest(top, ((label a, label b, n) for every co-mentioned pair), key=(-n, a, b))``."""
    label = {node: data["label"] for node, data in graph.nodes(data=True)}
    sources = comention_sources(graph)
    seen = Counter(member for members in sources for member in members)
    strong: Counter[tuple[str, str]] = Counter()
    for members in sources:
        strong.update(combinations([m for m in members if seen[m] > 1], 2))
    repeated = [(pair, n) for pair, n in strong.items() if n > 1]
    best = heapq.nsmallest(top, repeated, key=lambda item: (-item[1], label[item[0][0]], label[item[0][1]]))
    out = [(label[a], label[b], n) for (a, b), n in best]
    if len(out) < top:
        skip = {pair for pair, _ in repeated}
        streams = [_pairs_by_label(members, label, skip) for members in sources]
        # equal labels: the earlier source first (heapq.merge keeps the streams' order), as a count would
        for key, _order in islice(heapq.merge(*streams, key=lambda item: item[0]), top - len(out)):
            out.append((key[0], key[1], 1))
    return out


def _pairs_by_label(members: list[str], label: dict[str, str], skip: set) -> Iterator[tuple[tuple[str, str], tuple]]:
    """The pairs (a, b) of one source (a before b, as its sorted list has them), by their labels.

    Yields ``((label a, label b), (index a, index b))`` in increasing order, so that equal
    labels keep the order :func:`itertools.combinations` gives; pairs in ``skip`` are left
    out. Lazy: a reader that wants a few pairs costs a sort and a few scans of the source.
    """
    by_label = sorted(range(len(members)), key=lambda i: (label[members[i]], i))
    at = 0
    while at < len(by_label):
        group_end = at
        first = label[members[by_label[at]]]
        while group_end < len(by_label) and label[members[by_label[group_end]]] == first:
            group_end += 1
        group = [by_label[k] for k in range(at, group_end)]
        partners = (
            ((first, label[members[j]]), (i, j))
            for i in group
            for j in by_label
            if j > i and (members[i], members[j]) not in skip
        )
        yield from sorted(partners) if len(group) > 1 else partners
        at = group_end
