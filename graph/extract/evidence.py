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
from typing import Any

from wordfreq import top_n_list, zipf_frequency

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
def zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency of a word (3 = once per million words); extras count as 4."""
    lowered = word.lower()
    if lowered in _extra_words(lang):
        return 4.0
    return zipf_frequency(lowered, lang)


@cache
def _extra_words(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in settings()["common_words"].get("extra", {}).get(lang, []))


def common(word: str, threshold_key: str, langs: tuple[str, ...] = LANGUAGES) -> bool:
    """True when ``word`` is an ordinary word of one of ``langs`` at the threshold named."""
    threshold = float(settings()["common_words"][threshold_key])
    return any(zipf(word, lang) >= threshold for lang in langs)


@cache
def _top_words(lang: str) -> frozenset[str]:
    return frozenset(top_n_list(lang, 150))


def language_of(text: str) -> str | None:
    """"fr" or "en" by the language's most frequent words in the text, None when it cannot tell."""
    words = [w.lower() for w in _WORDS.findall(text[:2000])]
    if len(words) < 3:
        return None
    scores = {lang: sum(1 for w in words if w in _top_words(lang)) for lang in LANGUAGES}
    fr, en = scores["fr"], scores["en"]
    if fr == en:
        return None
    return "fr" if fr > en else "en"


@cache
def cue_patterns() -> tuple[re.Pattern[str], ...]:
    """The cue phrases of both languages, each with a ``name`` group where {X} stands."""
    name = r"(?P<name>[A-Za-z][\w.+#-]*[\w+#]|[A-Za-z])"
    out = []
    for lang in LANGUAGES:
        for phrase in settings()["cues"][lang]:
            before, _, after = phrase.partition("{X}")
            pattern = _loose(before) + name + _loose(after)
            left = r"(?<![\w'’])" if before else ""
            right = r"(?![\w])" if after else r"(?![\w.+#-]*\w)"
            out.append(re.compile(left + pattern + right, re.IGNORECASE))
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
def cue_words() -> re.Pattern[str]:
    """Words that, right beside a name, say it is software ("la lib requests"): conventions.toml."""
    return phrase_pattern(conventions().get("detection", {}).get("cue_words", []))


@cache
def not_tools() -> frozenset[str]:
    """Code spans and names that are never tools (placeholders, keywords): conventions.toml."""
    return frozenset(fold(w) for w in conventions().get("detection", {}).get("not_tools", []))


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
