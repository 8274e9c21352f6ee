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
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from ..errors import NoBuildError
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
    """The store's writes, run one after another in a background thread (see the module's docstring).

    After a write fails, the ones queued behind it are skipped and :meth:`wait` raises its error.
    """

    def __init__(self):
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="talkgraph-store")
        self._queued: list[Future] = []
        self._loads: deque[tuple[Future, int]] = deque()  # the batches queued or loading, with their size
        self._error: BaseException | None = None

    def run(self, write: Callable[..., None], *args: object) -> None:
        self._queued.append(self._pool.submit(self._guarded, write, args))

    def load(self, size: int, write: Callable[..., None], *args: object) -> None:
        """Like :meth:`run` for a batch of ``size`` bytes, once the batches before it fit in IN_FLIGHT_BYTES.

        A small batch (the vocabularies, a one-note rebuild) never waits: memory is not at stake.
        """
        while size > QUEUED_BYTES and self._loads and sum(queued for _, queued in self._loads) + size > IN_FLIGHT_BYTES:
            self._loads.popleft()[0].exception()  # waits; its error is raised by wait()
        self.run(write, *args)
        self._loads.append((self._queued[-1], size))

    def _guarded(self, write: Callable[..., None], args: tuple) -> None:
        if self._error is not None:
            return
        try:
            write(*args)
        except BaseException as exc:
            self._error = exc
            raise

    def wait(self) -> None:
        """Block until every queued write is done; raise the first one's error."""
        for future in self._queued:
            future.exception()
        self._queued = []
        self._loads.clear()
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def close(self) -> None:
        """Drop the writes not started, wait for the running one (a load cannot be interrupted)."""
        self._error = self._error or _Aborted()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._queued = []
        self._loads.clear()


class _Aborted(Exception):
    """Marks the writes queued behind an abort: they are skipped."""


class StoreWriter:
    """Brings a store to the build's graphs, one graph at a time, replacing only what changed.

    With ``out_dir`` the store is OUT/store (copy-on-write, swapped in by :meth:`commit`),
    its default graph the deduplicated union of the graphs; without, it is an in-memory
    store that only serves this build's exports (no union: nothing queries it). Every write
    to :attr:`store` runs in the background (:class:`_Writes`): read it after :meth:`wait`.
    """

    def __init__(self, out_dir: Path | None, base: str):
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.base = base
        self.hashes: dict[str, str] = {}
        self.replaced = 0
        self._pending: list[ox.Quad] = []
        self._pending_bytes: list[tuple[bytes, str]] = []  # (a graph's N-Quads, its name)
        self._pending_size = 0
        self._bulk_loaded = 0  # bytes bulk-loaded by this build: past COMPACT_BYTES, the store is compacted
        self._stale: set[ox.Triple] = set()  # triples of replaced or removed graphs: in the union still?
        self._changed: set[str] = set()  # graphs put anew or removed: their entities' counts change
        self._writes = _Writes()
        self.old: dict[str, str] = {}
        self.union = self.out_dir is not None
        if self.out_dir is None:
            self.work = None
            self.store = ox.Store()
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
        self.store = ox.Store(str(self.work))

    def put(self, name: str, quads: list[ox.Quad], digest: str | None = None) -> bool:
        """Make graph ``name`` hold exactly ``quads``; returns whether it had to be rewritten.

        ``digest`` is their :func:`graph_digest` when the caller has it (a cached fragment's).
        """
        if not self._replacing(name, digest or graph_digest(quads)):
            return False
        self._pending.extend(quads)
        if self.union:
            self._pending.extend(_in_default(quads))
        if len(self._pending) >= BATCH:
            self._flush()
        return True

    def put_nquads(self, name: str, data: bytes, digest: str) -> bool:
        """:meth:`put` for a graph as N-Quads bytes (of digest ``digest``): loaded with no Python quad made.

        A graph the store holds in another version is brought to this one by writing only the
        difference (:meth:`_replace`).
        """
        if self.old.get(name) not in (None, digest):
            self.hashes[name] = digest
            self.replaced += 1
            self._changed.add(name)
            self._flush()
            self._writes.run(self._replace, name, data)
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
            self._writes.run(self._remove, name)
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
            self._writes.load(len(self._pending) * 200, self.store.bulk_extend, self._pending)
            self._pending = []
        if self._pending_bytes:
            self._writes.load(self._pending_size, self._load_graphs, self._pending_bytes)
            self._pending_bytes, self._pending_size = [], 0

    def _load_graphs(self, graphs: list[tuple[bytes, str]]) -> None:
        """Load graphs given as N-Quads, and their triples into the union (in the background)."""
        self._load(b"".join(data for data, _ in graphs), ox.RdfFormat.N_QUADS)
        if self.union:  # bulk loading the union's copy is 2.6x faster than ADD graph by graph
            self._load(b"".join(_as_ntriples(data, name) for data, name in graphs), ox.RdfFormat.N_TRIPLES)

    def _replace(self, name: str, data: bytes) -> None:
        """Make graph ``name`` hold the N-Quads ``data``, writing only the triples that differ (in the background).

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
            self._remove(name)
            self._load_graphs([(data, name)])
            return
        before, after = set(held.splitlines(keepends=True)), set(new.splitlines(keepends=True))
        gone = [ox.Triple(t.subject, t.predicate, t.object) for t in
                ox.parse(b"".join(sorted(before - after)), format=ox.RdfFormat.N_TRIPLES)]
        for triple in gone:
            self.store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
        if self.union:
            self._stale.update(gone)
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
            self._bulk_loaded += len(data)

    def finish(self, keep: tuple[str, ...] = ()) -> dict[str, int]:
        """Load what is pending and drop graphs that the build no longer has (deleted notes), but ``keep``.

        Returns the counts of graphs kept, replaced and removed; the store work itself is queued.
        """
        self._flush()
        for name in keep:
            if name in self.old and name not in self.hashes:
                self.hashes[name] = self.old[name]
        removed = [name for name in self.old if name not in self.hashes]
        self._writes.run(self._finish, removed)
        return {"graphs": len(self.hashes), "replaced": self.replaced, "removed": len(removed)}

    def _finish(self, removed: list[str]) -> None:
        for name in removed:
            self._remove(name)
        recount = self._recount()
        self._prune()
        if self.union:
            self._count_mentions(recount)
        if self.work is not None:
            self.store.flush()
            if self._bulk_loaded >= COMPACT_BYTES:
                self.store.optimize()

    def _remove(self, name: str) -> None:
        """Drop graph ``name``, remembering its triples: the union keeps those another graph states."""
        graph = _graph_term(name)
        if self.union:
            self._stale.update(ox.Triple(q.subject, q.predicate, q.object)
                               for q in self.store.quads_for_pattern(None, None, None, graph))
        self.store.remove_graph(graph)

    def _prune(self) -> None:
        """Take out of the union the triples that no graph states any longer (after every put)."""
        for triple in self._stale:
            holders = self.store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)
            if all(isinstance(q.graph_name, ox.DefaultGraph) for q in holders):
                self.store.remove(ox.Quad(triple.subject, triple.predicate, triple.object))
        self._stale = set()

    def _recount(self) -> set[str] | None:
        """The entities whose counts this build changes (None: recount all, cheaper past a few graphs).

        Those named by the triples of old graphs taken out (``_stale``) and by the graphs put
        anew: a one-note rebuild recounts that note's entities, not every mention of the corpus.
        """
        if not self.union or not self.old or len(self._changed) > RECOUNT_GRAPHS:
            return None
        entities = {t.object.value for t in self._stale
                    if t.predicate == _ENTITY and isinstance(t.object, ox.NamedNode)}
        for name in self._changed:
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

    def commit(self) -> None:
        """Wait for the writes, then swap the work copy in as OUT/store and record its graph hashes."""
        self.wait()
        self._writes.close()
        if self.work is None:
            return
        del self.store
        gc.collect()  # no other reference may keep RocksDB open in the folder being renamed
        swap_in(self.work, store_path(self.out_dir))
        self.work = None
        with atomic_write(self.out_dir / STATE_FILE, "w") as handle:
            json.dump({"base": self.base, "graphs": self.hashes, "union": UNION}, handle, indent=0, sort_keys=True)

    def abort(self) -> None:
        self._writes.close()
        if self.work is not None:
            self.store = None
            gc.collect()  # close the RocksDB handle, or it writes into the folder after removal
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
