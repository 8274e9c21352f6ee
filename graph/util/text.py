"""Small text helpers shared by the extractors: folding, slugs, word matching."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free form used for every case- and accent-insensitive match."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold().replace("’", "'")


def norm_name(text: str) -> str:
    """A name reduced to its words: case, accents and punctuation ignored."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


_TOOL_SEP = re.compile(r"[^\w+#.]+")


@lru_cache(maxsize=65536)
def tool_key(text: str) -> str:
    """A tool name reduced for lookup: case, accents and spacing ignored, but not ``+`` or ``#``.

    So "C++", "C#" and "C" stay three names, while "pytest benchmark" finds pytest-benchmark.
    """
    return " ".join(_TOOL_SEP.sub(" ", fold(text)).strip(" .").split())


def slug(text: str, max_len: int = 80) -> str:
    """A readable, IRI-safe identifier: ``Cheuk Ting-Ho`` -> ``cheuk-ting-ho``."""
    words = _NON_WORD.sub("-", fold(text)).strip("-")
    if len(words) > max_len:
        words = words[:max_len].rstrip("-")
    return words or "x"


_NON_SYMBOL_WORD = re.compile(r"[^0-9a-z+#]+")


def symbol_slug(text: str, max_len: int = 80) -> str:
    """A slug that keeps ``+`` and ``#``, percent-encoded: ``C++`` -> ``c%2B%2B``, ``C#`` -> ``c%23``.

    So the tags ``language>c``, ``language>c++``, ``language>cpp`` and ``language>c#`` are
    four IRIs (a plain :func:`slug` makes the first two one).
    """
    words = _NON_SYMBOL_WORD.sub("-", fold(text)).strip("-")
    if len(words) > max_len:
        words = words[:max_len].rstrip("-")
    return (words or "x").replace("+", "%2B").replace("#", "%23")


def phrase_pattern(phrases: Iterable[str], *, bound_left: bool = True, bound_right: bool = True) -> re.Pattern[str]:
    """A regex matching any phrase (longest first) on folded text, at word boundaries."""
    alternatives = sorted({re.escape(fold(p)) for p in phrases if p}, key=len, reverse=True)
    left = r"(?<![0-9a-z])" if bound_left else ""
    right = r"(?![0-9a-z])" if bound_right else ""
    return re.compile(left + "(?:" + "|".join(alternatives) + ")" + right)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters for a message, with ``…`` when something was cut.

    A warning quoting "les premiers commi" reads as a typo of the note; "les premiers com…" as a quote cut short.
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


def collapse_space(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    folded = fold(char)
    if len(folded) == 1:
        return folded
    lower = char.lower()
    return lower if len(lower) == 1 else char


class _FoldTable(dict):
    """str.translate table folding one character to one, filled on first sight of a character."""

    def __missing__(self, codepoint: int) -> str:
        folded = self[codepoint] = _fold_char(chr(codepoint))
        return folded


_FOLD_TABLE = _FoldTable()


def fold_chars(text: str) -> str:
    """Like :func:`fold` but one character out for one in, so offsets stay valid."""
    if text.isascii():
        return text.lower()
    # ASCII runs by str.lower (the same fold, in C); only the runs of other characters go through the table
    parts = _NON_ASCII_RUN.split(text)
    parts[0::2] = [part.lower() for part in parts[0::2]]
    parts[1::2] = [part.translate(_FOLD_TABLE) for part in parts[1::2]]
    return "".join(parts)


_NON_ASCII_RUN = re.compile(r"([^\x00-\x7f]+)")


@lru_cache(maxsize=64)
def fold_block(text: str) -> str:
    """:func:`fold_chars` of a block's text, remembered: the parse and half a dozen detection passes ask for it."""
    return fold_chars(text)


@lru_cache(maxsize=256)
def line_starts(text: str) -> tuple[int, ...]:
    """Offsets where each line of ``text`` starts (computed once per text: CPython caches a str's hash)."""
    starts = [0]
    find = text.find
    at = find("\n")
    while at != -1:
        starts.append(at + 1)
        at = find("\n", at + 1)
    return tuple(starts)


def row_of(text: str, offset: int) -> int:
    """0-based line of a character offset in ``text``: a bisection, never a rescan."""
    return bisect_right(line_starts(text), offset) - 1


@lru_cache(maxsize=256)
def casefolded_lines(text: str) -> tuple[str, ...]:
    return tuple(text.casefold().split("\n")) if text.isascii() else tuple(ln.casefold() for ln in text.split("\n"))


def field_key(key: str) -> str:
    """A field key reduced for lookup: "Speaker_Company", "speaker-company", "**Speaker**" -> "speaker company"…"""
    return collapse_space(re.sub(r"[_*`]+|(?<=\w)-(?=\w)", " ", fold(key)))


class _WordMaskTable(dict):
    """str.translate table: a word character (``\\w``, as ``str.isalnum`` or ``_``) stays, any other becomes a space."""

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        masked = self[codepoint] = char if char.isalnum() or char == "_" else " "
        return masked


_WORD_MASK = _WordMaskTable()


def word_mask(text: str) -> str:
    """``text`` with every character that is no word character replaced by a space, offsets kept.

    An Aho-Corasick pass over it with names written the same way between two spaces finds
    the names at word boundaries only, not the "r" of "pour". ASCII runs go through
    str.translate's ASCII fast path; the few other characters through the table.
    """
    if text.isascii():
        return text.translate(_WORD_MASK)
    parts = _NON_ASCII_RUN.split(text)
    return "".join(part.translate(_WORD_MASK) for part in parts)
