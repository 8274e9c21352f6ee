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

The JSON is deflated piece by piece (:func:`index_pieces`): runs of files, and of tokens,
cut where a path or a token hashes to a boundary, so the pieces depend on their own
content only. Each piece is compressed on its own (a fresh compressor, flushed to a byte
boundary), the pieces' outputs concatenated make one zlib stream, and a rebuild after one
edit compresses again only the pieces that changed (:class:`graph.outputs.chunks.ChunkCache`).
"""

from __future__ import annotations

import base64
import json
import re
import sys
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Protocol

from ...util.sources import source_digest

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
    return source_digest(Path(__file__)).hex()[:16]


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def index_json(parts: Iterable[tuple[str, tuple[str, ...]]]) -> str:
    """The index's JSON from the files' parts, in order: ``json.dumps`` of :func:`build_index`'s dict."""
    parts = list(parts)
    return "".join(index_pieces([str(i) for i in range(len(parts))], parts))


PIECE_FILES = 16  # on average, files in one piece of the deflated index (a path hashing to 0 ends one)
PIECE_TOKENS = 512  # on average, tokens in one piece


def _ends(name: str, every: int) -> bool:
    return zlib.crc32(name.encode("utf-8", "surrogatepass")) % every == 0


def index_pieces(files: Sequence[str], parts: Sequence[tuple[str, tuple[str, ...]]]) -> Iterator[str]:
    """The index's JSON (see :func:`index_json`) cut into pieces whose text depends on their content only.

    A piece of ``lines`` ends after a file whose path hashes to a boundary, a piece of
    ``tokens`` (and the matching piece of ``postings``) after such a token: an edit, an added
    or a removed note changes the pieces around it and no other. The pieces are made as they
    are read, so that only one is held at a time (held whole, at 10k notes they were ~60 MB,
    the explorer writer's peak).
    """
    postings: dict[str, list[int]] = {}
    run: list[str] = []
    yield '{"version":1,"lines":['
    for file, (path, (rows, found)) in enumerate(zip(files, parts, strict=True)):
        run.append(rows)
        if _ends(path, PIECE_FILES):
            yield ("," if file + 1 > len(run) else "") + ",".join(run)
            run = []
        for word in found:
            postings.setdefault(word, []).append(file)
    if run:
        yield ("," if len(parts) > len(run) else "") + ",".join(run)
    tokens = sorted(postings)
    cuts = [i + 1 for i, token in enumerate(tokens) if _ends(token, PIECE_TOKENS)]
    spans = [(start, stop) for start, stop in zip([0, *cuts], [*cuts, len(tokens)], strict=True) if stop > start]
    yield '],"tokens":['
    for start, stop in spans:
        yield ("," if start else "") + _dumps(tokens[start:stop])[1:-1]
    yield '],"postings":['
    for start, stop in spans:
        deltas = [[file - previous for previous, file in zip([0, *found], found, strict=False)]
                  for found in (postings.pop(token) for token in tokens[start:stop])]
        yield ("," if start else "") + _dumps(deltas)[1:-1]
    yield "]}"


def build_index(texts: Iterable[str | None]) -> dict:
    """The index of the files' texts, in the order given (``None``: a file that could not be read)."""
    return json.loads(index_json(file_part(text) for text in texts))


class Compressed(Protocol):
    def text(self, data: bytes, serialise: Callable[[bytes], bytes]) -> bytes: ...


def _deflate(data: bytes) -> bytes:
    """One piece as raw deflate blocks, from a fresh compressor, flushed to a byte boundary."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def encode_pieces(pieces: Iterable[str], cache: Compressed | None = None) -> str:
    """The pieces' concatenation as the page reads it: one zlib stream, base64; each piece deflated on its
    own (through ``cache`` when given: a piece compressed by the last build is not compressed again)."""
    out, adler = [b"\x78\x9c"], 1  # the zlib header of the default window and level
    for piece in pieces:
        data = piece.encode("utf-8", "surrogatepass")
        if data:
            adler = zlib.adler32(data, adler)
            out.append(cache.text(data, _deflate) if cache is not None else _deflate(data))
    out.append(zlib.compressobj(LEVEL, zlib.DEFLATED, -15).flush())  # the empty last block
    out.append(adler.to_bytes(4, "big"))
    return base64.b64encode(b"".join(out)).decode("ascii")


def encode_json(raw: str) -> str:
    """The index's JSON as the page reads it: deflated, base64."""
    return encode_pieces([raw])


def encode_index(index: dict) -> str:
    """The index as the page reads it: JSON, deflated, base64."""
    return encode_json(_dumps(index))


def index_of(files: list[str], read: Callable[[str], str | None],
             known: dict[str, tuple[str, tuple[str, ...]]] | None = None, cache: Compressed | None = None) -> str:
    """The encoded index of ``files`` (paths relative to the notes folder), read with ``read``
    unless ``known`` has their part already (which gains the parts read here); ``cache`` keeps the
    deflated pieces (:func:`encode_pieces`).

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
    return encode_pieces(index_pieces(files, parts), cache)
