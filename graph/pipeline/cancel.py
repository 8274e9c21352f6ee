"""A build's ``cancel``: asked at its checkpoints, it stops the build before anything is swapped in.

A watch passes one that says whether a note was saved since its full build began, so the
save reaches the store at once instead of waiting for every export of the build it
interrupted (up to half a minute at 10k notes).
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import BuildCancelled

Cancel = Callable[[], bool]  # True: stop at the next checkpoint


def checkpoint(cancel: Cancel | None) -> None:
    """Raise :class:`~graph.errors.BuildCancelled` when ``cancel`` says stop."""
    if cancel is not None and cancel():
        raise BuildCancelled("build cancelled: OUT is as the last build left it")
