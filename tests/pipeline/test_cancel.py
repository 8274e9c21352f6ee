"""A cancelled build leaves OUT as the last build left it, wherever the cancel comes.

A watch cancels its full build when a note is saved meanwhile (graph.pipeline.watch); the
build may then be anywhere: minting, before the analytics, among its forked writers. Every
export, the store and the manifest must stay the last build's, no temporary file may be
left behind, and the next build must still give a fresh build's bytes.
"""

from __future__ import annotations

import multiprocessing
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import graph.pipeline.watch as watching
from graph import build
from graph.errors import BuildCancelled, BuildError
from graph.sparql.store import open_store

from .test_incremental import FILES

EDITED = "2022-12-04-profiling-python-mumut.md"


def snapshot(out) -> dict:
    """Every file of OUT but the store's own (compared by their quads) and the caches (added to, never wrong)."""
    files = {path.relative_to(out).as_posix(): path.read_bytes() for path in out.rglob("*")
             if path.is_file() and not path.relative_to(out).parts[0].startswith(("store", ".cache"))}
    store = open_store(out)
    try:
        files["store quads"] = sorted(str(quad) for quad in store)
    finally:
        del store
    return files


def edit(notes) -> None:
    path = notes / EDITED
    path.write_text(path.read_text(encoding="utf-8") + "- et aussi scalene\n", encoding="utf-8")


def leftovers(out) -> list[str]:
    return sorted(path.name for path in out.rglob("*") if path.suffix in (".tmp", ".link"))


class After:
    """A cancel that says stop at its ``n``-th question (0: never), counting them."""

    def __init__(self, n: int = 0):
        self.n, self.asked = n, 0

    def __call__(self) -> bool:
        self.asked += 1
        return self.asked == self.n


def test_a_cancel_at_any_checkpoint_leaves_out_as_it_was(notes, tmp_path):
    out = tmp_path / "out"
    build(notes, out, permalinks=False, jobs=1)
    edit(notes)
    pristine = tmp_path / "pristine"  # each cancelled build starts from it (a cancelled build still caches)
    shutil.copytree(out, pristine)
    counting = After()
    build(notes, out, permalinks=False, jobs=1, cancel=counting)  # how many checkpoints
    assert counting.asked > 10  # each note, the entity graph, each writer
    before = snapshot(pristine)
    for n in sorted({1, 2, counting.asked // 2, counting.asked - 1, counting.asked}):
        shutil.rmtree(out)
        shutil.copytree(pristine, out)
        with pytest.raises(BuildCancelled):
            build(notes, out, permalinks=False, jobs=1, cancel=After(n))
        assert snapshot(out) == before, n
        assert leftovers(out) == [], n
    again = build(notes, out, permalinks=False, jobs=1)
    fresh = build(notes, tmp_path / "fresh", incremental=False, permalinks=False)
    for name in FILES:
        assert (again.out_dir / name).read_bytes() == (fresh.out_dir / name).read_bytes(), name


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="writers fork only where they can")
def test_a_cancel_ends_the_forked_writers_and_they_leave_no_temporary_file(notes, tmp_path):
    out = tmp_path / "out"
    build(notes, out, permalinks=False, jobs=2)
    edit(notes)
    before = snapshot(out)
    seen: list[int] = []

    def once_writers_run() -> bool:  # the first writer is running when the second would start
        seen.extend(child.pid for child in multiprocessing.active_children() if child.name.startswith("talkgraph-"))
        return bool(seen)

    with pytest.raises(BuildCancelled):
        build(notes, out, permalinks=False, jobs=2, cancel=once_writers_run)
    assert seen, "no writer ran in a process of its own"
    assert not [child for child in multiprocessing.active_children() if child.pid in seen]
    assert leftovers(out) == []
    assert snapshot(out) == before


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="analytics fork only where they can")
def test_a_cancel_while_the_analytics_run_aside_ends_their_process(notes, tmp_path, monkeypatch):
    network = sys.modules["graph.pipeline.network"]
    monkeypatch.setattr(network, "FORK_NODES", 1)
    slow = network._analytics_of

    def slow_analytics(*args):
        time.sleep(30)  # still running when the cancel comes
        return slow(*args)

    monkeypatch.setattr(network, "_analytics_of", slow_analytics)
    out = tmp_path / "out"
    build(notes, out, permalinks=False, jobs=1)
    edit(notes)
    before = snapshot(out)
    seen: list[int] = []

    def once_analytics_run() -> bool:
        seen.extend(child.pid for child in multiprocessing.active_children() if child.name == "talkgraph-analytics")
        return bool(seen)

    started = time.monotonic()
    with pytest.raises(BuildCancelled):
        build(notes, out, permalinks=False, jobs=2, cancel=once_analytics_run)
    assert seen and time.monotonic() - started < 25
    assert not [child for child in multiprocessing.active_children() if child.pid in seen]
    assert leftovers(out) == [] and snapshot(out) == before


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="analytics fork only where they can")
def test_analytics_whose_process_is_killed_are_computed_in_the_build_itself(notes, tmp_path, monkeypatch):
    import os
    import signal

    network = sys.modules["graph.pipeline.network"]
    monkeypatch.setattr(network, "FORK_NODES", 1)
    monkeypatch.setattr(network, "_analytics_of", lambda *args: os.kill(os.getpid(), signal.SIGKILL))
    forked = []

    class Counted(network.Forked):
        def __init__(self, *args, **options):
            super().__init__(*args, **options)
            forked.append(self.process)

    monkeypatch.setattr(network, "Forked", Counted)
    killed = build(notes, tmp_path / "killed", permalinks=False, jobs=2, incremental=False)
    monkeypatch.undo()
    assert len(forked) == 1 and forked[0].exitcode == -signal.SIGKILL  # so the analytics were made in the build
    assert len(list((tmp_path / "killed" / ".cache" / "analytics").glob("*.pickle"))) == 1
    fresh = build(notes, tmp_path / "fresh", permalinks=False, jobs=1, incremental=False)
    assert killed.network[1] == fresh.network[1]
    for name in FILES:
        assert (killed.out_dir / name).read_bytes() == (fresh.out_dir / name).read_bytes(), name


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="analytics fork only where they can")
def test_analytics_that_cannot_be_forked_are_computed_in_the_build_itself(notes, tmp_path, monkeypatch):
    network = sys.modules["graph.pipeline.network"]
    monkeypatch.setattr(network, "FORK_NODES", 1)
    tried = []

    def no_process(*args, **options):
        tried.append(args[0])
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(network, "Forked", no_process)
    unforked = build(notes, tmp_path / "unforked", permalinks=False, jobs=2, incremental=False)
    monkeypatch.undo()
    fresh = build(notes, tmp_path / "fresh", permalinks=False, jobs=1, incremental=False)
    assert tried and unforked.network[1] == fresh.network[1]
    assert (unforked.out_dir / "graph.graphml").read_bytes() == (fresh.out_dir / "graph.graphml").read_bytes()


def test_a_save_during_a_full_build_sets_it_aside_for_its_quick_build(notes, tmp_path, monkeypatch):
    """The watch's full build gives way to a save made while it runs: the save's quick build comes
    first, then a full build of every output once the notes are quiet again."""
    out, real, kinds = tmp_path / "out", watching.build, []
    saved = threading.Event()

    def build_slowly(*args, cancel=None, **options):
        if cancel is not None and not saved.is_set():  # the first full build: a note is saved while it runs
            saved.set()
            edit(notes)
            deadline = time.monotonic() + 10
            while not cancel() and time.monotonic() < deadline:
                time.sleep(0.01)
        return real(*args, cancel=cancel, **options)

    monkeypatch.setattr(watching, "build", build_slowly)
    stop = threading.Event()

    def landed(result, kind):
        kinds.append(kind)
        if kind == "full":
            stop.set()

    thread = threading.Thread(target=watching.watch, args=(notes, out), daemon=True,
                              kwargs=dict(on_build=landed, on_cancel=lambda: kinds.append("set aside"), settle=0.3,
                                          stop=stop, permalinks=False, jobs=1))
    thread.start()
    thread.join(120)
    assert not thread.is_alive()
    assert kinds == ["quick", "set aside", "quick", "full"]
    fresh = build(notes, tmp_path / "fresh", incremental=False, permalinks=False)
    for name in FILES:
        assert (out / name).read_bytes() == (fresh.out_dir / name).read_bytes(), name


def watch_in_a_thread(notes, tmp_path, errors: list) -> tuple[threading.Event, threading.Thread]:
    """A watch of ``notes`` into tmp_path/out that settles in 0.1 s, its errors into ``errors``."""
    stop = threading.Event()
    thread = threading.Thread(target=watching.watch, args=(notes, tmp_path / "out"), daemon=True,
                              kwargs=dict(on_error=errors.append, settle=0.1, stop=stop, permalinks=False, jobs=1))
    thread.start()
    return stop, thread


def test_a_failed_full_build_waits_for_the_next_save(notes, tmp_path, monkeypatch):
    """Not tried again every few seconds (an error printed each time): once more after the next save."""
    real, kinds, errors = watching.build, [], []

    def full_fails(*args, cancel=None, **options):
        if cancel is not None:
            kinds.append("full")
            raise BuildError("OUT is full")
        kinds.append("quick")
        return real(*args, cancel=cancel, **options)

    monkeypatch.setattr(watching, "build", full_fails)
    stop, thread = watch_in_a_thread(notes, tmp_path, errors)
    deadline = time.monotonic() + 60
    while "full" not in kinds and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # ten settle periods: no other full build
    assert kinds == ["quick", "full"]
    edit(notes)
    while kinds.count("full") < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    stop.set()
    thread.join(30)
    assert kinds == ["quick", "full", "quick", "full"] and len(errors) == 2


def test_a_bug_met_by_one_build_is_reported_and_the_watch_goes_on(notes, tmp_path, monkeypatch):
    """Any exception, not only talkgraph's own: the watch reports it and builds again at the next save."""
    real, kinds, errors = watching.build, [], []

    def first_quick_breaks(*args, cancel=None, **options):
        kinds.append("full" if cancel is not None else "quick")
        if kinds == ["quick"]:
            raise KeyError("a bug")
        return real(*args, cancel=cancel, **options)

    monkeypatch.setattr(watching, "build", first_quick_breaks)
    stop, thread = watch_in_a_thread(notes, tmp_path, errors)
    deadline = time.monotonic() + 60
    while not errors and time.monotonic() < deadline:
        time.sleep(0.05)
    edit(notes)
    trig = tmp_path / "out" / "graph.trig"
    while not trig.is_file() and time.monotonic() < deadline:  # the full build that follows the save's quick one
        time.sleep(0.05)
    stop.set()
    thread.join(60)
    assert not thread.is_alive()
    assert [type(error) for error in errors] == [KeyError] and kinds[:3] == ["quick", "quick", "full"]
    assert trig.is_file()


_KILL_THE_STORE = """
import importlib, multiprocessing, os, signal, sys
from graph import build
from graph.errors import BuildError

# the module, not the function graph.pipeline re-exports under the same name
building = importlib.import_module("graph.pipeline.build")

building.STORE_PROCESS_NOTES = 1  # the store written by a process of its own, as at 1,000 notes and more


killed = False


def kill_the_store() -> bool:
    global killed
    for child in multiprocessing.active_children():
        if child.name.startswith("Spawn") and not killed:  # the store's process; workers and writers are forked
            os.kill(child.pid, signal.SIGKILL)  # once: the executor may reap it before it leaves this list
            killed = True
            print("killed", flush=True)
    return False


try:
    build(sys.argv[1], sys.argv[2], permalinks=False, jobs=2, incremental=False, cancel=kill_the_store)
except BuildError as error:
    print(error)
"""


def test_a_store_process_killed_mid_build_ends_it_with_a_clear_error(notes, tmp_path):
    """The store's process dies (the kernel's out-of-memory killer, a kill) while forked workers run.

    The build ends with a BuildError that says so, not a bare BrokenProcessPool traceback,
    and the last build stays whole. On a large corpus it used to hang instead: the store's
    work is queued on a pipe that forked children kept open (graph.sparql.store,
    _close_inherited_pipes), and a write to the dead process blocked for ever. The build
    runs in a process of its own, bounded in time, so that a hang fails the test instead of stalling it.
    """
    out = tmp_path / "out"
    build(notes, out, permalinks=False, jobs=1)
    before = snapshot(out)
    script = tmp_path / "kill_the_store.py"
    script.write_text(_KILL_THE_STORE, encoding="utf-8")
    ran = subprocess.run([sys.executable, str(script), str(notes), str(out)], capture_output=True, text=True,
                         timeout=120, cwd=Path(__file__).parents[2])
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("killed\n") and "the store's process ended abruptly" in ran.stdout, ran.stdout
    assert snapshot(out) == before
    assert leftovers(out) == []
    assert not [path for path in out.iterdir() if path.name.startswith(".store.tmp")]
