"""Normalising single metadata values: URLs, dates, resource types, tags, "unknown".

Each function takes the text as written and returns a normalised value or ``None``;
none of them invents a value the text does not give.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from urllib.parse import quote, urlsplit

from ..util.resources import conventions
from ..util.text import fold, phrase_pattern
from .records import DateValue, Tag

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_DOMAIN = re.compile(
    r"^(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.[a-z]{2,24}(?::\d+)?(?:[/?#]|$)", re.I
)
_IRI_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")
_ISO = re.compile(r"(?<!\d)(\d{4}|\?{4}|x{4})-(\d{2}|\?\?|xx)(?:-(\d{2}|\?\?|xx))?(?!\d)", re.I)
_SLASHED = re.compile(r"(?<![\d/])(?:(\d{1,2})/)?(\d{1,2})/((?:1[89]|20)\d{2})(?![\d/])")  # 15/03/2021, 03/2021
_YEAR_ONLY = re.compile(r"^\s*(?:en\s+|in\s+)?((?:1[89]|20)\d{2})\s*$")


@lru_cache(maxsize=65536)
def normalise_url(raw: str) -> str | None:
    """An absolute http(s) IRI for a link target, or None when it is not one.

    ``slides.com/x`` (no scheme) becomes ``https://slides.com/x``; relative paths, anchors
    and other schemes (``javascript:``, ``mailto:``) are not web links and give None.
    Remembered: a note's links are normalised by four passes of detection (link mentions,
    linked projects, link candidates, evidence).
    """
    url = raw.strip()
    if url.startswith("<") and url.endswith(">"):  # an autolink's brackets, not a path's own "<x>"
        url = url[1:-1].strip()
    if not url:
        return None
    if url.startswith("//"):
        url = "https:" + url
    elif not _SCHEME.match(url):
        if not _DOMAIN.match(url):
            return None
        url = "https://" + url
    elif url.split(":", 1)[0].lower() not in ("http", "https"):
        return None
    if _IRI_FORBIDDEN.search(url):
        url = quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = parts.netloc.split(":")[0]
    if (not parts.netloc or " " in parts.netloc or "." not in host.strip("[]")) and host != "localhost":
        return None
    return url


@cache
def _unknown_pattern() -> re.Pattern[str]:
    words = sorted((re.escape(fold(w)) for w in conventions()["metadata"]["unknown"]), key=len, reverse=True)
    return re.compile(r"^\s*(?:" + "|".join(words) + r")(?=$|[\s.,;:(\[=])", re.I)


def is_unknown(text: str | None) -> bool:
    """True for "N/A", "?", "multiples", "peu clair, ..." and empty text."""
    if text is None or not text.strip():
        return True
    stripped = text.strip()
    if re.fullmatch(r"[?xX/\-\s]+", stripped):
        return True
    return bool(_unknown_pattern().match(fold(stripped)))


def is_unknown_value(text: str | None) -> bool:
    """True only when the whole value says "unknown" ("N/A", "?"), not "multiple docs"."""
    if text is None or not text.strip():
        return True
    m = _unknown_pattern().match(fold(text.strip()))
    return bool(m) and not fold(text.strip())[m.end() :].strip(" .,;:")


def parse_date(text: str | None) -> DateValue | None:
    """First date the text gives: ``2004-??-??`` -> 2004 (gYear), ``2020-11-xx`` -> gYearMonth.

    A bare year counts only when it is the whole value, so "les premiers commits datent de
    2017" gives nothing rather than a guess.
    """
    if text is None or is_unknown(text):
        return None
    m = _ISO.search(text)
    if m:
        year, month, day = m.group(1), m.group(2).lower(), (m.group(3) or "").lower()
        if not year.isdigit():
            return None
        if not month.isdigit() or not 1 <= int(month) <= 12:
            return DateValue(year, "gYear")
        if not day or not day.isdigit():
            return DateValue(f"{year}-{month}", "gYearMonth")
        if not 1 <= int(day) <= _days_in(int(year), int(month)):
            return DateValue(f"{year}-{month}", "gYearMonth")
        return DateValue(f"{year}-{month}-{day}", "date")
    m = _SLASHED.search(text)
    if m:
        day, month, year = (int(m.group(1)) if m.group(1) else None), int(m.group(2)), m.group(3)
        if 1 <= month <= 12:
            if day and 1 <= day <= _days_in(int(year), month):
                return DateValue(f"{year}-{month:02d}-{day:02d}", "date")
            return DateValue(f"{year}-{month:02d}", "gYearMonth")
    textual = _textual_date(text)
    if textual:
        return textual
    stripped = re.sub(r"\(.*?\)", "", text)
    m = _YEAR_ONLY.match(stripped)
    return DateValue(m.group(1), "gYear") if m else None


def impossible_day(text: str) -> str | None:
    """The date as written when its day is no day of its month ("2020-02-30", "31/04/2021"), else None.

    :func:`parse_date` keeps such a date's month; this says so, for a warning.
    """
    m = _ISO.search(text)
    if m:
        year, month, day = m.group(1), m.group(2), m.group(3) or ""
        if year.isdigit() and month.isdigit() and day.isdigit() and 1 <= int(month) <= 12:
            return m.group(0) if not 1 <= int(day) <= _days_in(int(year), int(month)) else None
        return None
    m = _SLASHED.search(text)
    if m and m.group(1) and 1 <= int(m.group(2)) <= 12:
        return m.group(0) if not 1 <= int(m.group(1)) <= _days_in(int(m.group(3)), int(m.group(2))) else None
    return None


_MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_TEXTUAL = re.compile(r"^\s*(?:le\s+|on\s+)?(?:(\d{1,2})(?:er)?\s+)?([a-z]+)\s+((?:1[89]|20)\d{2})\b")


def _textual_date(text: str) -> DateValue | None:
    m = _TEXTUAL.match(fold(text))
    if not m or m.group(2) not in _MONTHS:
        return None
    month = _MONTHS[m.group(2)]
    if m.group(1):
        day = int(m.group(1))
        if 1 <= day <= _days_in(int(m.group(3)), month):
            return DateValue(f"{m.group(3)}-{month:02d}-{day:02d}", "date")
    return DateValue(f"{m.group(3)}-{month:02d}", "gYearMonth")


def _days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def consulted_date(iso: str | None) -> DateValue | None:
    if not iso:
        return None
    return DateValue(iso, {10: "date", 7: "gYearMonth", 4: "gYear"}[len(iso)])


@cache
def _type_rules() -> tuple[re.Pattern[str], dict[str, str]]:
    table = {k: v for k, v in conventions()["resource_types"].items() if isinstance(v, list)}
    by_phrase: dict[str, str] = {}
    for kind, phrases in table.items():
        for phrase in phrases:
            by_phrase.setdefault(fold(phrase), kind)
    return phrase_pattern(by_phrase), by_phrase


def resource_type(raw: str | None) -> str:
    """The scored type of a free-text ``type`` value; the first type word written wins."""
    if not raw or is_unknown_value(raw):
        return "other"
    pattern, by_phrase = _type_rules()
    m = pattern.search(fold(raw))
    if not m:
        return "other"
    kind = by_phrase[m.group(0)]
    return conventions()["resource_types"].get("map", {}).get(kind, kind)


@cache
def _tag_prefixes() -> dict[str, str]:
    prefixes = conventions()["tags"]["prefixes"]
    return {fold(p): scheme for scheme, spellings in prefixes.items() for p in spellings}


_TAG_SPLIT = re.compile(r"\s*[;,]\s*")
_PREFIXED = re.compile(r"([^\s>=;,]+)\s*[>=]\s*")


def parse_tags(text: str, line: int) -> tuple[list[Tag], list[str]]:
    """Tags of a ``tags`` value and the problems met (each a short message).

    ``language>Python ; topic>python>import ; essay`` -> language [python],
    topic [python, import], other [essay]. A missing separator between two prefixed tags
    (``topic>a topic>b``) is repaired and reported.
    """
    tags: list[Tag] = []
    problems: list[str] = []
    prefixes = _tag_prefixes()
    for chunk in _TAG_SPLIT.split(text.strip()):
        chunk = chunk.strip().strip("`*_")
        if not chunk:
            continue
        pieces = _split_glued(chunk, prefixes)
        if len(pieces) > 1:
            problems.append(f"tags '{chunk}' lack a ' ; ' separator: read as {len(pieces)} tags")
        for piece in pieces:
            parts = [p.strip() for p in re.split(r"\s*[>=]\s*", piece) if p.strip()]
            if not parts:
                continue
            scheme = prefixes.get(fold(parts[0])) if len(parts) > 1 else None
            if scheme:
                path = tuple(parts[1:])
            else:
                scheme, path = "other", tuple(parts)
            if "=" in piece and scheme != "other":
                problems.append(f"tag '{piece}' uses '=' instead of '>'")
            tags.append(Tag(scheme=scheme, path=path, line=line))
    return tags, problems


def _split_glued(chunk: str, prefixes: dict[str, str]) -> list[str]:
    """``topic>a topic>b`` -> [``topic>a``, ``topic>b``]; other chunks unchanged."""
    starts = [
        m.start()
        for m in _PREFIXED.finditer(chunk)
        if fold(m.group(1)) in prefixes and (m.start() == 0 or chunk[m.start() - 1].isspace())
    ]
    if len(starts) < 2:
        return [chunk]
    bounds = starts + [len(chunk)]
    return [chunk[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False) if chunk[a:b].strip()]
