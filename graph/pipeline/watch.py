"""``talkgraph watch``: rebuild a notes folder on every save, quickly enough to query the change at once.

    >>> from graph.pipeline.watch import watch
    >>> watch("notes", "out", on_build=lambda result, kind: print(kind, result.manifest["build"]))  # doctest: +SKIP

It starts with a quick build. Each save (debounced: a burst of writes is one change)
triggers a *quick* build — the store only, and only the notes whose text changed are
extracted and minted again (see
:mod:`graph.pipeline.session`) — which lands in well under a second and is picked up by a
running ``serve`` or ``mcp`` through OUT/manifest.json. Once the notes have been quiet for
``settle`` seconds, a *full* build rewrites every other output (exports, analytics, the
explorer). A save made during a full build sets it aside (:class:`~graph.errors.BuildCancelled`,
OUT left as it was): the save's quick build runs at once, and the full build starts again once
the notes are quiet (its notes' records and fragments, already cached, are not made again).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from ..errors import BuildCancelled
from .build import build
from .result import Build
from .session import Session

OnBuild = Callable[[Build, str], None]  # (the build, "quick" or "full")
QUICK = ("store",)


def notes_filter(out_dir: Path) -> Callable[[object, str], bool]:
    """Changes worth a rebuild: Markdown files, outside hidden folders and outside OUT."""
    out = out_dir.resolve()

    def keep(change: object, path: str) -> bool:
        target = Path(path)
        if any(part.startswith(".") for part in target.parts[:-1]) or target.name.startswith("."):
            return False
        try:
            if target.resolve().is_relative_to(out):
                return False
        except OSError:
            return False
        return target.suffix == ".md"

    return keep


def watch(notes_dir: str | Path, out_dir: str | Path = "out", *, on_build: OnBuild | None = None,
          on_error: Callable[[Exception], None] | None = None, debounce: float = 0.05, settle: float = 2.0,
          stop: threading.Event | None = None, on_cancel: Callable[[], None] | None = None, **options) -> None:
    """Build ``notes_dir`` into ``out_dir``, then rebuild on every change until ``stop`` is set (or Ctrl-C).

    ``options`` are those of :func:`graph.build` (``base``, ``jobs``…). A build that fails
    (a :class:`graph.errors.TalkgraphError`, or any other exception: a bug met by one save) goes to
    ``on_error`` and the watch goes on; without ``on_error`` it is raised. A full
    build set aside for a save calls ``on_cancel``.
    """
    notes_dir, out_dir = Path(notes_dir), Path(out_dir)
    session = Session()
    changes = _Changes(notes_dir, notes_filter(out_dir), debounce, stop)

    def run(kind: str) -> str:
        """One build: "done", "set aside" (a save came during a full build) or "failed"."""
        started = time.perf_counter()
        try:
            result = build(notes_dir, out_dir, writers=QUICK if kind == "quick" else None, session=session,
                           cancel=changes.pending if kind == "full" else None, **options)
            result.timings["total"] = time.perf_counter() - started
        except BuildCancelled:  # OUT as the last build left it, and the session's caches still hold
            if on_cancel is not None:
                on_cancel()
            return "set aside"
        except Exception as exc:  # one save's failure, even a bug's, must not end the watch
            session.forget()  # e.g. OUT/.cache emptied under the watch: the next build reads what is there
            if on_error is None:
                raise
            on_error(exc)
            return "failed"
        if on_build is not None:
            on_build(result, kind)
        del result
        session.settle(full=kind == "full")  # once the build's result is let go
        return "done"

    with changes:
        stale = run("quick") == "done"  # the store first, so a server can answer at once; the rest follows
        while not changes.ended():
            if changes.wait(settle if stale else None):
                stale = run("quick") == "done" or stale
            elif stale and not changes.ended():  # a failed full build waits for the next save, not a few seconds
                stale = run("full") == "set aside"


class _Changes:
    """The notes folder watched in a thread of its own, so a build can ask whether a save came meanwhile.

    The builds run in the caller's thread (signals, forks and stores stay where they were);
    this thread only waits on the filesystem and queues each debounced batch of changes.
    """

    def __init__(self, folder: Path, keep: Callable[[object, str], bool], debounce: float,
                 stop: threading.Event | None):
        self.folder, self.keep, self.debounce = folder, keep, debounce
        self.stop = stop if stop is not None else threading.Event()
        self.done = threading.Event()  # the watcher thread ended (stopped, or the folder went)
        self.batches: queue.SimpleQueue = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._watch, name="talkgraph-watch", daemon=True)
        self.error: BaseException | None = None

    def __enter__(self) -> _Changes:
        self.thread.start()
        return self

    def __exit__(self, kind, error, trace) -> bool:
        self.done.set()
        self.thread.join(timeout=5)
        if self.error is not None and error is None:
            raise self.error
        return kind is KeyboardInterrupt  # Ctrl-C ends the watch, as ``stop`` does

    def _watch(self) -> None:
        import watchfiles

        either = _Either(self.stop, self.done)
        try:
            for batch in watchfiles.watch(self.folder, watch_filter=self.keep, debounce=int(self.debounce * 1000),
                                          step=20, stop_event=either, raise_interrupt=False):
                self.batches.put(batch)
        except BaseException as exc:  # e.g. the folder removed: the watch ends with it, and says why
            self.error = exc
        finally:
            self.done.set()
            self.batches.put(None)  # wakes a wait

    def ended(self) -> bool:
        return self.stop.is_set() or self.done.is_set()

    def pending(self) -> bool:
        """Whether a change waits (a build's ``cancel``: the full build gives way to the save)."""
        return not self.batches.empty() or self.ended()

    def wait(self, seconds: float | None) -> bool:
        """Wait up to ``seconds`` (None: for ever) for changes; True when some came (every batch queued is
        taken: one quick build answers them all)."""
        try:
            batch = self.batches.get(timeout=seconds)
        except queue.Empty:
            return False
        with suppress(queue.Empty):
            while batch is not None:
                batch = self.batches.get_nowait()
        return not self.ended()


class _Either:
    """Set when either event is (watchfiles asks its stop event ``is_set``)."""

    def __init__(self, *events: threading.Event):
        self.events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self.events)
