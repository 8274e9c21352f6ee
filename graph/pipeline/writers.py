"""The writers of a build (union formats, network, explorer, report), side by side when there are cores.

Once the graphs are minted, each writer reads only its :class:`~graph.outputs.WriterContext`
and writes its own files (atomically). They are independent, and most of them are pure
Python (the JSON-LD compactor, networkx's GraphML/GEXF, the explorer's data), so threads
would queue on the GIL: with ``jobs`` > 1 each runs in a forked process that inherits the
context (the entity graph is never pickled) and sends back only the paths it wrote.
Outputs and their order are the same whatever ``jobs``.
"""

from __future__ import annotations

import ctypes
import gc
import os
import time
from contextlib import suppress
from pathlib import Path

from ..outputs import WriterContext, load

CHEAP = frozenset({"report", "ntriples"})  # not worth a process
# the longest first, so the last to start is a short one: with 2 cores, the explorer and the
# GraphML/GEXF files (the two longest at every size) do not end up queued behind the union formats
COST_ORDER = ("html", "network", "jsonld", "turtle")
# writers run one after the other trim the heap between them only from this resident size: a
# trim costs ~0.1 s (2.6 % of a 1-job build of 312 notes) and matters where a build nears 1 GB
TRIM_RESIDENT = 512 << 20
_CONTEXT: WriterContext | None = None  # inherited by the forked writers


def _run(name: str) -> tuple[list[Path], float]:
    started = time.perf_counter()
    paths = load(name)(_CONTEXT)
    return paths, time.perf_counter() - started


def _run_then_release(name: str, heavy: bool) -> tuple[list[Path], float]:
    """One writer in this process; after a heavy one, its freed pages go back to the system, or
    the next writer's peak would sit on top of them (at 10k notes, 1 job: 1,001 MB, not 935)."""
    done = _run(name)
    if heavy and _resident() >= TRIM_RESIDENT:
        _release_free_memory()
    return done


def _resident() -> int:
    """This process's resident bytes (0 where /proc is not: there is no glibc heap to trim either)."""
    with suppress(OSError, ValueError, IndexError):
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    return 0


def _cost_rank(name: str) -> int:
    return COST_ORDER.index(name) if name in COST_ORDER else len(COST_ORDER)


def _release_free_memory() -> None:
    """Hand the heap's free pages back to the system before the writers: a forked writer's RSS
    counts every page of the parent's it maps, the minting's freed buffers too (glibc keeps them)."""
    gc.collect()
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)  # glibc; elsewhere there is no such symbol and nothing to do


def run_writers(names: tuple[str, ...], ctx: WriterContext, jobs: int) -> dict[str, tuple[list[Path], float]]:
    """Run the writers ``names``; returns each one's (paths, seconds), in the order of ``names``."""
    global _CONTEXT
    import multiprocessing

    heavy = sorted((name for name in names if name not in CHEAP), key=_cost_rank)
    _CONTEXT = ctx
    try:
        if len(heavy) < 2:
            return {name: _run(name) for name in names}
        if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            if _resident() >= TRIM_RESIDENT:
                _release_free_memory()
            return {name: _run_then_release(name, name in heavy) for name in names}
        _release_free_memory()
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(heavy)),
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {name: pool.submit(_run, name) for name in heavy}
            done = {name: _run(name) for name in names if name in CHEAP}
            done.update((name, future.result()) for name, future in futures.items())
        return {name: done[name] for name in names}
    finally:
        _CONTEXT = None
