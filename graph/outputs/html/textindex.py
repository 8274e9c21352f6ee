"""The explorer's full-text index of the notes, built here and decoded by the page on first need.

The page must find a phrase that occurs only in a note's body, offline and from one file. A
client-side engine would have to index megabytes of text in the browser before the first
answer; instead the index is made once per build, in Python, and is small:

- ``lines``: every note's lines, in the order of the page's ``files`` table (the text shown in
  search results and beside each mention in the panels);
- ``tokens``: the sorted distinct words (folded as the page folds its queries: NFKD, combining
  marks removed, lower case; a word is a run of letters and digits) and
  ``postings``: for each word, the files holding it, delta-encoded.

The page intersects the postings of the query's words (the last one as a prefix, for typing
as you go) and checks the candidate files' lines for the words and the phrase. The JSON is
deflated (zlib, which the browser's ``DecompressionStream("deflate")`` reads) and inlined as
base64; the page decodes it only when a search or a panel first needs it, so it costs
nothing to the time to interactive.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path

WORD = re.compile(r"[^\W_]+")
MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # removed before parsing too (graph.pipeline.extract)
LEVEL = 6  # zlib: 9 is ~2 % smaller and twice as slow on 50 MB of notes


def note_lines(text: str | None) -> list[str]:
    """A note's lines as the parser numbers them (``\\r\\n`` and ``\\r`` are line ends too)."""
    if not text:
        return []
    return CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")


def fold(text: str) -> str:
    """Lower case without accents, as the page's ``fold`` (JavaScript: NFKD, no \\p{M}, lower case)."""
    return MARKS.sub("", unicodedata.normalize("NFKD", text)).lower()


def words(text: str) -> set[str]:
    """The distinct folded words of a text; each distinct line is read once (notes repeat lines)."""
    return set(WORD.findall(fold("\n".join(set(text.split("\n"))))))


def file_part(text: str | None) -> tuple[str, tuple[str, ...]]:
    """One file's share of the index: its lines as JSON and its distinct folded words.

    A build keeps these per file (OUT/.cache/textindex.pickle, by the note's content key),
    so a rebuild reads and folds only the notes that changed.
    """
    rows = note_lines(text)
    return _dumps(rows), tuple(sorted(words("\n".join(set(rows)))))


@cache
def parts_fingerprint() -> str:
    """This module's code: cached parts made by other code are never reused."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def index_json(parts: Iterable[tuple[str, tuple[str, ...]]]) -> str:
    """The index's JSON from the files' parts, in order: ``json.dumps`` of :func:`build_index`'s dict."""
    return "".join(index_pieces(parts))


def index_pieces(parts: Iterable[tuple[str, tuple[str, ...]]]) -> Iterator[str]:
    """:func:`index_json` piece by piece: each file's lines as they come, then the words and their postings.

    Joined, the lines of 10k notes were a string the size of the corpus (twice it, or four
    times, when one character needs it), then its UTF-8 bytes: the page is deflated as it goes.
    """
    postings: dict[str, list[int]] = {}
    yield '{"version":1,"lines":['
    for file, (rows, found) in enumerate(parts):
        yield f",{rows}" if file else rows
        for word in found:
            postings.setdefault(word, []).append(file)
    tokens = sorted(postings)
    encoded = []
    for token in tokens:
        previous, deltas = 0, []
        for file in postings[token]:
            deltas.append(file - previous)
            previous = file
        encoded.append(deltas)
    yield f'],"tokens":{_dumps(tokens)},'
    yield f'"postings":{_dumps(encoded)}}}'


def build_index(texts: Iterable[str | None]) -> dict:
    """The index of the files' texts, in the order given (``None``: a file that could not be read)."""
    return json.loads(index_json(file_part(text) for text in texts))


def encode_json(raw: str) -> str:
    """The index's JSON as the page reads it: deflated, base64."""
    return encode_pieces([raw])


def encode_pieces(pieces: Iterable[str]) -> str:
    """:func:`encode_json` of the pieces joined, deflating each as it comes (deflate's bytes do not
    depend on how its input is cut)."""
    deflate = zlib.compressobj(LEVEL)
    data = [deflate.compress(piece.encode("utf-8")) for piece in pieces]
    data.append(deflate.flush())
    return base64.b64encode(b"".join(data)).decode("ascii")


def encode_index(index: dict) -> str:
    """The index as the page reads it: JSON, deflated, base64."""
    return encode_json(_dumps(index))


def index_of(files: list[str], read: Callable[[str], str | None],
             known: dict[str, tuple[str, tuple[str, ...]]] | None = None) -> str:
    """The encoded index of ``files`` (paths relative to the notes folder), read with ``read``
    unless ``known`` has their part already (which gains the parts read here).

    The words of the parts read here are interned: one string a word, not one a word and a
    file (3 million strings at 10k notes), and so pickled once with the parts.
    """
    known = {} if known is None else known
    parts = []
    for path in files:
        if path not in known:
            rows, found = file_part(read(path))
            known[path] = rows, tuple(map(sys.intern, found))
        parts.append(known[path])
    return encode_pieces(index_pieces(parts))
