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
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from ..outputs import WriterContext, load
from ..util.files import held, holding
from ..util.forked import POLL, Forked, can_fork
from .cancel import Cancel, checkpoint

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


def run_writers(names: tuple[str, ...], ctx: WriterContext, jobs: int,
                cancel: Cancel | None = None) -> dict[str, tuple[list[Path], float]]:
    """Run the writers ``names``; returns each one's (paths, seconds), in the order of ``names``.

    ``cancel`` is asked before each writer starts and, while forked writers run, every
    :data:`POLL` seconds: when it says stop, the running writers are ended (each removes its
    temporary files, so OUT keeps the last build's) and :class:`~graph.errors.BuildCancelled` raised.
    """
    global _CONTEXT
    heavy = sorted((name for name in names if name not in CHEAP), key=_cost_rank)
    _CONTEXT = ctx
    try:
        if len(heavy) < 2 or jobs <= 1 or not can_fork():
            if len(heavy) >= 2 and _resident() >= TRIM_RESIDENT:
                _release_free_memory()
            done = {}
            for name in names:
                checkpoint(cancel)
                done[name] = _run_then_release(name, len(heavy) >= 2 and name in heavy)
            return done
        checkpoint(cancel)  # not a collection of the whole heap for a build set aside
        _release_free_memory()
        done = _Writers(min(jobs, len(heavy)), cancel).run(
            heavy, lambda: {name: _run(name) for name in names if name in CHEAP})
        return {name: done[name] for name in names}
    finally:
        _CONTEXT = None


STOP_GRACE = 5.0  # seconds a writer ended by SIGTERM has to remove its temporary files before SIGKILL


class _Writers:
    """Heavy writers in at most ``width`` forked processes (:class:`~graph.util.forked.Forked`), each
    sending back its (paths, seconds) and the files it holds, or its error.

    A process per writer rather than a pool: a cancelled build ends the running ones with
    SIGTERM, which each turns into an exception so that its temporary files are removed.
    """

    def __init__(self, width: int, cancel: Cancel | None):
        self.width, self.cancel = width, cancel
        self.running: dict[object, tuple[str, Forked]] = {}  # the parent's end of a pipe -> (writer, its call)

    def run(self, names: list[str], meanwhile: Callable[[], dict]) -> dict[str, tuple[list[Path], float]]:
        from multiprocessing.connection import wait

        waiting, done = list(names), {}
        try:
            self._start(waiting)
            done.update(meanwhile())  # the cheap writers, in this process
            while self.running:
                checkpoint(self.cancel)
                for end in wait(list(self.running), timeout=POLL if self.cancel else None):
                    name, call = self.running.pop(end)
                    done[name] = self._result(call)
                self._start(waiting)
        finally:
            self._stop()
        return done

    def _start(self, waiting: list[str]) -> None:
        while waiting and len(self.running) < self.width:
            checkpoint(self.cancel)
            name = waiting.pop(0)
            call = Forked(_child, name, name=name)
            self.running[call.end] = (name, call)

    @staticmethod
    def _result(call: Forked) -> tuple[list[Path], float]:
        done, files = call.result()  # ChildEnded names the writer's process: "talkgraph-html"
        if files:
            held().files.extend(files)
        return done

    def _stop(self) -> None:
        """End what still runs (a cancel, or another writer's error), giving each :data:`STOP_GRACE` seconds.

        A writer may have finished and sent its held files just before: they are removed here."""
        for _, call in self.running.values():
            call.terminate()  # all at once, then each is waited for
        for _, call in self.running.values():
            sent = call.stop(STOP_GRACE)
            for tmp, _ in sent[1] if sent else ():
                Path(tmp).unlink(missing_ok=True)
        self.running.clear()


def _child(name: str) -> tuple[tuple[list[Path], float], list]:
    """A forked writer: SIGTERM becomes SystemExit, so the atomic files it writes are removed, not left.

    Returns what it wrote and, when the parent holds the exports until every writer is done
    (:func:`graph.util.files.holding`), the files it holds for it to publish with the others."""
    import signal
    import sys

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    parent_holds = held() is not None
    with holding() as mine:
        done = _run(name)
        if not parent_holds:
            mine.publish()
        files = list(mine.files)
        mine.files.clear()
    return done, files
