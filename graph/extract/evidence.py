"""What says a name is software, and what says it is an ordinary word.

The weights, thresholds, cue phrases and host lists live in schema/tool_evidence.toml;
ordinary words come from wordfreq's word-frequency lists (French and English), so no
dictionary is typed by hand. A block's language is guessed from its most frequent words
(the same lists), which tells "compiler" the French verb from "compiler" the program.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from itertools import repeat
from typing import Any

from ..util.resources import conventions, schema_file
from ..util.text import fold, phrase_pattern

LANGUAGES = ("fr", "en")
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@cache
def settings() -> dict[str, Any]:
    """schema/tool_evidence.toml, parsed once per process."""
    with schema_file("tool_evidence.toml").open("rb") as handle:
        return tomllib.load(handle)


def weight(evidence: str) -> float:
    return float(settings()["weights"].get(evidence, 0.0))


def combine(evidences) -> float:
    """Noisy-OR of the evidences' weights: independent hints that a name is software."""
    doubt = 1.0
    for evidence in evidences:
        doubt *= 1.0 - weight(evidence)
    return round(1.0 - doubt, 3)


@lru_cache(maxsize=65536)
def zipf(word: str, lang: str, precise: bool = False) -> float:
    """wordfreq's Zipf frequency of a word (3 = once per million words); extras count as 4.

    The small lists (words down to Zipf 3) load ten times faster than the large ones, which
    are read only when a threshold below 3 needs them (``precise``).
    """
    lowered = word.lower()
    if lowered in _extra_words(lang):
        return 4.0
    return _frequency(lowered, lang, precise)


# What wordfreq has said in this process, or in an earlier build (the shell keeps it on disk:
# graph.pipeline.cache.VocabularyCache), so a rebuild need not import wordfreq (a third of a
# second) nor read its lists for words it already asked about. The values are wordfreq's own:
# a known value and a computed one never differ.
_KNOWN: dict[tuple[str, str, bool], float] = {}
_FRESH: dict[tuple[str, str, bool], float] = {}  # asked here since the last handover (a worker's, to its parent)
_KNOWN_TOP: dict[str, frozenset[str]] = {}
KNOWN_LIMIT = 250_000  # words remembered at most (a few MB on disk)


def _frequency(lowered: str, lang: str, precise: bool) -> float:
    key = (lowered, lang, precise)
    found = _KNOWN.get(key)
    if found is None:
        from wordfreq import zipf_frequency  # imported on first use: what only a new word pays

        found = zipf_frequency(lowered, lang, wordlist="large" if precise else "small")
        if len(_KNOWN) < KNOWN_LIMIT:
            _KNOWN[key] = _FRESH[key] = found
    return found


def word_frequencies() -> dict[str, dict]:
    """What this process knows of wordfreq's lists, to keep for the next build: :func:`adopt_word_frequencies`."""
    return {"zipf": dict(_KNOWN), "top": dict(_KNOWN_TOP)}


def known_word_count() -> int:
    """How many frequencies and word lists this process knows (it grows when wordfreq is asked something new)."""
    return len(_KNOWN) + len(_KNOWN_TOP)


def fresh_word_frequencies() -> dict[str, dict]:
    """The frequencies asked of wordfreq here since the last call: a worker process hands them to its parent."""
    fresh = {"zipf": dict(_FRESH), "top": {}}
    _FRESH.clear()
    return fresh


def adopt_word_frequencies(known: dict[str, dict]) -> None:
    """Take frequencies that wordfreq gave earlier (same wordfreq, same lists: the cache's key says so)."""
    _KNOWN.update(known.get("zipf", {}))
    _KNOWN_TOP.update(known.get("top", {}))


def warm() -> None:
    """Load the word lists and cue phrases now (before worker processes fork, so they share them)."""
    for lang in LANGUAGES:
        zipf("the", lang)
        _top_words(lang)
    _leanings()
    cue_patterns()


@cache
def _extra_words(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in settings()["common_words"].get("extra", {}).get(lang, []))


def common(word: str, threshold_key: str, langs: tuple[str, ...] = LANGUAGES) -> bool:
    """True when ``word`` is an ordinary word of one of ``langs`` at the threshold named."""
    threshold = float(settings()["common_words"][threshold_key])
    return any(zipf(word, lang, threshold < 3) >= threshold for lang in langs)


@cache
def _top_words(lang: str) -> frozenset[str]:
    if lang not in _KNOWN_TOP:
        from wordfreq import top_n_list

        _KNOWN_TOP[lang] = frozenset(top_n_list(lang, 150, wordlist="small"))
    return _KNOWN_TOP[lang]


def language_of(text: str) -> str | None:
    """"fr" or "en" by the language's most frequent words in the text, None when it cannot tell."""
    words = _WORDS.findall(text[:600].lower())
    if len(words) < 3:
        return None
    # French words count +1, English ones -1 (a word of both lists, 0): one C-level pass, not two
    lean = sum(map(_leanings().get, words, repeat(0)))
    if lean == 0:
        return None
    return "fr" if lean > 0 else "en"


@cache
def _leanings() -> dict[str, int]:
    """Each frequent word -> +1 (French list only), -1 (English list only) or 0 (both)."""
    top_fr, top_en = _top_words("fr"), _top_words("en")
    return {w: (w in top_fr) - (w in top_en) for w in top_fr | top_en}


@cache
def cue_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The cue phrases of both languages: (a literal part to look for first, the pattern).

    Each pattern has a ``name`` group where {X} stands; the literal (the longer side of the
    phrase, lower case) lets a block skip every phrase it cannot hold with a substring test.
    """
    name = r"(?P<name>[A-Za-z][\w.+#-]*[\w+#]|[A-Za-z])"
    out = []
    for lang in LANGUAGES:
        for phrase in settings()["cues"][lang]:
            before, _, after = phrase.partition("{X}")
            pattern = _loose(before) + name + _loose(after)
            left = r"(?<![\w'’])" if before else ""
            right = r"(?![\w])" if after else r"(?![\w.+#-]*\w)"
            literal = max(before, after, key=len).strip().lower().replace("’", "'").split("'")[-1]
            out.append((literal, re.compile(left + pattern + right, re.IGNORECASE)))
    return tuple(out)


def _loose(text: str) -> str:
    """A literal phrase where any space may be several and an apostrophe either kind."""
    escaped = re.escape(text)
    return escaped.replace(r"\ ", r"\s+").replace("'", "['’]").replace("’", "['’]")


@cache
def list_heads() -> re.Pattern[str]:
    words = sorted((re.escape(fold(w)) for w in settings()["cues"]["list_heads"]), key=len, reverse=True)
    return re.compile(r"(?<![0-9a-z])(?:" + "|".join(words) + r")\s*(?:[(][^)]*[)])?\s*:\s*$")


@cache
def list_head_before() -> re.Pattern[str]:
    """A list head ending the text searched: :func:`list_heads` with its colon left out.

    ``list_head_before().search(text, begin, end)`` tells whether ``text[:end] + " :"``
    ends with a list head, without copying the text before ``end``.
    """
    words = sorted((re.escape(fold(w)) for w in settings()["cues"]["list_heads"]), key=len, reverse=True)
    return re.compile(r"(?<![0-9a-z])(?:" + "|".join(words) + r")\s*(?:[(][^)]*[)])?\Z")


@cache
def list_head_reach() -> int:
    """The longest list head: how far before its end a match of :func:`list_head_before` may begin."""
    return max(len(fold(w)) for w in settings()["cues"]["list_heads"]) + 1


@cache
def cue_words() -> re.Pattern[str]:
    """Words that, right beside a name, say it is software ("la lib requests"): conventions.toml."""
    return phrase_pattern(conventions().get("detection", {}).get("cue_words", []))


@cache
def not_tools() -> frozenset[str]:
    """Code spans and names that are never tools (placeholders, keywords): conventions.toml."""
    return frozenset(fold(w) for w in conventions().get("detection", {}).get("not_tools", []))


@cache
def compound_suffixes() -> frozenset[str]:
    """Words a name is joined to by a hyphen and still names the tool ("Python-based"): conventions.toml."""
    return frozenset(conventions().get("detection", {}).get("compound_suffixes", []))


@cache
def company_words() -> tuple[str, ...]:
    """Words after a capitalised name that make it a company's (``[detection] company_words``)."""
    return tuple(conventions().get("detection", {}).get("company_words", []))


@cache
def forges() -> tuple[frozenset[str], frozenset[str]]:
    """The forges' folded names and the possessives before them (``[detection] forges, possessives``)."""
    table = conventions().get("detection", {})
    return frozenset(table.get("forges", [])), frozenset(table.get("possessives", []))


@cache
def minor_words() -> frozenset[str]:
    """The small words a Title Case heading leaves lower-case ("for", "with", "de"): conventions.toml."""
    return frozenset(conventions().get("detection", {}).get("minor_words", []))


@cache
def group_words() -> frozenset[str]:
    """Words that make "the Firebird team" a group's name, not a tool's: conventions.toml."""
    return frozenset(conventions().get("detection", {}).get("group_words", []))


@cache
def file_suffixes() -> tuple[str, ...]:
    return tuple(conventions().get("detection", {}).get("file_suffixes", []))


@cache
def link_settings() -> dict[str, tuple[str, ...]]:
    return {key: tuple(values) for key, values in settings()["links"].items()}


@cache
def code_settings() -> dict[str, Any]:
    return settings()["code"]


@cache
def specification_categories() -> frozenset[str]:
    return frozenset(settings()["specifications"]["categories"])
