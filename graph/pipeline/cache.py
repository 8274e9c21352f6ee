"""The incremental build cache: extraction results keyed by content hash.

A note's record depends only on its path, its text, and the extractor: the code of the
packages :data:`EXTRACTOR_PACKAGES` (every module ``extract_note`` imports lies in them;
a test checks it) and the data in schema/. The key hashes all three, so editing a note,
upgrading talkgraph, moving a module or changing a vocabulary invalidates what it must.
Entries are pickles written atomically; an unreadable entry is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
import zlib
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..extract import evidence, vocab
from ..util.resources import schema_dir

FORMAT = "2"
MAGIC = b"tgc1"  # every entry: these bytes, the CRC-32 of the pickle (4 bytes, little-endian), the pickle
PACKAGE = Path(__file__).resolve().parents[1]  # graph/
EXTRACTOR_PACKAGES = ("notes", "extract", "util")
DATA_LIBRARIES = ("wordfreq", "publicsuffixlist")  # whole packages, so moving a file never serves stale records


def extractor_sources() -> list[Path]:
    """Every module of the extractor packages, and graph/errors.py."""
    sources = [path for name in EXTRACTOR_PACKAGES for path in (PACKAGE / name).rglob("*.py")]
    return sorted([*sources, PACKAGE / "errors.py"])


@cache
def extractor_fingerprint() -> str:
    """Hash of everything that decides what extraction produces."""
    digest = hashlib.sha256(FORMAT.encode())
    for library in DATA_LIBRARIES:  # their word lists and suffix lists decide what is a tool, too
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{library}=={metadata.version(library)}".encode())
    data = sorted(p for p in schema_dir().glob("*") if p.suffix in (".ttl", ".toml"))
    for path in [*extractor_sources(), *data]:
        if path.is_file():
            name = path.relative_to(PACKAGE).as_posix() if path.is_relative_to(PACKAGE) else path.name
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def unpacked(data: bytes) -> Any | None:
    """An entry's value, or None when the file is not an entry this code wrote whole.

    The checksum is tested first: unpickling altered bytes may give a wrong value silently, or
    crash the process (the vocabulary entry's automaton is restored by C code from raw bytes).
    Past it, whatever unpickling raises (a class renamed by another version…) is a miss too.
    """
    body = memoryview(data)[8:]
    if data[:4] != MAGIC or int.from_bytes(data[4:8], "little") != zlib.crc32(body):
        return None
    try:
        return pickle.loads(body)
    except Exception:  # a cache entry that cannot be read only makes this build slower
        return None


class RecordCache:
    """Pickled entries under OUT/.cache/FOLDER, one file per key (records; fragments: :mod:`.fragments`)."""

    folder = "records"

    def __init__(self, out_dir: Path):
        self.root = out_dir / ".cache" / self.folder
        self.fingerprint = self.code_fingerprint()

    def code_fingerprint(self) -> str:
        return extractor_fingerprint()

    def key(self, rel: str, text: str, context: str = "") -> str:
        """The entry of one note: the extractor's fingerprint, its path, its text and its context's digest.

        ``context`` is :meth:`graph.extract.context.NoteContext.digest`: editing a folder's
        README or talkgraph.toml changes it for the notes it concerns, and only for them.
        """
        digest = hashlib.sha256()
        digest.update(self.fingerprint.encode())
        digest.update(rel.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
        digest.update(text.encode("utf-8", "surrogatepass"))
        if context:
            digest.update(b"\0")
            digest.update(context.encode())
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Any | None:
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        return unpacked(data)

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def put(self, key: str, value: Any) -> bool:
        """Write an entry; False when it could not be written."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            payload = self.dumps(value)
            with os.fdopen(fd, "wb") as handle:
                handle.write(MAGIC + zlib.crc32(payload).to_bytes(4, "little"))
                handle.write(payload)
            os.replace(tmp, path)
        except OSError:
            return False  # a cache that cannot be written only makes the next build slower
        return True

    def dumps(self, value: Any) -> bytes:
        """An entry's pickle (a cache of shared objects pickles them by name: :class:`~.build.SummaryCache`)."""
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def derived(self, key: str, side: RecordCache, valid: Callable[[Any], bool],
                derive: Callable[[Any], Any]) -> tuple[bool, Any]:
        """A side entry made from this entry (a record's summary, a fragment's facts), or this entry whole.

        ``(True, side entry)`` while this folder still holds ``key`` and ``side`` holds a
        ``valid`` entry under it: a side entry is never served for an entry gone. Else
        ``(False, entry or None)``, and the side entry is written from it (``derive``; None: none).
        """
        if self.has(key):
            found = side.get(key)
            if valid(found):
                return True, found
        whole = self.get(key)
        made = None if whole is None else derive(whole)
        if made is not None:
            side.put(key, made)
        return False, whole

    def single(self, key: str, make: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
        """The one entry this folder keeps: read under ``key`` when valid, else made, written, the others dropped."""
        cached = self.get(key)
        if valid(cached):
            return cached
        value = make()
        self.put(key, value)
        self.prune({key})
        return value

    def prune(self, live: set[str]) -> None:
        """Drop entries of notes that no longer exist or changed, so the cache does not grow forever."""
        if not self.root.is_dir():
            return
        for sub in self.root.iterdir():
            if not sub.is_dir():
                continue
            for entry in sub.glob("*.pickle"):
                if entry.stem not in live:
                    with contextlib.suppress(OSError):
                        entry.unlink()


class VocabularyCache(RecordCache):
    """schema/'s vocabularies as loaded and indexed, pickled under OUT/.cache/vocabulary-index (one entry),
    and what wordfreq said of the words extraction asked about (:class:`WordFrequencyCache`)."""

    folder = "vocabulary-index"  # not "vocabulary": the minted vocabulary graphs live there

    def prime(self) -> None:
        """Adopt the cached vocabularies when they match this code and schema/; else load and cache them.

        The key is the extractor's fingerprint, which covers schema/ and the code that indexes
        it, so an edited vocabulary is never served stale.
        """
        if not vocab.loaded():
            vocab.adopt(self.single(self.fingerprint, _indexed, lambda cached: isinstance(cached, vocab.Vocabulary)))
        self.words = WordFrequencyCache(self.root.parent.parent)
        self.words.prime()

    def keep(self) -> None:
        """After extraction: keep what wordfreq said this time, for the next build."""
        self.words.keep()


class WordFrequencyCache(RecordCache):
    """OUT/.cache/word-frequencies: the Zipf frequencies extraction asked of wordfreq, one entry.

    A one-note rebuild then asks wordfreq nothing it asked before, and need not import it
    (a third of a second) nor read its lists. The key is the extractor's fingerprint (it
    names wordfreq's version and schema/): a value from the cache is the value wordfreq gives.
    """

    folder = "word-frequencies"
    known = -1

    def prime(self) -> None:
        cached = self.get(self.fingerprint)
        if _frequencies_entry(cached):
            evidence.adopt_word_frequencies(cached)
        self.known = evidence.known_word_count()

    def keep(self) -> None:
        """Write the entry when extraction asked wordfreq something new, and drop other code's entries."""
        if evidence.known_word_count() != self.known:
            self.put(self.fingerprint, evidence.word_frequencies())
            self.prune({self.fingerprint})
            self.known = evidence.known_word_count()


def _frequencies_entry(found: Any) -> bool:
    return isinstance(found, dict) and isinstance(found.get("zipf"), dict) and isinstance(found.get("top"), dict)


def _indexed() -> vocab.Vocabulary:
    return vocab.compiled(vocab.load_vocabulary())  # built now, so the pickle carries the automaton and co
