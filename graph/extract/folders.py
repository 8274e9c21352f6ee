"""A folder's event, from its README/index or its name: ``# [PyCon SK 2018](…) (March 9-11, 2018)``, ``craft-2016/``.

Pure functions over a parsed README (a :class:`Note`) and path strings: the pipeline reads
the files and calls them once per folder; each note of the folder then gets the result in
its :class:`NoteContext`. A README whose heading names no event (``# conference-notes``)
gives no event; a folder name gives one only with a year in it (``craft-2016``,
``openvis_conf_2015``) or under a year folder (``2019/somecon``), unless ``talkgraph.toml``
declares the folder an event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..notes.model import Issue, Note
from ..util.resources import conventions
from ..util.text import collapse_space, fold, phrase_pattern
from .context import FolderEvent
from .daterange import find_dates, find_year
from .records import DateValue, Place
from .values import normalise_url, parse_date

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_TRAILING_PAREN = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*$")
_PLACE_WORDS = re.compile(r"[A-ZÀ-Ý][\w'’.-]+(?:[\s,-]+[A-ZÀ-Ý][\w'’.-]+){0,2}")
_DASH_PLACE = re.compile(r"\s[-–—,]\s*(?P<place>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)?)\s+(?P<year>(?:19|20)\d{2})\s*$")
_IN_PLACE = re.compile(r"\s(?:in|at|à)\s+(?P<place>[A-Z][\w'’.-]+(?:[\s-][A-Z][\w'’.-]+)?)")
_GLUED_EVENT = re.compile(r"\b[A-Z][A-Za-z]+(?:Con|Conf|Days|Fest|Camp|Summit|Meetup)\b")
_URL_KEYS = ("schedule", "website", "site", "url", "link", "event page", "home")


@cache
def _words() -> dict:
    layout = conventions()["layout"]
    noise = "|".join(sorted((re.escape(fold(w)) for w in layout["name_noise"]), key=len, reverse=True))
    return {
        "event": phrase_pattern(layout["event_words"], bound_right=False),
        "generic": {fold(t) for t in layout["generic_titles"]},
        "noise": re.compile(r"^(?:" + noise + r")\s*[:,-]?\s+|\s*[-–—:,(]?\s*\b(?:" + noise + r")\)?\s*$", re.I),
    }


def folder_name_event(folder: str, *, declared: bool = False) -> FolderEvent | None:
    """``craft-2016`` -> "Craft 2016"; ``2019/somecon`` -> "Somecon 2019"; a bare year folder is none."""
    if not folder:
        return None
    parts = folder.split("/")
    name = re.sub(r"^((?:19|20)\d{2})[-_](?:\d{2})(?:[-_]\d{2})?(?=[-_])", r"\1", parts[-1])  # 2019-05-pycon
    generic = _words()["generic"]
    words = [w for w in re.split(r"[-_\s.]+", name) if w and fold(w) not in generic]
    year = next((w for w in words if _YEAR.fullmatch(w)), None)
    if year is None and len(parts) > 1 and _YEAR.fullmatch(parts[-2]):
        year = parts[-2]  # 2019/somecon
    words = [w for w in words if w != year]
    if not words and year and len(parts) > 1:  # pycon/2019
        words = [w for w in re.split(r"[-_\s.]+", parts[-2]) if w and fold(w) not in generic]
    if not words or (year is None and not declared):
        return None
    label = " ".join([*(_word(w) for w in words), *([year] if year else [])])
    return FolderEvent(
        key=folder,
        name=label,
        strength="config" if declared else "folder",
        start_date=DateValue(year, "gYear") if year else None,
        rule="folder name" + (" (declared an event in talkgraph.toml)" if declared else " with a year"),
    )


_SMALL_WORDS = {"of", "in", "on", "at", "to", "by", "de", "du", "la", "le", "el", "en", "et", "an", "or", "and", "the"}


def _word(word: str) -> str:
    """A word of a folder name as a name's word: "craft" -> "Craft", "sk" -> "SK", "of" stays."""
    if not word.islower():
        return word
    if word in _SMALL_WORDS:
        return word
    return word.upper() if len(word) <= 2 else word.capitalize()


@dataclass(frozen=True, slots=True)
class HeadingFacts:
    """What an event's heading says: "RustFest 2023 (Barcelona)", "PyCon SK 2018 (March 9-11, 2018)"."""

    name: str
    start: DateValue | None = None
    end: DateValue | None = None
    place: str | None = None
    bad_date: str | None = None  # a parenthesis with digits that is no date


def heading_facts(heading: str) -> HeadingFacts:
    """The event's name without its trailing parenthesis, and the dates or place that held."""
    heading = collapse_space(heading)
    start, end = find_dates(heading)
    name, place, bad = heading, None, None
    paren = _TRAILING_PAREN.search(heading)
    if paren:
        inner = paren.group(1).strip()
        if re.search(r"\d", inner):
            name = heading[: paren.start()]
            bad = inner if start is None else None
        elif _PLACE_WORDS.fullmatch(inner):
            name, place = heading[: paren.start()], inner
        elif find_year(heading[: paren.start()]):  # "Strange Loop 2023 (the last one!)": an aside
            name = heading[: paren.start()]
    if place is None:
        m = _DASH_PLACE.search(name) or _IN_PLACE.search(name)
        place = m["place"] if m else None
    cleaned = collapse_space(_words()["noise"].sub("", collapse_space(name)))
    return HeadingFacts(cleaned or collapse_space(name) or heading, start, end, place, bad)


def readme_event(folder: str, readme: Note, *, declared: bool = False) -> tuple[FolderEvent | None, list[Issue]]:
    """The event a folder's README names in its first heading, with dates, place and link."""
    heading, line, url = _heading(readme)
    if not heading:
        return None, []
    facts = heading_facts(heading)
    start, end = facts.start, facts.end
    for text in _top_texts(readme):
        if start is None:
            start, end = find_dates(text)
    if not (declared or names_event(facts.name, start, heading)):
        return None, []
    issues = []
    if facts.bad_date and start is None:
        issues.append(Issue(readme.path, line, f"'{facts.bad_date}' in the event heading is not a date: left out"))
    year = find_year(facts.name)
    if start is None and year:
        start = DateValue(year, "gYear")
    place = Place(facts.place, line or 1) if facts.place else (_field_place(readme) or intro_place(readme))
    alternates = _alternates(facts.name, place, folder)
    return FolderEvent(
        key=folder,
        name=facts.name,
        strength="readme",
        alternate_names=alternates,
        url=url or _field_url(readme),
        start_date=start,
        end_date=end,
        place=place,
        source=readme.path,
        line=line,
        rule=f"first heading of {readme.path.rsplit('/', 1)[-1]}",
    ), issues


def _heading(readme: Note) -> tuple[str | None, int | None, str | None]:
    block = next((b for b in readme.blocks if b.kind == "heading"), None)
    if block is None:
        return None, None, None
    url = next((u for u in (normalise_url(link.url) for link in block.links) if u), None)
    return collapse_space(block.text), block.line, url


def intro_place(note: Note) -> Place | None:
    """ "Held in Ghent.", "Notes from the two days in Berlin": the city in the paragraph after the heading."""
    for block in note.blocks[1:4]:
        if block.kind == "paragraph":
            m = _IN_PLACE.search(" " + block.text.split("\n")[0])
            if m and not _YEAR.fullmatch(m["place"]):
                return Place(m["place"].rstrip(".,"), block.line)
            return None
    return None


def _top_texts(readme: Note) -> list[str]:
    """The few blocks after the heading, where "### October 27 - 29, 2014" is written."""
    return [b.text for b in readme.blocks[1:5] if b.kind in ("heading", "paragraph")]


def names_event(name: str, start: DateValue | None, heading: str | None = None) -> bool:
    """ "PyCon SK 2018", "Craft Conference", a heading with dates: yes; "conference-notes", "Conference": no."""
    folded = fold(name).strip()
    words = _words()
    if not folded or folded in words["generic"] or (heading and fold(heading).strip() in words["generic"]):
        return False
    if start is not None or _YEAR.search(name):
        return True
    if _GLUED_EVENT.search(name):  # "DevDays", "RustConf", "DjangoCon"
        return True
    rest = words["event"].sub(" ", folded)
    return rest != folded and bool(re.search(r"[a-z]{2,}", rest))  # an event word and a name beside it


def _field_place(readme: Note) -> Place | None:
    for item in readme.fields:
        if item.key in ("location", "city", "place", "where", "venue") and item.value:
            return Place(item.value, item.line)
    return None


def _field_url(readme: Note) -> str | None:
    for item in readme.fields:
        if item.key in _URL_KEYS and item.urls:
            url = normalise_url(item.urls[0])
            if url:
                return url
    return None


def _alternates(name: str, place: Place | None, folder: str) -> tuple[str, ...]:
    names = []
    if place is not None:  # "Openvis Conference - Boston 2015" -> "Openvis Conference 2015"
        names.append(collapse_space(re.sub(r"\s[-–—,]?\s*" + re.escape(place.name) + r"(?=\s|$)", "", name)))
    from_folder = folder_name_event(folder)
    if from_folder is not None:
        names.append(from_folder.name)
    return tuple(dict.fromkeys(n for n in names if n and fold(n) != fold(name)))


def declared_event(
    folder: str, name: str | None, date: str | None, place: str | None, url: str | None, base: FolderEvent | None
) -> FolderEvent:
    """``[events."folder"]`` of talkgraph.toml over what the README or the folder name said."""
    start = end = None
    if date:
        first, _, second = date.partition("/")
        start, end = parse_date(first), parse_date(second) if second else None
    found = base or folder_name_event(folder, declared=True) or FolderEvent(key=folder, name=folder, strength="config")
    label = name or found.name
    alternates = tuple(dict.fromkeys(n for n in (*found.alternate_names, found.name) if fold(n) != fold(label)))
    return FolderEvent(
        key=folder,
        name=label,
        strength="config",
        alternate_names=alternates,
        url=normalise_url(url) if url else found.url,
        start_date=start or found.start_date,
        end_date=end if start else found.end_date,
        place=Place(place, 1) if place else found.place,
        source=found.source,
        line=found.line,
        rule="talkgraph.toml [events]",
    )
