"""One call in a forked process, while the caller goes on with something else.

The child inherits what the call reads (nothing is pickled on the way in) and sends back
its result, pickled, or its exception. Where ``fork`` is not a start method there is no
such process: :func:`can_fork` says so and the caller makes the call itself.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from contextlib import suppress

POLL = 0.05  # seconds between two calls of ``meanwhile`` while the result is awaited


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class ChildEnded(RuntimeError):
    """The forked process ended without sending a result (killed, or out of memory)."""


class Forked:
    """``function(*args)`` running in a forked process. Read its :meth:`result`, or :meth:`abandon` it."""

    def __init__(self, function: Callable, *args, name: str = "") -> None:
        context = multiprocessing.get_context("fork")
        self.end, theirs = context.Pipe(duplex=False)
        self.process = context.Process(target=_call, args=(theirs, function, args), daemon=True,
                                       name=f"talkgraph-{name or getattr(function, '__name__', 'call')}")
        self.process.start()
        theirs.close()

    def ready(self) -> bool:
        """Whether the result (or the exception) has come: :meth:`result` then returns at once."""
        return self.end.poll()

    def result(self, meanwhile: Callable[[], None] | None = None):
        """The call's result (its exception is raised here); ``meanwhile`` is called every :data:`POLL`
        seconds until it comes (raising from it abandons the call)."""
        try:
            while not self.end.poll(POLL):
                if meanwhile is not None:
                    meanwhile()
                if not self.process.is_alive() and not self.end.poll():
                    break
            try:
                ok, value = self.end.recv()
            except EOFError:
                self.process.join()
                raise ChildEnded(f"the {self.process.name} process ended without a result "
                                 f"(exit code {self.process.exitcode})") from None
        except BaseException:
            self.abandon()
            raise
        self.end.close()
        self.process.join()
        if not ok:
            raise value
        return value

    def abandon(self) -> None:
        """End the call if it still runs; nothing it would have sent is read."""
        if self.process.is_alive():
            self.process.kill()  # it writes nothing: nothing is left half done
        self.process.join()
        with suppress(OSError):
            self.end.close()


def _call(end, function: Callable, args: tuple) -> None:
    try:
        result = (True, function(*args))
    except BaseException as exc:  # raised again in the parent
        result = (False, exc)
    try:
        end.send(result)
    except Exception as exc:  # e.g. an exception that does not pickle
        end.send((False, RuntimeError(f"{getattr(function, '__name__', 'the call')} failed: {exc!r}")))
    finally:
        end.close()
