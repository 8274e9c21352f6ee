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
import json
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable

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


def build_index(texts: Iterable[str | None]) -> dict:
    """The index of the files' texts, in the order given (``None``: a file that could not be read)."""
    lines: list[list[str]] = []
    postings: dict[str, list[int]] = {}
    for file, text in enumerate(texts):
        rows = note_lines(text)
        lines.append(rows)
        for word in words("\n".join(set(rows))):
            postings.setdefault(word, []).append(file)
    tokens = sorted(postings)
    encoded = []
    for token in tokens:
        previous, deltas = 0, []
        for file in postings[token]:
            deltas.append(file - previous)
            previous = file
        encoded.append(deltas)
    return {"version": 1, "lines": lines, "tokens": tokens, "postings": encoded}


def encode_index(index: dict) -> str:
    """The index as the page reads it: JSON, deflated, base64."""
    raw = json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(zlib.compress(raw, LEVEL)).decode("ascii")


def index_of(files: list[str], read: Callable[[str], str | None]) -> str:
    """The encoded index of ``files`` (paths relative to the notes folder), read with ``read``."""
    return encode_index(build_index(read(path) for path in files))
