"""Parse and extract many notes, in worker processes when it pays off."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..extract import NoteContext, NoteRecord, extract_note
from ..extract.context import declared_topic
from ..extract.evidence import adopt_word_frequencies, fresh_word_frequencies
from ..extract.evidence import warm as warm_evidence
from ..extract.vocab import vocabulary
from ..notes import Issue, parse_file
from ..util.forked import can_fork

PARALLEL_MIN_NOTES = 64
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # below space, but for tab, newline and carriage return

Extracted = tuple[NoteRecord | None, list[Issue]]


def process_text(rel: str, text: str, context: NoteContext | None = None) -> Extracted:
    """Parse and extract decoded note text (the pure part, run in worker processes); never raises for bad input."""
    issues: list[Issue] = []
    first = _CONTROLS.search(text)
    if first is not None:  # one regex pass, not a Python test per character; clean text pays only the search
        line = text.count("\n", 0, first.start()) + 1  # the removal keeps every newline: lines are unchanged
        text, bad_controls = _CONTROLS.subn("", text)
        told = (f"control character {first.group()!r} removed" if bad_controls == 1 else
                f"{bad_controls} control characters removed, the first ({first.group()!r}) on this line")
        issues.append(Issue(rel, line, told))
    try:
        record = extract_note(parse_file(rel, text, topic=declared_topic(context)), context)
    except RecursionError:
        issues.append(Issue(rel, None, "nesting too deep to parse: skipped"))
        return None, issues
    return record, issues + list(record.issues)


Item = tuple[str, str, NoteContext]


def _process_batch(batch: list[Item]) -> tuple[list[Extracted], dict]:
    """A worker's batch: its results, and what wordfreq said there (for the parent's cache of it)."""
    return [process_text(rel, text, context) for rel, text, context in batch], fresh_word_frequencies()


def extract_all(items: list[Item], jobs: int) -> Iterator[Extracted]:
    """Parse and extract (path, text, context) triples, in ``jobs`` processes when it pays off.

    Results come back in input order whatever the number of processes, so the outputs do
    not depend on ``--jobs``; they are yielded as they come, so the caller need not hold
    every record at once.
    """
    if jobs <= 1 or len(items) < PARALLEL_MIN_NOTES:
        for rel, text, context in items:
            yield process_text(rel, text, context)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    vocabulary()  # loaded once here, inherited by forked workers
    warm_evidence()
    size = max(8, min(256, len(items) // (jobs * 8) or 1))
    batches = [items[i : i + size] for i in range(0, len(items), size)]
    context = multiprocessing.get_context("fork" if can_fork() else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for results, frequencies in pool.map(_process_batch, batches):
            adopt_word_frequencies(frequencies)
            yield from results
