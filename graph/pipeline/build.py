"""The build: a notes folder -> every output in OUT. The imperative shell around the core.

    >>> from graph import build
    >>> result = build("examples", "out")          # doctest: +SKIP
    >>> result.triples, len(result.warnings)        # doctest: +SKIP

Reading files, writing outputs and reporting live here; parsing, extraction and triples
are the pure functions of :mod:`graph.notes`, :mod:`graph.extract` and :mod:`graph.rdf`.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path

from ..errors import BuildError
from ..extract.context import NoteContext
from ..extract.records import Mention, is_named_mention, named_mention
from ..notes import FileFacts, Issue, read_note_file, survey
from ..notes.config import NotesConfig, load_config
from ..outputs import Plan, WriterContext, load, plan
from ..rdf.namespaces import DEFAULT_BASE
from ..sparql.store import StoreWriter, store_path
from ..util.files import holding
from ..util.manifest import content_digest, write_manifest
from .cache import RecordCache, VocabularyCache
from .cancel import Cancel, checkpoint
from .context import build_contexts
from .extract import extract_all
from .mint import close, mint
from .result import SUMMARY_FORMAT, Build, Records, summary
from .session import Remembered, Session, SessionCache
from .writers import run_writers

Progress = Callable[[int, int], None]
# from this many notes the store is loaded in a process of its own (graph.sparql.store.StoreWriter):
# its native memory (~100 MB at 1k notes, more at 10k) then stays out of the build's process and
# of the writers it forks; below, a thread, as starting an interpreter costs more than it saves
STORE_PROCESS_NOTES = 1000
GC_EVERY = 50_000  # allocations between two young collections during a build (Python's default: 700)


def build(
    notes_dir: str | Path,
    out_dir: str | Path = "out",
    *,
    base: str = DEFAULT_BASE,
    writers: Iterable[str] | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    incremental: bool = True,
    shards: int = 0,
    session: Session | None = None,
    permalinks: bool = True,
    cancel: Cancel | None = None,
) -> Build:
    """Build every output of ``notes_dir`` into ``out_dir`` and return what was built.

    ``writers`` names the outputs to write (all by default; see :func:`graph.outputs.output_names`).
    ``jobs`` worker processes parse and extract (default: one per core); with
    ``incremental`` (the default) notes whose content did not change since the last build
    into the same ``out_dir`` are taken from its cache instead of being parsed again.
    ``session`` is the memory a watch session keeps between its builds (:mod:`graph.pipeline.watch`).
    With ``permalinks`` (the default), a notes folder in a git work tree whose remote is
    on a known forge gives every note, talk, clip and mention a ``tg:permalink``.
    ``cancel``, asked between stages, before each note is minted and while the writers run,
    stops the build with :class:`~graph.errors.BuildCancelled` when it returns True, as long
    as nothing has been swapped into OUT yet (a watch sets aside a full build for a new save).
    """
    jobs = (os.cpu_count() or 1) if jobs is None else max(1, jobs)
    notes_dir, out_dir = Path(notes_dir), Path(out_dir)
    chosen = plan(writers)
    _check_folders(notes_dir, out_dir)
    if not base.endswith(("/", "#")):
        base += "/"
    state = Build(notes_dir=notes_dir, out_dir=out_dir, base=base, shards=max(0, shards))
    started = time.perf_counter()
    with _collector_held_off():
        cache = None if not incremental else RecordCache(out_dir) if session is None else SessionCache(out_dir, session)
        vocabularies = VocabularyCache(out_dir) if cache is not None else None
        if vocabularies is not None:
            vocabularies.prime()
        _read_and_extract(state, cache, jobs, progress, permalinks)
        if vocabularies is not None:
            vocabularies.keep()
        state.timings["extract"] = time.perf_counter() - started
        if session is not None:
            session.quick = chosen.store and not chosen.streams and not chosen.writers
        checkpoint(cancel)
        _set_aside()  # the records and summaries live to the end of the build
        _write(state, chosen, session, jobs, cancel)
    state.manifest = _write_manifest(state, time.perf_counter() - started)
    return state


@contextmanager
def _collector_held_off() -> Iterator[None]:
    """Fewer cyclic collections while a build runs; the caller's settings given back after it.

    A build makes millions of objects that live to its end (records, summaries, the entity
    graph), and each collection walks the young ones again: at 10k notes a one-note rebuild
    ran 6,000 young collections and 19 full ones (6.2 s of its 70 s, the full ones walking
    every object alive). With young collections every :data:`GC_EVERY` allocations and what
    is alive frozen between stages (:func:`_set_aside`), it runs 220 and 3 (1.5 s).
    Cyclic garbage is still collected, later; records, quads and graphs hold no cycles and
    go by their reference counts.
    """
    thresholds = gc.get_threshold()
    frozen_before = gc.get_freeze_count()  # a caller's own freeze (a watch session's) is the caller's to thaw
    gc.set_threshold(GC_EVERY, *thresholds[1:])
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()
        gc.set_threshold(*thresholds)


def _set_aside() -> None:
    """Move every object alive out of the cyclic collector's way until the build ends (:func:`gc.freeze`).

    What is alive at the end of a stage mostly lives to the end of the build; cyclic
    garbage frozen with it waits for the thaw at the end. The forked writers also leave
    the pages of frozen objects untouched by their own collections (copy on write).
    """
    gc.freeze()


def _write_manifest(state: Build, seconds: float) -> dict:
    """Last of all, so a reader that sees the new build id finds every output (and the store) in place."""
    from ..sparql.store import store_state

    return write_manifest(state.out_dir, {
        "notes": str(state.notes_dir.resolve()),
        "base": state.base,
        "outputs": [path.name for path in state.outputs],
        "counts": {"notes": len(state.records), "triples": state.triples, "warnings": len(state.warnings)},
        "graphs": content_digest(store_state(state.out_dir).get("graphs", {})),
        "seconds": round(seconds, 3),
    })


def _check_folders(notes_dir: Path, out_dir: Path) -> None:
    if not notes_dir.is_dir():
        raise BuildError(f"notes folder not found: {notes_dir}")
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildError(f"the output folder {out_dir} is a file: name a folder (it is made if missing)")
    if out_dir.resolve() == notes_dir.resolve():
        raise BuildError(f"the output folder is the notes folder itself ({notes_dir}): choose another one, "
                         f"e.g. -o {notes_dir / 'out'}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / ".talkgraph-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise BuildError(f"cannot write to output folder {out_dir}: {exc.strerror or exc}") from None


def _read_and_extract(
    state: Build, cache: RecordCache | None, jobs: int, progress: Progress | None, permalinks: bool = True
) -> None:
    """Read every note file, work out each note's context, take unchanged notes from the cache, extract the others."""
    config, config_issues = load_config(state.notes_dir)
    state.warnings.extend(config_issues)
    session = cache.session if isinstance(cache, SessionCache) else None
    texts = _read_files(state, config, progress, session)
    contexts, context_issues = build_contexts(texts, config)
    state.warnings.extend(context_issues)
    _file_facts(state, texts, permalinks)
    held = cache is not None  # summaries held, whole records read back from OUT/.cache when asked for
    summaries = SummaryCache(state.out_dir) if held else None
    remembered = session.summaries if session is not None else {}  # a watch session's, from its last build
    if held:
        state.records = Records(lambda key: _whole(cache, key))
    pending: list[tuple[str, str, NoteContext]] = []
    keys: dict[str, str] = {}
    slots: list[tuple[str, object]] = []
    digests: dict[NoteContext, str] = {}  # most notes share their folder's context
    for rel, text in texts.items():
        hit = None
        if cache is not None:
            context = contexts[rel]
            digest = digests.get(context) or digests.setdefault(context, context.digest())
            keys[rel] = cache.key(rel, text, digest)
            hit = remembered.get(keys[rel])
            if hit is None:
                hit = _cached_record(cache, summaries, keys[rel])
        if hit is None:
            pending.append((rel, text, contexts[rel]))
        slots.append((rel, hit))
    fresh = extract_all(pending, jobs)  # in input order, one at a time: not every whole record at once
    for rel, hit in slots:
        if isinstance(hit, Remembered):  # held by the session as the last build held it
            record, issues, summarised, fresh_entry = hit.record, hit.issues, hit.summarised, False
            key = keys[rel] if summarised else None
        else:
            record, issues = hit if hit is not None else next(fresh)
            stored = hit is not None
            if hit is None and cache is not None:
                stored = cache.put(keys[rel], (record, issues))
                if stored and summaries is not None and record is not None:
                    summaries.put(keys[rel], (SUMMARY_FORMAT, record := summary(record), issues))  # held as such
            summarised, fresh_entry = False, True
            key = keys[rel] if stored and held else None
        state.warnings.extend(issues)
        if record is None:
            state.skipped.append(rel)
        else:
            state.records.append(record, key, summarised=summarised)
        if session is not None and fresh_entry:  # the summary as held, so that the session knows it again
            kept = state.records.summaries[-1] if record is not None else None
            remembered[keys[rel]] = Remembered(kept, tuple(issues), key is not None and kept is not None)
    if cache is not None:
        cache.prune(set(keys.values()))
    if summaries is not None:
        summaries.prune(set(keys.values()))
    state.cache_hits = len(slots) - len(pending)
    state.record_keys = keys


class SummaryCache(RecordCache):
    """OUT/.cache/summaries: each note's record :func:`~graph.pipeline.result.summary` and issues, under
    its record key, so a rebuild reads 10k small summaries instead of 10k whole records."""

    folder = "summaries"

    def dumps(self, value: object) -> bytes:
        """The mention a summary shares with the others pickles as the call that gives it back."""
        buffer = io.BytesIO()
        _SharingPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        return buffer.getvalue()


class _SharingPickler(pickle.Pickler):
    def reducer_override(self, obj):
        if type(obj) is Mention and is_named_mention(obj):
            return named_mention, (obj.kind, obj.key)
        return NotImplemented


def _cached_record(cache: RecordCache, summaries: SummaryCache | None, key: str) -> object:
    """(record or its summary, issues) from the caches, or None.

    A summary only while the whole entry is there."""
    if summaries is None:
        return cache.get(key)
    side, hit = cache.derived(key, summaries, _summary_entry, _summarised)
    return hit[1:] if side else hit


def _summary_entry(found) -> bool:
    return isinstance(found, tuple) and len(found) == 3 and found[0] == SUMMARY_FORMAT


def _summarised(whole) -> tuple | None:
    """A whole entry's summary side entry (none for a note that gave no record)."""
    if not isinstance(whole, tuple) or whole[0] is None:
        return None
    return SUMMARY_FORMAT, summary(whole[0]), whole[1]


def _whole(cache: RecordCache, key: str):
    hit = cache.get(key)
    return hit[0] if isinstance(hit, tuple) else None


def _read_files(state: Build, config: NotesConfig, progress: Progress | None,
                session: Session | None = None) -> dict[str, str]:
    """The decoded text of every note file, by relative path; files not read and excluded ones recorded.

    A watch ``session`` hands back the text of files unchanged since it read them (:meth:`Session.read`).
    """
    found = survey(state.notes_dir, outside=state.out_dir)
    read = session.read if session is not None else read_note_file
    state.unread = list(found.unread)
    texts: dict[str, str] = {}
    for index, path in enumerate(found.notes, 1):
        rel = path.relative_to(state.notes_dir).as_posix()
        if config.excluded(rel):
            state.excluded.append(rel)
            continue
        result = read(path, state.notes_dir)
        if result.warning:
            state.warnings.append(Issue(rel, None, result.warning))
        if result.text is None:
            state.skipped.append(rel)
        else:
            texts[rel] = result.text
        if progress:
            progress(index, len(found.notes))
    if session is not None:
        session.forget_files(set(found.notes), set(texts))
    return texts


def _file_facts(state: Build, texts: dict[str, str], permalinks: bool) -> None:
    """Each note's facts beyond its folder (:class:`graph.notes.FileFacts`): where it stands in git."""
    revisions: dict = {}
    if permalinks:
        from .git import revisions as read_revisions

        started = time.perf_counter()
        revisions, issues, state.repository = read_revisions(state.notes_dir, texts)
        state.warnings.extend(issues)
        state.timings["git"] = time.perf_counter() - started
    state.facts = {rel: FileFacts(revision=revisions.get(rel)) for rel in texts}


def _write(state: Build, chosen: Plan, session: Session | None = None, jobs: int = 1,
           cancel: Cancel | None = None) -> None:
    """Mint into the store and the streams, then run the writers, then commit the streams and swap the store in."""
    ctx = WriterContext(out_dir=state.out_dir, notes_dir=state.notes_dir, base=state.base, shards=state.shards)
    loader = StoreWriter(state.out_dir if chosen.store else None, state.base,
                         process=len(state.records) >= STORE_PROCESS_NOTES)
    streams = {name: load(name)(ctx) for name in chosen.streams}
    try:
        internal = mint(state, loader, streams, network="network" in chosen.needs, session=session,
                        jobs=jobs, cancel=cancel)
        _set_aside()  # the entity graph and its analytics: read by every writer
        ctx = replace(ctx, report=state.report(), union=next(iter(internal.get("union", [])), None),
                      network=state.network, note_keys=state.record_keys or None)
        # every export waits whole under its temporary name until the last writer is done, then all are
        # renamed into place: a build cancelled (or failed) among its writers leaves the last build's
        with holding() as files:
            try:
                _run_writers(state, chosen, ctx, jobs, cancel)
            finally:
                for paths in internal.values() if not state.record_keys else ():  # kept for the next build
                    for path in paths:
                        with suppress(FileNotFoundError):
                            path.unlink()
            published = close(state, {name: item for name, item in streams.items() if name not in internal})
            files.publish()
        state.outputs[:0] = [path for paths in published.values() for path in paths]
        started = time.perf_counter()
        loader.commit()  # waits for the store's writes, then swaps OUT/store in (Build.quads reopens it)
        if chosen.store:
            state.outputs.append(store_path(state.out_dir))
        else:
            state.store = loader.store  # in memory: this build's quads, for Build.quads
        state.timings["store"] += time.perf_counter() - started
    except BaseException:
        for item in streams.values():
            item.abort()
        state.store = None  # the last reference: RocksDB must be closed before its folder goes
        loader.abort()
        raise


def _run_writers(state: Build, chosen: Plan, ctx: WriterContext, jobs: int = 1, cancel: Cancel | None = None) -> None:
    from ..network import summary_lines

    for name, (paths, seconds) in run_writers(chosen.writers, ctx, jobs, cancel).items():
        state.outputs.extend(paths)
        state.timings[name] = seconds
        if name == "network":
            state.analytics_summary = summary_lines(ctx.network[1])
