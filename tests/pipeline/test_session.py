"""A watch session: what it keeps between builds, and that its builds say what fresh builds say.

The session's quick build (the store only) after an edit must hold the same note graphs as a
fresh build of the same notes, and its full build the same bytes in every export; the files
it does not read again must be exactly those that did not change.
"""

from __future__ import annotations

import gc
import os
import shutil
import time
import weakref

import pyoxigraph as ox
import pytest

from graph import build
from graph.errors import BuildError
from graph.network import ANALYTICS_GRAPH
from graph.pipeline.session import RACY_NS, Session
from graph.pipeline.watch import QUICK
from graph.sparql.store import open_store

from ..conftest import EXAMPLES
from .test_incremental import FILES

EDITED = "2022-12-04-profiling-python-mumut.md"


WINDOW = 0.2  # seconds: the tests' racy window (the session's default is RACY_NS), waited out once a test


@pytest.fixture
def notes(tmp_path):
    folder = tmp_path / "notes"
    shutil.copytree(EXAMPLES, folder)
    time.sleep(WINDOW * 1.5)  # the copies' ctimes (which no utime can set back) out of the racy window
    return folder


def new_session() -> Session:
    return Session(racy_ns=int(WINDOW * 1e9))


def note_graphs(out) -> set[tuple]:
    """Every quad of the store, the union and counts of its default graph with them, but the analytics
    (a quick build keeps the last full build's)."""
    store = open_store(out)
    try:
        quads = store.quads_for_pattern(None, None, None, None)
        return {(q.subject, q.predicate, q.object, q.graph_name) for q in quads
                if not isinstance(q.graph_name, ox.NamedNode) or q.graph_name.value != ANALYTICS_GRAPH}
    finally:
        del store


def test_a_quick_build_after_an_edit_holds_the_fresh_build_note_graphs(notes, tmp_path):
    session = new_session()
    build(notes, tmp_path / "out", writers=QUICK, session=session, permalinks=False)
    session.settle(full=False)
    edited = notes / EDITED
    edited.write_text(edited.read_text(encoding="utf-8") + "- et aussi scalene\n", encoding="utf-8")
    quick = build(notes, tmp_path / "out", writers=QUICK, session=session, permalinks=False)
    assert quick.minted == 1
    fresh = build(notes, tmp_path / "fresh", writers=QUICK, incremental=False, permalinks=False)
    assert note_graphs(quick.out_dir) == note_graphs(fresh.out_dir)


def test_the_session_holds_summaries_and_reads_whole_records_back_to_mint(notes, tmp_path):
    """A new note merges Alice under another name: the notes naming her are minted again from
    records read back from OUT/.cache, the session holding only summaries."""
    session = new_session()
    build(notes, tmp_path / "out", writers=QUICK, session=session, permalinks=False)
    held = list(session.summaries.values())
    assert held and all(entry.summarised and entry.record.trace == () for entry in held if entry.record)
    (notes / "2025-01-01-a-martin.md").write_text(
        "# Profiling, again\n\n- **url** = https://example.org/again\n- **type** = post\n"
        "- **auteur** = [A. Martin](https://alice.example.org)\n\n- py-spy encore\n", encoding="utf-8")
    quick = build(notes, tmp_path / "out", writers=QUICK, session=session, permalinks=False)
    naming = [p for p in notes.glob("*.md") if "alice" in p.read_text(encoding="utf-8").lower()]
    assert quick.minted == len(naming) > 1
    fresh = build(notes, tmp_path / "fresh", writers=QUICK, incremental=False, permalinks=False)
    assert note_graphs(quick.out_dir) == note_graphs(fresh.out_dir)


def test_a_watch_whose_cache_was_emptied_recovers_at_the_next_save(notes, tmp_path):
    """A failed build (here: OUT/.cache deleted under the watch, so a record to mint again is gone) makes
    the session start afresh, and the next build succeeds."""
    session = new_session()
    out = tmp_path / "out"
    build(notes, out, writers=QUICK, session=session, permalinks=False)
    shutil.rmtree(out / ".cache")
    (notes / "2025-01-01-a-martin.md").write_text(
        "# Again\n\n- **url** = https://example.org/again\n- **type** = post\n"
        "- **auteur** = [A. Martin](https://alice.example.org)\n", encoding="utf-8")
    with pytest.raises(BuildError, match="vanished"):
        build(notes, out, writers=QUICK, session=session, permalinks=False)
    session.forget()  # what watch does on a failed build
    assert not session.summaries and not session.graphs
    again = build(notes, out, writers=QUICK, session=session, permalinks=False)
    fresh = build(notes, tmp_path / "fresh", writers=QUICK, incremental=False, permalinks=False)
    assert note_graphs(again.out_dir) == note_graphs(fresh.out_dir)


def test_a_session_full_build_writes_the_fresh_build_bytes(notes, tmp_path):
    session = new_session()
    build(notes, tmp_path / "out", session=session, permalinks=False)
    session.settle(full=True)
    edited = notes / EDITED
    edited.write_text(edited.read_text(encoding="utf-8") + "- et aussi scalene\n", encoding="utf-8")
    build(notes, tmp_path / "out", writers=QUICK, session=session, permalinks=False)
    session.settle(full=False)
    again = build(notes, tmp_path / "out", session=session, permalinks=False)
    session.settle(full=True)
    fresh = build(notes, tmp_path / "fresh", incremental=False, permalinks=False)
    for name in FILES:
        assert (again.out_dir / name).read_bytes() == (fresh.out_dir / name).read_bytes(), name


def test_files_unchanged_since_read_are_not_read_again(notes):
    session = new_session()
    path = notes / EDITED
    first = session.read(path, notes)
    assert session.read(path, notes) is session.read(path, notes)  # same inode, size, mtime and ctime: held
    assert session.read(path, notes).text is first.text
    stamp = path.stat().st_mtime_ns
    time.sleep(0.05)  # past the filesystem's timestamp tick
    path.write_text(first.text.replace("a", "b", 1), encoding="utf-8")  # same size, a new text
    os.utime(path, ns=(stamp, stamp))  # even with the old mtime: the ctime moved
    again = session.read(path, notes)
    assert again.text != first.text


def test_a_file_saved_just_now_is_read_again_every_time(notes):
    session = new_session()
    path = notes / EDITED
    path.write_text(path.read_text(encoding="utf-8") + "- et aussi scalene\n", encoding="utf-8")
    session.racy_ns = RACY_NS
    first = session.read(path, notes)
    assert session.read(path, notes) is not first  # it may change again within its timestamp's tick
    assert session.read(path, notes).text == first.text


def test_a_deleted_note_leaves_the_session(notes, tmp_path):
    session = new_session()
    build(notes, tmp_path / "out", writers=QUICK, session=session, permalinks=False)
    gone = notes / EDITED
    assert gone in session.files and EDITED in session.keys
    gone.unlink()
    build(notes, tmp_path / "out", writers=QUICK, session=session, permalinks=False)
    assert gone not in session.files and EDITED not in session.keys


class _Cycle:
    def __init__(self):
        self.itself = self


def test_settling_freezes_the_session_and_a_full_build_thaws_it():
    """A quick build's collections skip what the session held at its last settle; a full build's free it."""
    session = new_session()
    enabled = gc.isenabled()
    gc.disable()  # no automatic collection between the cycle's making and the freeze
    try:
        cycle = _Cycle()
        alive = weakref.ref(cycle)
        del cycle
        session.settle(full=False)
        gc.collect()
        assert alive() is not None  # frozen: not even looked at
        session.settle(full=True)
        assert alive() is None
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()
