"""The strongest co-mentions of the entity graph, without counting every pair.

One dense note naming 3 000 tools co-mentions 4.5 million pairs, each once; 10k notes name
tens of millions of pairs: counting them all to print five took most of a build. A pair
named together by two talks or notes or more has both ends in two such sources at least,
and is named no more often than its less frequent end: the pairs are counted from the most
named entity down, and the count stops when no further pair can reach the five found
(:func:`_repeated_pairs`). When fewer than five pairs are that strong, the rest are the
alphabetically first pairs named once, read lazily from each source in label order. The
answer is the one a count of every pair gives, ties included (first seen, first kept)."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import islice

import networkx as nx

from .shape import Shape, shape_of


def comention_sources(graph: nx.MultiDiGraph | Shape) -> list[list[str]]:
    """The tools and topics each talk or note mentions (or is about), sorted, for those naming two or more."""
    shape = shape_of(graph)
    wanted = {n for n, (kind, _) in shape.nodes.items() if kind in ("tool", "topic")}
    sources = []
    for targets in shape.succ().values():
        members = [t for t, kinds in targets.items() if t in wanted and ("mentions" in kinds or "about" in kinds)]
        if len(members) > 1:
            sources.append(sorted(members))
    return sources


def strongest_comentions(graph: nx.MultiDiGraph | Shape, top: int = 5) -> list[tuple[str, str, int]]:
    """As ``heapq.nsmallest(top, ((label a, label b, n) for every co-mentioned pair), key=(-n, a, b))``."""
    shape = shape_of(graph)
    label = {node: name for node, (_, name) in shape.nodes.items()}
    sources = comention_sources(shape)
    repeated = _repeated_pairs(sources, top)
    best = sorted(repeated, key=lambda item: (-item[1], label[item[0][0]], label[item[0][1]], item[2]))[:top]
    out = [(label[a], label[b], n) for (a, b), n, _first in best]
    if len(out) < top:
        skip = {pair for pair, _, _ in repeated}  # fewer than ``top``: every repeated pair is in ``best``
        streams = [_pairs_by_label(members, label, skip) for members in sources]
        # equal labels: the earlier source first (heapq.merge keeps the streams' order), as a count would
        for key, _order in islice(heapq.merge(*streams, key=lambda item: item[0]), top - len(out)):
            out.append((key[0], key[1], 1))
    return out


def _repeated_pairs(sources: list[list[str]], top: int) -> list[tuple[tuple[str, str], int, tuple]]:
    """The pairs named by two sources or more that can rank among the ``top``: (pair, count, first seen).

    A pair is never named more often than its less frequent end, so entities are taken from
    the most named down, each counting (in numpy) its partners named less often, until the
    next one is named fewer times than the ``top``-th count found: at 10k notes a few dozen
    rows, where a Counter of every pair (tens of millions) took a minute. ``first seen`` (the
    first source naming both, then the pair) breaks equal labels as a Counter's order would.
    """
    import numpy as np  # here, not at import: 0.2 s that a build whose analytics are cached never needs

    seen = Counter(member for members in sources for member in members)
    order = sorted((member for member, n in seen.items() if n > 1), key=lambda m: (-seen[m], m))
    rank = {member: i for i, member in enumerate(order)}
    arrays = [np.array([rank[m] for m in members if m in rank], dtype=np.int64) for members in sources]
    holders: dict[int, list[int]] = defaultdict(list)
    for at, ranks in enumerate(arrays):
        for r in ranks.tolist():
            holders[r].append(at)
    found: list[tuple[int, int, int]] = []  # count, rank a, rank b
    floor = 2
    for r, member in enumerate(order):
        if len(found) >= top and seen[member] < floor:
            break
        partners = np.concatenate([arrays[at] for at in holders[r]])
        values, counts = np.unique(partners[partners > r], return_counts=True)
        strong = counts >= floor
        found += zip(counts[strong].tolist(), [r] * int(strong.sum()), values[strong].tolist(), strict=True)
        if len(found) >= top:
            floor = max(floor, heapq.nlargest(top, found)[-1][0])
            found = [item for item in found if item[0] >= floor]
    out = []
    for n, a, b in found:
        first = min(set(holders[a]) & set(holders[b]))
        pair = tuple(sorted((order[a], order[b])))
        out.append((pair, n, (first, *pair)))
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
