"""``talkgraph watch``: rebuild a notes folder on every save, quickly enough to query the change at once.

    >>> from graph.pipeline.watch import watch
    >>> watch("notes", "out", on_build=lambda result, kind: print(kind, result.manifest["build"]))  # doctest: +SKIP

It starts with a quick build. Each save (debounced: a burst of writes is one change)
triggers a *quick* build — the store only, and only the notes whose text changed are
extracted and minted again (see
:mod:`graph.pipeline.session`) — which lands in well under a second and is picked up by a
running ``serve`` or ``mcp`` through OUT/manifest.json. Once the notes have been quiet for
``settle`` seconds, a *full* build rewrites every other output (exports, analytics, the
explorer). A save made during a full build is built as soon as that build is done.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import TalkgraphError
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
          stop: threading.Event | None = None, **options) -> None:
    """Build ``notes_dir`` into ``out_dir``, then rebuild on every change until ``stop`` is set.

    ``options`` are those of :func:`graph.build` (``base``, ``jobs``…). A build that fails
    (:class:`graph.errors.TalkgraphError`) goes to ``on_error`` and the watch goes on.
    """
    import watchfiles

    notes_dir, out_dir = Path(notes_dir), Path(out_dir)
    session = Session()

    def run(kind: str) -> bool:
        started = time.perf_counter()
        try:
            result = build(notes_dir, out_dir, writers=QUICK if kind == "quick" else None, session=session, **options)
            result.timings["total"] = time.perf_counter() - started
        except TalkgraphError as exc:
            session.forget()  # e.g. OUT/.cache emptied under the watch: the next build reads what is there
            if on_error is None:
                raise
            on_error(exc)
            return False
        if on_build is not None:
            on_build(result, kind)
        del result
        session.settle(full=kind == "full")  # once the build's result is let go
        return True

    stale = run("quick")  # the store first, so a server can answer at once; the other outputs follow
    for changes in watchfiles.watch(
        notes_dir, watch_filter=notes_filter(out_dir), debounce=int(debounce * 1000), step=20, stop_event=stop,
        rust_timeout=int(settle * 1000), yield_on_timeout=True, raise_interrupt=False,
    ):
        if changes:
            stale = run("quick") or stale
        elif stale:
            stale = not run("full")
