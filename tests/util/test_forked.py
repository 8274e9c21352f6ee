"""A call in a forked process: its result, its exception, its end when abandoned or killed."""

from __future__ import annotations

import os
import signal
import time

import pytest

from graph.util.forked import ChildEnded, Forked, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="a forked call needs the fork start method")

INHERITED = {"rows": list(range(1000))}  # read by the child as the parent left it, never pickled on the way in


def _total(key: str) -> int:
    return sum(INHERITED[key])


def _fails() -> None:
    raise ValueError("no such note")


def _sleeps(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _dies() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class _Odd(Exception):
    """Pickles, but does not unpickle: its ``__init__`` takes other arguments than it keeps."""

    def __init__(self, note: str, line: int) -> None:
        super().__init__(f"{note}:{line}")


def _fails_oddly() -> None:
    raise _Odd("a.md", 3)


def test_the_result_comes_back_from_another_process():
    pending = Forked(_total, "rows", name="sum")
    assert pending.process.name == "talkgraph-sum" and pending.process.pid != os.getpid()
    assert pending.result() == sum(range(1000))
    assert not pending.process.is_alive()


def test_its_exception_is_raised_in_the_caller():
    with pytest.raises(ValueError, match="no such note"):
        Forked(_fails).result()


def test_the_childs_traceback_comes_with_its_exception():
    with pytest.raises(ValueError) as raised:
        Forked(_fails).result()
    assert "in the forked process" in raised.value.__notes__[0] and "_fails" in raised.value.__notes__[0]


def test_an_exception_that_cannot_be_unpickled_still_says_what_it_was():
    with pytest.raises(RuntimeError, match=r"_fails_oddly failed in its process:(.|\n)*_Odd: a.md:3"):
        Forked(_fails_oddly).result()


def test_a_process_that_cannot_be_forked_is_an_oserror_and_leaves_no_pipe_open(monkeypatch):
    import multiprocessing.context

    def no_more(self):
        raise OSError(11, "Resource temporarily unavailable")

    before = len(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(multiprocessing.context.ForkProcess, "start", no_more)
    with pytest.raises(OSError, match="temporarily"):
        Forked(_total, "rows")
    assert len(os.listdir("/proc/self/fd")) == before


def test_a_child_that_is_killed_ends_with_a_clear_error():
    with pytest.raises(ChildEnded, match="ended without a result"):
        Forked(_dies).result()


def test_meanwhile_is_called_while_waiting_and_raising_from_it_ends_the_child():
    calls: list[float] = []

    def impatient() -> None:
        calls.append(time.monotonic())
        if len(calls) == 3:
            raise KeyboardInterrupt

    pending = Forked(_sleeps, 30.0)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        pending.result(impatient)
    assert len(calls) == 3 and time.monotonic() - started < 10
    assert not pending.process.is_alive() and pending.process.exitcode == -signal.SIGKILL


def test_an_abandoned_call_ends_at_once():
    pending = Forked(_sleeps, 30.0)
    started = time.monotonic()
    pending.abandon()
    assert not pending.process.is_alive() and time.monotonic() - started < 10


def _ignores_sigterm() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(30)


def test_stop_asks_first_then_ends_a_call_that_does_not_listen():
    asked = Forked(_sleeps, 30.0)  # SIGTERM's default: it ends at once
    assert asked.stop(grace=5.0) is None and asked.process.exitcode == -signal.SIGTERM
    deaf = Forked(_ignores_sigterm)
    time.sleep(0.3)  # its handler is set
    started = time.monotonic()
    assert deaf.stop(grace=0.5) is None
    assert deaf.process.exitcode == -signal.SIGKILL and 0.4 < time.monotonic() - started < 10


def test_stop_returns_what_a_call_sent_before_it_ended():
    done = Forked(_total, "rows")
    done.process.join()
    assert done.stop(grace=1.0) == sum(range(1000))


def _cleans_up_when_asked(log: str) -> None:
    """Ends on SIGTERM after a cleanup that a second SIGTERM would cut short (as atomic writes' is)."""
    import sys

    def ended(*_) -> None:
        with open(log, "a") as handle:
            handle.write("asked\n")
        time.sleep(0.5)  # the cleanup
        sys.exit(1)

    signal.signal(signal.SIGTERM, ended)
    time.sleep(30)


def test_a_call_is_asked_to_end_once_whoever_asks(tmp_path):
    log = tmp_path / "log"
    call = Forked(_cleans_up_when_asked, str(log))
    time.sleep(0.3)  # its handler is set
    call.terminate()
    time.sleep(0.2)  # its cleanup runs
    call.terminate()
    assert call.stop(grace=5.0) is None
    assert log.read_text() == "asked\n"


def _exits() -> None:
    raise SystemExit(3)


def test_a_call_that_exits_is_an_error_not_an_exit_of_the_caller():
    with pytest.raises(RuntimeError, match="was ended in its process"):
        Forked(_exits).result()
