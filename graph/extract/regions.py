"""Regions of a block's text (code spans, link texts, URLs), looked up in log time.

A dense block holds thousands of hits and hundreds of regions: asking "which region holds
this hit" by a scan over all regions makes a long paragraph quadratic. Regions are found
in reading order, so they are nearly always sorted and disjoint; then a bisection finds
the only candidate. When they are not (a piece found again from the start of the text),
the lookup falls back to the scan, with the same answer: the first region, in list order,
that holds the hit.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence


class Regions:
    """``(start, end, *payload)`` tuples; :meth:`holding` answers like a scan in list order."""

    __slots__ = ("_items", "_starts", "sorted")

    def __init__(self, items: Sequence[tuple]):
        self._items = list(items)
        if not self._items:  # most blocks have no code span, link or address: nothing to sort out
            self._starts: list[int] = []
            self.sorted = True
            return
        self._starts = [item[0] for item in self._items]
        pairs = zip(self._items, self._items[1:], strict=False)
        self.sorted = all(a[0] < a[1] <= b[0] for a, b in pairs) and (
            not self._items or self._items[-1][0] < self._items[-1][1]
        )

    def __bool__(self) -> bool:
        return bool(self._items)

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def holding(self, start: int, end: int) -> tuple | None:
        """The first region with ``region[0] <= start`` and ``end <= region[1]`` (for a hit: ``start < end``)."""
        if not self.sorted:
            return next((r for r in self._items if r[0] <= start and end <= r[1]), None)
        # sorted, disjoint and not empty: only the last region starting at or before ``start`` can hold it
        at = bisect_right(self._starts, start) - 1
        return self._items[at] if at >= 0 and end <= self._items[at][1] else None

    def covers(self, offset: int) -> bool:
        """Some region holds ``offset`` (``start <= offset < end``)."""
        if not self.sorted:
            return any(r[0] <= offset < r[1] for r in self._items)
        at = bisect_right(self._starts, offset) - 1
        return at >= 0 and offset < self._items[at][1]
