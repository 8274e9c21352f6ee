"""The embedded store: OUT/store, a pyoxigraph on-disk store with one named graph per note.

The build streams each note's quads into the store (and into the streamed exports, see
:mod:`graph.outputs.streams`) as soon as they are minted and keeps none of them in Python: that is
what keeps a 10k-note build within reach of memory (a Python ``ox.Quad`` costs far more
than its encoded form in the store). Reading quads back from the on-disk store is slow
(about 5 µs a quad), so the build never does; queries, ``push`` and the tools report do.

Writes are copy-on-write: the current store is checkpointed (``Store.backup``, hard links,
cheap) into a temporary folder, only the graphs whose content changed are replaced there,
and the folder is swapped in at the end. A build that fails or is interrupted leaves the
previous store untouched, never half a store.

The store's default graph holds the union of the named graphs, each triple once: queries
run on it (see :mod:`graph.sparql.query`). Oxigraph's own union default graph returns a
triple once per graph that states it, and every note graph restates what it says about
the people, organisations, places and tools it names, so joins over shared entities grew
with the number of notes naming them (2 to 6 s at 10k notes for the listing queries).
The union is kept up to date graph by graph: a changed graph adds its triples, and the
triples it no longer states leave the union only if no other graph still states them.

The default graph also holds, for every mentioned entity, ``tg:mentionCount`` and
``tg:noteCount`` (the store's only triples that no note graph states): ranking tools by
mentions counted at query time scans every mention (99 s at 10k notes for query 09);
counted once per build inside the store (two SPARQL updates, no term read into Python)
it costs one scan per build and the query reads a few thousand numbers.

A build that bulk-loaded much (over 256 MB: a first build, a new base or code version at
thousands of notes) ends by compacting the store (``Store.optimize``): each bulk load writes its own overlapping
files, and every term a query returns or sorts on is read back from them one lookup at a
time. On a 10k-note store compaction makes that lookup ~3x cheaper, and the listing
queries of schema/queries/ with it (e.g. 02: 12.9 s -> 3.2 s). A one-note rebuild loads a
few kilobytes, a smaller corpus's store is read fast enough: they skip the compaction,
which rewrites the whole store (1.8 s on the 100 MB store of the 4x shared corpus).

The writes run in one background thread, in the order they were asked for, while the
build goes on minting and writing its other outputs: Oxigraph releases the GIL while it
parses, indexes and compacts, and RocksDB was a third of a large build's time with the
rest of the build waiting on it. At most one batch is loaded while the next one fills
(memory stays bounded); :meth:`StoreWriter.wait` and :meth:`StoreWriter.commit` wait for
the thread and raise what it raised.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import sys
import weakref
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from ..errors import BuildError, NoBuildError
from ..rdf.namespaces import TG
from ..util.files import atomic_write

STORE_DIR = "store"
STATE_FILE = "store.json"
BATCH = 200_000  # quads handed to bulk_extend at once
BATCH_BYTES = 16 << 20  # N-Quads bytes handed to bulk_load at once: its memory is ~6x the batch (333 MB for
# 64 MB, 107 MB for 16 MB, 128 MB of N-Quads loaded in the same time either way)
SMALL_BYTES = 512 << 10  # below this, a transactional load: bulk_load costs ~0.16 s a call whatever the size
UNION = 2  # OUT/store.json "union": the version of the default graph (the union, then the counts: see above)
IN_FLIGHT_BYTES = BATCH_BYTES + (8 << 20)  # N-Quads handed to the store's thread, not loaded yet: then the build waits
QUEUED_BYTES = 8 << 20  # a batch this small is queued at once, whatever is in flight (the vocabularies: 5 MB)
COMPACT_BYTES = 256 << 20  # compact the store after bulk-loading this much (1.8 s for nothing on a 100 MB store)


def store_path(out_dir: Path) -> Path:
    return Path(out_dir) / STORE_DIR


def open_store(out_dir: str | Path, *, read_only: bool = True) -> ox.Store:
    """The build's store (read-only by default: queries never change it)."""
    path = store_path(Path(out_dir))
    if not path.is_dir():
        raise NoBuildError(out_dir, "store")
    return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))


def store_state(out_dir: str | Path) -> dict:
    """What the last build recorded about its store: base IRI and a hash per graph."""
    try:
        return json.loads((Path(out_dir) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def graph_digest(quads: list[ox.Quad]) -> str:
    """A hash of one graph's content (its N-Quads, serialised by Oxigraph: fast)."""
    return hashlib.sha256(ox.serialize(quads, format=ox.RdfFormat.N_QUADS)).hexdigest()[:32]


def has_union(out_dir: str | Path) -> bool:
    """Whether the build's store holds the deduplicated union in its default graph (older builds do not).

    A store of version 1 has the union but not the counts (query 09 finds nothing there until a rebuild).
    """
    return isinstance(store_state(out_dir).get("union"), int) and store_state(out_dir)["union"] >= 1


def _graph_term(name: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.NamedNode(name) if name else ox.DefaultGraph()


def _as_ntriples(data: bytes, name: str) -> bytes:
    """One graph's N-Quads as N-Triples: the graph term dropped from the end of every line.

    N-Quads literals cannot hold a raw line break, so `` <graph> .\n`` only ever ends a line.
    """
    suffix = f" {ox.NamedNode(name)} .\n".encode()
    if data.count(suffix) != data.count(b"\n"):  # not one graph as Oxigraph writes it: parse it instead
        quads = ox.parse(data, format=ox.RdfFormat.N_QUADS)
        return ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)
    return data.replace(suffix, b" .\n")


def _in_default(quads: list[ox.Quad]) -> list[ox.Quad]:
    return [ox.Quad(q.subject, q.predicate, q.object) for q in quads]


class _Writes:
    """The store's writes, run one after another in the background (see the module's docstring).

    Each write is the name of a :class:`_StoreWork` method and its arguments. In memory, the
    work runs in one thread of this process; on disk (:class:`_ProcessWrites`) in a process of
    its own. After a write fails, the ones queued behind it are skipped and :meth:`wait` raises its error.
    """

    def __init__(self, work: _StoreWork | None = None):
        self.work = work
        self._pool = self._executor()
        self._queued: list[Future] = []
        self._loads: deque[tuple[Future, int]] = deque()  # the batches queued or loading, with their size
        self._failed = False

    def _executor(self) -> Executor:
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="talkgraph-store")

    def _submit(self, method: str, args: tuple) -> Future:
        return self._pool.submit(self._guarded, method, args)

    def run(self, method: str, *args: object) -> None:
        self._queued.append(self._submit(method, args))

    def load(self, size: int, method: str, *args: object) -> None:
        """Like :meth:`run` for a batch of ``size`` bytes, once the batches before it fit in IN_FLIGHT_BYTES.

        A small batch (the vocabularies, a one-note rebuild) never waits: memory is not at stake.
        """
        while size > QUEUED_BYTES and self._loads and sum(queued for _, queued in self._loads) + size > IN_FLIGHT_BYTES:
            self._loads.popleft()[0].exception()  # waits; its error is raised by wait()
        self.run(method, *args)
        self._loads.append((self._queued[-1], size))

    def _guarded(self, method: str, args: tuple) -> None:
        if self._failed:
            return
        try:
            getattr(self.work, method)(*args)
        except BaseException:
            self._failed = True
            raise

    def wait(self) -> None:
        """Block until every queued write is done; raise the first one's error."""
        errors = [error for error in (future.exception() for future in self._queued) if error is not None]
        self._queued = []
        self._loads.clear()
        if errors:
            raise errors[0]

    def close(self) -> None:
        """Drop the writes not started, wait for the running one (a load cannot be interrupted)."""
        self._failed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._queued = []
        self._loads.clear()


class _ProcessWrites(_Writes):
    """The writes of an on-disk store, in a process of its own (started fresh, not forked).

    Oxigraph's native memory while it bulk-loads (RocksDB's buffers, the loader's sorted
    runs: ~6x a batch) then never counts in the build's process, nor in the writers it forks
    while the store still loads (each forked writer's RSS counts every page of its parent's).
    The N-Quads travel through a pipe; the process opens the work copy and closes it at
    :meth:`StoreWriter.commit`, before the folder is swapped in.
    """

    def __init__(self, path: Path, union: bool):
        self.path, self.union = path, union
        super().__init__()
        _LIVE.add(self)

    def _executor(self) -> Executor:
        import multiprocessing

        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_open_work, initargs=(str(self.path), self.union))
        with _main_not_imported():
            pool.submit(int)  # starts the process now, while the caller's script is hidden from it
        return pool

    def _submit(self, method: str, args: tuple) -> Future:
        try:
            return self._pool.submit(_run_work, method, args)
        except BrokenProcessPool:
            raise _ended() from None

    def wait(self) -> None:
        try:
            super().wait()
        except BrokenProcessPool:
            raise _ended() from None


def _ended() -> BuildError:
    return BuildError("the store's process ended abruptly (killed, or out of memory?): "
                      "the output folder keeps the previous build")


# Every _ProcessWrites whose process may still run. A process forked from the build (the
# extract and mint workers, the forked writers) inherits the pipe the store's work is
# queued on. When the store's process dies, ProcessPoolExecutor unblocks its feeder thread
# by closing its end of that pipe (concurrent.futures.process, terminate_broken) so that a
# blocked write fails; a copy of that end still open in a forked child keeps the pipe
# alive, the write blocks for ever and so does the build. The children close their copies
# at once: they never use them. The attributes are the executor's private ones, hence getattr.
_LIVE: weakref.WeakSet[_ProcessWrites] = weakref.WeakSet()


def _close_inherited_pipes() -> None:
    for writes in list(_LIVE):
        pool = getattr(writes, "_pool", None)
        for queue in (getattr(pool, "_call_queue", None), getattr(pool, "_result_queue", None)):
            for end in (getattr(queue, "_reader", None), getattr(queue, "_writer", None)):
                if end is not None:
                    end.close()
    _LIVE.clear()


os.register_at_fork(after_in_child=_close_inherited_pipes)


@contextmanager
def _main_not_imported() -> Iterator[None]:
    """A process spawned in here does not import the caller's main module.

    multiprocessing's spawn runs ``__main__`` again in the child (by its path or its
    module name) so that the child can find what the parent defined there. The store's
    process needs nothing of it (its work is this module's functions), and a caller's script
    without an ``if __name__ == "__main__":`` guard, a plain ``build("notes", "out")``,
    would run its build again in the child, which then fails to start: every build of 1,000
    notes or more from such a script used to end with a dead store process. The names
    spawn reads are hidden from it while the process starts, then put back.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    spec, missing = getattr(main, "__spec__", None), object()
    path = main.__dict__.pop("__file__", missing)
    main.__spec__ = None  # spawn reads __spec__.name, then __file__
    try:
        yield
    finally:
        main.__spec__ = spec
        if path is not missing:
            main.__file__ = path


_WORK: _StoreWork | None = None  # in the store's process: the one store it writes
_FAILED = False


def _open_work(path: str, union: bool) -> None:
    global _WORK
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # an interrupt is the build's to handle: it aborts this process
    _WORK = _StoreWork(ox.Store(path), union)


def _run_work(method: str, args: tuple) -> None:
    global _FAILED
    if _FAILED:
        return
    try:
        getattr(_WORK, method)(*args)
    except BaseException:
        _FAILED = True
        raise


class _StoreWork:
    """What writes into the store itself, wherever it runs (:class:`_Writes`): loads, differences, removals, counts."""

    def __init__(self, store: ox.Store, union: bool):
        self.store = store
        self.union = union
        self.stale: set[ox.Triple] = set()  # triples of replaced or removed graphs: in the union still?
        self.bulk_loaded = 0  # bytes bulk-loaded by this build: past COMPACT_BYTES, the store is compacted

    def extend(self, quads: list[ox.Quad]) -> None:
        self.store.bulk_extend(quads)

    def load_graphs(self, graphs: list[tuple[bytes, str]]) -> None:
        """Load graphs given as N-Quads, and their triples into the union."""
        self._load(b"".join(data for data, _ in graphs), ox.RdfFormat.N_QUADS)
        if self.union:  # bulk loading the union's copy is 2.6x faster than ADD graph by graph
            self._load(b"".join(_as_ntriples(data, name) for data, name in graphs), ox.RdfFormat.N_TRIPLES)

    def replace(self, name: str, data: bytes) -> None:
        """Make graph ``name`` hold the N-Quads ``data``, writing only the triples that differ.

        Most rebuilds replace the analytics graph (3 triples per entity, most of them unchanged)
        and the edited note's graph: taking them out whole and loading them again, then checking
        every old triple against the union, was most of the store's work after one edit. Lines
        are compared as Oxigraph writes them; graphs with blank nodes (whose labels differ from
        one writing to the next) are replaced whole.
        """
        graph = ox.NamedNode(name)
        held = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        new = _as_ntriples(data, name)
        if b"_:" in held or b"_:" in new:
            self.remove(name)
            self.load_graphs([(data, name)])
            return
        before, after = set(held.splitlines(keepends=True)), set(new.splitlines(keepends=True))
        gone = [ox.Triple(t.subject, t.predicate, t.object) for t in
                ox.parse(b"".join(sorted(before - after)), format=ox.RdfFormat.N_TRIPLES)]
        for triple in gone:
            self.store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
        if self.union:
            self.stale.update(gone)
        added = b"".join(sorted(after - before))
        if added:
            self._load(added.replace(b" .\n", f" {graph} .\n".encode()), ox.RdfFormat.N_QUADS)
            if self.union:
                self._load(added, ox.RdfFormat.N_TRIPLES)

    def _load(self, data: bytes, fmt: ox.RdfFormat) -> None:
        """Bulk-load large batches (fastest per byte); a few graphs (a one-note rebuild) in one transaction.

        ``lenient``: the bytes are Oxigraph's own serialisation of terms it validated when they
        were made (:class:`~graph.outputs.fragment.Fragment`), so checking every IRI again is
        wasted — it is half of the load (1 MB dense note: 121 MB of N-Quads, 17.5 s -> 9.8 s).
        """
        if len(data) < SMALL_BYTES:
            self.store.load(data, format=fmt, lenient=True)
        else:
            self.store.bulk_load(data, format=fmt, lenient=True)
            self.bulk_loaded += len(data)

    def finish(self, removed: list[str], changed: list[str] | None, on_disk: bool) -> None:
        """Drop the graphs removed, update the union and the counts (``changed``: the graphs to recount
        for, None: all), flush and, after a large bulk load, compact."""
        for name in removed:
            self.remove(name)
        recount = self._recount(changed)
        self._prune()
        if self.union:
            self._count_mentions(recount)
        if on_disk:
            self.store.flush()
            if self.bulk_loaded >= COMPACT_BYTES:
                self.store.optimize()

    def remove(self, name: str) -> None:
        """Drop graph ``name``, remembering its triples: the union keeps those another graph states."""
        graph = _graph_term(name)
        if self.union:
            self.stale.update(ox.Triple(q.subject, q.predicate, q.object)
                              for q in self.store.quads_for_pattern(None, None, None, graph))
        self.store.remove_graph(graph)

    def _prune(self) -> None:
        """Take out of the union the triples that no graph states any longer (after every put)."""
        for triple in self.stale:
            holders = self.store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)
            if all(isinstance(q.graph_name, ox.DefaultGraph) for q in holders):
                self.store.remove(ox.Quad(triple.subject, triple.predicate, triple.object))
        self.stale = set()

    def _recount(self, changed: list[str] | None) -> set[str] | None:
        """The entities whose counts this build changes (None: recount all, cheaper past a few graphs).

        Those named by the triples of old graphs taken out (``stale``) and by the graphs put
        anew: a one-note rebuild recounts that note's entities, not every mention of the corpus.
        """
        if not self.union or changed is None:
            return None
        entities = {t.object.value for t in self.stale
                    if t.predicate == _ENTITY and isinstance(t.object, ox.NamedNode)}
        for name in changed:
            for quad in self.store.quads_for_pattern(None, _ENTITY, None, _graph_term(name)):
                if isinstance(quad.object, ox.NamedNode):
                    entities.add(quad.object.value)
        return entities

    def _count_mentions(self, entities: set[str] | None = None) -> None:
        """tg:mentionCount and tg:noteCount of the mentioned entities (``entities``, or all), in the default graph."""
        if entities is None:
            self.store.update(_UNCOUNT.replace("{values}", ""))
            self.store.update(_COUNT.replace("{values}", ""))
            return
        ordered = sorted(entities)
        for start in range(0, len(ordered), 1000):
            values = "VALUES ?entity { " + " ".join(f"<{iri}>" for iri in ordered[start : start + 1000]) + " }"
            self.store.update(_UNCOUNT.replace("{values}", values))
            self.store.update(_COUNT.replace("{values}", values))

    def close(self) -> None:
        """Let go of the store (RocksDB closes once no one else holds it), so that its folder can be renamed."""
        self.store = None
        gc.collect()


class StoreWriter:
    """Brings a store to the build's graphs, one graph at a time, replacing only what changed.

    With ``out_dir`` the store is OUT/store (copy-on-write, swapped in by :meth:`commit`),
    its default graph the deduplicated union of the graphs, written by a process of its own;
    without, it is an in-memory store that only serves this build's exports (no union:
    nothing queries it), written by a thread. Every write runs in the background
    (:class:`_Writes`): read :attr:`store` (in memory) after :meth:`wait`, OUT/store after :meth:`commit`.
    With ``process`` (the default) an on-disk store is written by a process of its own
    (:class:`_ProcessWrites`), else by a thread like the in-memory one: starting a process
    costs a fresh interpreter (0.1–0.3 s), more than a small corpus's store holds in memory.
    """

    def __init__(self, out_dir: Path | None, base: str, *, process: bool = True):
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.base = base
        self.hashes: dict[str, str] = {}
        self.replaced = 0
        self._pending: list[ox.Quad] = []
        self._pending_bytes: list[tuple[bytes, str]] = []  # (a graph's N-Quads, its name)
        self._pending_size = 0
        self._changed: set[str] = set()  # graphs put anew or removed: their entities' counts change
        self.old: dict[str, str] = {}
        self.union = self.out_dir is not None
        self.store: ox.Store | None = None
        if self.out_dir is None:
            self.work = None
            self.store = ox.Store()
            self._writes = _Writes(_StoreWork(self.store, union=False))
            return
        sweep(self.out_dir)
        target = store_path(self.out_dir)
        previous = store_state(self.out_dir)
        self.work = self.out_dir / f".{STORE_DIR}.tmp-{os.getpid()}"
        shutil.rmtree(self.work, ignore_errors=True)
        reusable = previous.get("base") == base and previous.get("graphs") and previous.get("union") == UNION
        if target.is_dir() and reusable:
            try:
                ox.Store.read_only(str(target)).backup(str(self.work))
                self.old = dict(previous["graphs"])
            except OSError:  # an unreadable previous store: start afresh
                shutil.rmtree(self.work, ignore_errors=True)
        if not process:
            self.store = ox.Store(str(self.work))
            self._writes = _Writes(_StoreWork(self.store, self.union))
            return
        gc.collect()  # the read-only handle is closed before the store's process opens the copy
        self._writes = _ProcessWrites(self.work, self.union)

    def put(self, name: str, quads: list[ox.Quad], digest: str | None = None) -> bool:
        """Make graph ``name`` hold exactly ``quads``; returns whether it had to be rewritten.

        ``digest`` is their :func:`graph_digest` when the caller has it (a cached fragment's).
        """
        if self.out_dir is not None:  # quads do not cross to the store's process: their N-Quads do
            data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
            return self.put_nquads(name, data, digest or hashlib.sha256(data).hexdigest()[:32])
        if not self._replacing(name, digest or graph_digest(quads)):
            return False
        self._pending.extend(quads)
        if len(self._pending) >= BATCH:
            self._flush()
        return True

    def put_nquads(self, name: str, data: bytes, digest: str) -> bool:
        """:meth:`put` for a graph as N-Quads bytes (of digest ``digest``): loaded with no Python quad made.

        A graph the store holds in another version is brought to this one by writing only the
        difference (:meth:`_StoreWork.replace`).
        """
        if self.old.get(name) not in (None, digest):
            self.hashes[name] = digest
            self.replaced += 1
            self._changed.add(name)
            self._flush()
            self._writes.run("replace", name, data)
            return True
        if not self._replacing(name, digest):
            return False
        self._pending_bytes.append((data, name))
        self._pending_size += len(data)
        if self._pending_size >= BATCH_BYTES:
            self._flush()
        return True

    def _replacing(self, name: str, digest: str) -> bool:
        """Record graph ``name``'s new digest; drop its old content unless it is the same (then False)."""
        self.hashes[name] = digest
        if self.old.get(name) == digest:
            return False
        if name in self.old:
            self._flush()
            self._writes.run("remove", name)
        self.replaced += 1
        self._changed.add(name)
        return True

    def keep(self, name: str, digest: str) -> bool:
        """Keep graph ``name`` as it is if it already holds content of ``digest`` (no quads needed)."""
        if self.old.get(name) != digest:
            return False
        self.hashes[name] = digest
        return True

    def sync(self) -> None:
        """Hand the graphs still pending to the writes: :meth:`wait` then finds every graph put so far."""
        self._flush()

    def wait(self) -> None:
        """Block until the store holds every write asked for so far; raise what a write raised."""
        self._writes.wait()

    def _flush(self) -> None:
        if self._pending:
            self._writes.load(len(self._pending) * 200, "extend", self._pending)
            self._pending = []
        if self._pending_bytes:
            self._writes.load(self._pending_size, "load_graphs", self._pending_bytes)
            self._pending_bytes, self._pending_size = [], 0

    def finish(self, keep: tuple[str, ...] = ()) -> dict[str, int]:
        """Load what is pending and drop graphs that the build no longer has (deleted notes), but ``keep``.

        Returns the counts of graphs kept, replaced and removed; the store work itself is queued.
        """
        self._flush()
        for name in keep:
            if name in self.old and name not in self.hashes:
                self.hashes[name] = self.old[name]
        removed = [name for name in self.old if name not in self.hashes]
        recount = sorted(self._changed) if self.old and len(self._changed) <= RECOUNT_GRAPHS else None
        self._writes.run("finish", removed, recount, self.work is not None)
        return {"graphs": len(self.hashes), "replaced": self.replaced, "removed": len(removed)}

    def commit(self) -> None:
        """Wait for the writes, then swap the work copy in as OUT/store and record its graph hashes."""
        if self.work is not None:
            self._writes.run("close")  # RocksDB must be closed before its folder is renamed
        self.wait()
        self._writes.close()
        if self.work is None:
            return
        if self.store is not None:  # a thread's store: no other reference may keep RocksDB open in the folder renamed
            self.store = None
            gc.collect()
        swap_in(self.work, store_path(self.out_dir))
        self.work = None
        with atomic_write(self.out_dir / STATE_FILE, "w") as handle:
            json.dump({"base": self.base, "graphs": self.hashes, "union": UNION}, handle, indent=0, sort_keys=True)

    def abort(self) -> None:
        self._writes.close()  # a thread's writes stop; the store's own process ends, and RocksDB with it
        if self.work is not None:
            self.store = self._writes.work = None
            gc.collect()  # close a thread's RocksDB handle, or it writes into the folder after removal
            shutil.rmtree(self.work, ignore_errors=True)
            self.work = None


RECOUNT_GRAPHS = 64  # graphs changed past which every count is made afresh in one query
_ENTITY = ox.NamedNode(f"{TG}entity")
# {values}: empty for every entity, or a VALUES block of some; the default graph holds the counts
_UNCOUNT = (f"DELETE {{ ?entity <{TG}mentionCount> ?mentions ; <{TG}noteCount> ?notes }} WHERE {{ {{values}} "
            f"?entity <{TG}mentionCount> ?mentions ; <{TG}noteCount> ?notes }}")
# a mention is stated by the graph of the note it was read from (its tg:note): counting graphs counts notes
_COUNT = f"""INSERT {{ ?entity <{TG}mentionCount> ?mentions ; <{TG}noteCount> ?notes }} WHERE {{
  SELECT ?entity (COUNT(DISTINCT ?mention) AS ?mentions) (COUNT(DISTINCT ?note) AS ?notes) WHERE {{
    {{values}} GRAPH ?note {{ ?mention <{TG}entity> ?entity }}
  }} GROUP BY ?entity
}}"""


def sweep(out_dir: Path) -> None:
    """Remove the work copies of builds that are no longer running (or of this one, after an interrupt).

    A build interrupted inside a store write cannot always delete its work copy at once:
    the exception's traceback still holds the open store. The CLI sweeps once the
    exception is gone, and every new build sweeps before it starts.
    """
    stale = []
    for folder in Path(out_dir).glob(f".{STORE_DIR}.*-*"):
        pid = folder.name.rsplit("-", 1)[-1]
        if pid.isdigit() and (int(pid) == os.getpid() or not _running(int(pid))):
            stale.append(folder)
    if stale:
        gc.collect()  # a full collection costs ~0.2 s after extraction: only when there is something to remove
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def swap_in(work: Path, target: Path) -> None:
    """Replace the ``target`` folder by ``work`` with two renames (the old one is deleted last)."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(work, target)
    shutil.rmtree(old, ignore_errors=True)


def named_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """Every quad of the named graphs (the store without its default graph, the union of them)."""
    for quad in store:
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            yield quad


def graph_quads(store: ox.Store, names: list[str]) -> Iterator[ox.Quad]:
    """The quads of the named graphs, graph after graph, in the store's (deterministic) order."""
    for name in names:
        yield from store.quads_for_pattern(None, None, None, _graph_term(name))


def union_triples(store: ox.Store) -> ox.QueryTriples:
    """Every distinct triple of the store's named graphs, as one graph."""
    return store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
