"""One call in a forked process, while the caller goes on with something else.

The child inherits what the call reads (nothing is pickled on the way in) and sends back
its result, pickled, or its exception (with the child's traceback as a note). Where
``fork`` is not a start method there is no such process: :func:`can_fork` says so and the
caller makes the call itself.
"""

from __future__ import annotations

import multiprocessing
import pickle
import traceback
from collections.abc import Callable
from contextlib import suppress
from multiprocessing.connection import Connection
from typing import Any

POLL = 0.05  # seconds between two calls of ``meanwhile`` while the result is awaited


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class ChildEnded(RuntimeError):
    """The forked process ended without sending a result (killed, or out of memory)."""


class Forked:
    """``function(*args)`` running in a forked process. Read its :meth:`result`, or :meth:`abandon` it.

    Raises :class:`OSError` when no process can be forked (out of memory, too many processes).
    """

    terminated = False

    def __init__(self, function: Callable[..., Any], *args: Any, name: str = "") -> None:
        context = multiprocessing.get_context("fork")
        self.end, theirs = context.Pipe(duplex=False)
        self.process = context.Process(target=_call, args=(theirs, self.end, function, args), daemon=True,
                                       name=f"talkgraph-{name or getattr(function, '__name__', 'call')}")
        try:
            self.process.start()
        except BaseException:
            self.end.close()
            raise
        finally:
            theirs.close()

    def ready(self) -> bool:
        """Whether the result (or the exception) has come: :meth:`result` then returns at once."""
        return self.end.poll()

    def result(self, meanwhile: Callable[[], None] | None = None) -> Any:
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
        """End the call if it still runs (SIGKILL: for a call that leaves nothing half done); unread."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        with suppress(OSError):
            self.end.close()

    def terminate(self) -> None:
        """Ask the call to end (SIGTERM), once: a second signal could cut short the cleanup the first one started."""
        if not self.terminated and self.process.is_alive():
            self.terminated = True
            self.process.terminate()

    def stop(self, grace: float) -> Any:
        """End the call (:meth:`terminate`, then SIGKILL after ``grace`` seconds), and return the result it
        sent before it ended, if any (None): a call that writes files is given the time to remove them, and
        what it finished meanwhile can be undone by the caller."""
        self.terminate()
        self.process.join(grace)
        if self.process.exitcode is None:  # deep in C code that does not return to the interpreter
            self.process.kill()
            self.process.join()
        sent = None
        with suppress(Exception):
            if self.end.poll():
                ok, value = self.end.recv()
                sent = value if ok else None
        with suppress(OSError):
            self.end.close()
        return sent


def _call(end: Connection, parents: Connection, function: Callable[..., Any], args: tuple) -> None:
    """In the child. The parent's end is closed first: if the parent dies, sending fails instead of blocking."""
    parents.close()
    try:
        result = (True, function(*args))
    except BaseException as exc:  # raised again in the parent
        result = (False, _portable(exc, function))
    try:
        end.send(result)
    except Exception as exc:  # a result that does not pickle
        name = getattr(function, "__name__", "the call")
        end.send((False, RuntimeError(f"{name}'s result does not pickle: {exc!r}")))
    finally:
        end.close()


def _portable(exc: BaseException, function: Callable[..., Any]) -> BaseException:
    """``exc`` as the parent will unpickle it, its traceback in a note; else a RuntimeError saying what it was.

    Some exceptions pickle but do not unpickle (their ``__init__`` takes other arguments than
    they keep): tried here, so the parent never gets a TypeError in place of the error."""
    if not isinstance(exc, Exception):  # SystemExit, KeyboardInterrupt: the call did not fail, it was ended
        return RuntimeError(f"{getattr(function, '__name__', 'the call')} was ended in its process "
                            f"({type(exc).__name__}{exc.args!r})")
    text = "".join(traceback.format_exception(exc))
    try:
        copy = pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{getattr(function, '__name__', 'the call')} failed in its process:\n{text}")
    copy.add_note(f"in the forked process:\n{text}")
    return copy
