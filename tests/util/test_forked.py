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


def test_the_result_comes_back_from_another_process():
    pending = Forked(_total, "rows", name="sum")
    assert pending.process.name == "talkgraph-sum" and pending.process.pid != os.getpid()
    assert pending.result() == sum(range(1000))
    assert not pending.process.is_alive()


def test_its_exception_is_raised_in_the_caller():
    with pytest.raises(ValueError, match="no such note"):
        Forked(_fails).result()


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
