"""Conference and meetup notes -> an :class:`Event` and its :class:`Talk` records.

A talk is either a section the note-taker attended (a heading followed by a speaker line,
a ``**Titre** =`` line, or links to the talk's description, replay or slides), or an entry
of a bullet list of talks they did not attend. The phrases come from
``schema/conventions.toml`` (``[talks]``), so a new phrasing is a data change.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..notes.model import Block, Issue, Link, Note, Section
from ..util.resources import conventions
from ..util.text import clip, collapse_space, fold, phrase_pattern
from .people import parse_people
from .records import Agent, Event, Place, Resource, Talk
from .values import normalise_url

if TYPE_CHECKING:
    from collections.abc import Callable

    from .talknotes import TalkHead

    TalkHeads = Callable[[Section, int | None], TalkHead | None]

_KEY_VALUE = re.compile(r"^\s*(?:\*\*|__)?\s*(?P<key>[^*=:\n]{1,40}?)\s*(?:\*\*|__)?\s*[=:]\s*(?P<value>.+)$", re.S)
_DURATION = re.compile(
    r"(?:duree|duration|length|longueur)\s*[=:]?\s*(\d+(?:[.,]\d+)?)\s*(h|heures?|hours?|min|mins|minutes?|mn|m)\b\s*(\d{1,2})?"
)
_URL_DURATION = re.compile(r"(?<![0-9a-z])(\d{1,3})\s*(m|min|h)(?:\.html?|/|$|#)", re.I)
_CITY = re.compile(r"(?:^|\s)(?:à|a|in|at)\s+([A-ZÀ-Ý][\w'’-]+(?:[- ](?:sur|sous|en|de|le|la|les|[A-ZÀ-Ý][\w'’-]+))*)")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


@cache
def _talk_conventions() -> dict:
    talks = conventions()["talks"]
    return {
        "speaker_keys": {fold(k) for k in talks["speaker_keys"]},
        "title_keys": {fold(k) for k in talks["title_keys"]},
        "speaker_sentence": phrase_pattern(talks["speaker_sentences"]),
        "description": [fold(w) for w in talks["description_words"]],
        "replay": [fold(w) for w in talks["replay_words"]],
        "slides": [fold(w) for w in talks["slides_words"]],
        "code": [fold(w) for w in talks["code_words"]],
        "languages": {
            lang: phrase_pattern(words, bound_left=False, bound_right=False)
            for lang, words in talks["languages"].items()
        },
        "not_attended": phrase_pattern(talks["not_attended_cues"]),
        "talk_cues": phrase_pattern(talks["talk_cues"]),
    }


def is_event(resource: Resource) -> bool:
    return resource.type in ("conference", "meetup")


def is_talk_resource(resource: Resource, note: Note) -> bool:
    """A note about one talk (type talk, or a video of a conference talk)."""
    if resource.type == "talk":
        return True
    if resource.type != "video":
        return False
    cues = _talk_conventions()["talk_cues"]
    evidence = " ".join(
        filter(
            None,
            [
                resource.raw_type,
                resource.source.description if resource.source else None,
                resource.source.name if resource.source else None,
                note.tldr,
                note.title,
            ],
        )
    )
    return bool(cues.search(fold(evidence)))


def extract_event(
    note: Note, resource: Resource, *, heads: TalkHeads | None = None
) -> tuple[Event, list[Talk], list[Issue]]:
    """The event of a conference or meetup note and its talks.

    ``heads`` (other people's conventions, :class:`graph.extract.sections.SectionReader`)
    reads the top of a section as a talk's title and speakers: a section it reads is a
    talk too, and its speakers come from it rather than from the author's grammar.
    """
    issues: list[Issue] = []
    conv = _talk_conventions()
    event = Event(
        name=resource.title,
        kind=resource.type,
        url=resource.urls[0] if resource.urls else None,
        start_date=resource.published,
        place=_place(note, resource.title),
        alternate_names=_alternate_names(note, resource.title),
        organizers=tuple(a for a in resource.authors) if resource.type == "meetup" else (),
    )
    talks: list[Talk] = []
    starts = sorted(s.line for s in note.sections)
    next_heading = dict(zip(starts, [*starts[1:], None], strict=False))
    found = {s.line: heads(s, next_heading[s.line]) for s in note.sections if s.level >= 2} if heads else {}
    talk_sections = [
        s for s in note.sections if s.level >= 2 and (found.get(s.line) or _is_talk_section(s, next_heading[s.line]))
    ]
    for section in talk_sections:
        talks.append(_attended_talk(note, section, next_heading[section.line], issues, found.get(section.line)))
    covered = [(s.line, s.end_line) for s in talk_sections]
    talks.extend(_listed_talks(note, event, covered, conv))
    seen: set[str] = set()
    unique: list[Talk] = []
    for talk in talks:
        key = fold(talk.title)
        if key in seen:
            issues.append(Issue(note.path, talk.line, f"talk '{clip(talk.title, 50)}' listed twice: kept once"))
            continue
        seen.add(key)
        unique.append(talk)
    return event, unique, issues


def _place(note: Note, title: str) -> Place | None:
    head = fold(title.split()[0]) if title.split() else ""
    for text, line in ((title, note.title_line or 1), (note.tldr or "", note.tldr_line or 1)):
        for m in _CITY.finditer(text):
            name = m.group(1).strip()
            if not _YEAR.fullmatch(name) and fold(name.split()[0]) != head:
                return Place(name, line)
    words = title.split()
    if len(words) >= 2:
        last = words[-1].strip(" ,.!:;()")
        if last[:1].isupper() and last.isalpha() and not last.isupper() and fold(last) != fold(words[0]):
            return Place(last, note.title_line or 1)
    return None


def _alternate_names(note: Note, title: str) -> tuple[str, ...]:
    """ "PyConFR 2023" when the title says "PyConFR Talence" and the text names the year."""
    words = title.split()
    names = []
    for count in range(len(words), 0, -1):
        head = " ".join(words[:count])
        pattern = re.compile(re.escape(head) + r"\s+((?:19|20)\d{2})\b", re.I)
        for text in filter(None, [note.tldr, title]):
            for m in pattern.finditer(text):
                names.append(f"{head} {m.group(1)}")
        if names:
            break
    return tuple(dict.fromkeys(n for n in names if fold(n) != fold(title)))


def _key_value(block: Block) -> tuple[str, str] | None:
    m = _KEY_VALUE.match(block.raw.strip())
    if not m:
        return None
    return fold(m["key"].strip()), m["value"].strip()


def _header_blocks(section: Section, stop: int | None = None) -> list[Block]:
    """The blocks that describe the talk itself: the first few, before any sub-heading (``stop``)."""
    out = []
    for block in section.blocks[:6]:
        if block.line > section.line + 8 or (stop is not None and block.line >= stop):
            break
        out.append(block)
    return out


def _is_talk_section(section: Section, stop: int | None) -> bool:
    conv = _talk_conventions()
    for block in _header_blocks(section, stop):
        kv = _key_value(block)
        if kv and (kv[0] in conv["speaker_keys"] or kv[0] in conv["title_keys"]):
            return True
        if conv["speaker_sentence"].match(fold(block.text.strip())):
            return True
        if any(_link_role(link) in ("description", "replay", "slides") for link in block.links):
            return True
    return False


def _link_role(link: Link) -> str | None:
    conv = _talk_conventions()
    label = fold(link.text).strip(" []()")
    for role in ("description", "replay", "slides", "code"):
        if any(label == w or label.startswith(w + " ") for w in conv[role]):
            return role
    return None


_TITLE_PREFIX = re.compile(
    r"^(?:talk|prez|conf(?:[ée]rence)?|pr[ée]sentation|keynote|session)\s*(?:n?°?\s*\d+)?\s*[:=–-]\s+", re.I
)


def _attended_talk(
    note: Note, section: Section, stop: int | None, issues: list[Issue], head: TalkHead | None = None
) -> Talk:
    conv = _talk_conventions()
    title = _TITLE_PREFIX.sub("", section.heading).strip() or section.heading
    subtitle = None
    speakers: list[Agent] = []
    links: dict[str, str] = {}
    written: tuple[str, ...] = ()
    if head is not None:
        title, subtitle, speakers = head.title, head.subtitle, list(head.speakers)
        written = (head.written,) if head.written else ()
        links.update({k: v for k, v in (("description", head.url), ("replay", head.replay),
                                          ("slides", head.slides)) if v})
    others: list[tuple[str, str]] = []
    duration, language = None, None
    for block in _header_blocks(section, stop):
        kv = _key_value(block)
        if kv and kv[0] in conv["title_keys"]:
            value = re.sub(r"\s*\((?:[^()]*\[[^\]]*\]\([^)]*\))+[^()]*\)\s*$", "", kv[1]).strip()
            value = re.sub(r"\s*\(\s*\[.*$", "", value).strip()
            value = collapse_space(re.sub(r"[*_`]", "", value))
            if value:
                title = value
        elif kv and kv[0] in conv["speaker_keys"]:
            if head is None:
                speakers.extend(parse_people(kv[1], block.line, default_kind="person"))
        elif block.kind in ("paragraph", "list_item") and head is None:
            m = conv["speaker_sentence"].match(fold(block.raw.strip()))
            if m:
                speakers.extend(
                    parse_people(block.raw.strip()[m.end() :].lstrip(" :="), block.line, default_kind="person")
                )
            elif re.match(r"^(?:sous-titre|subtitle)", fold(block.text)):
                subtitle = block.text.split("=", 1)[-1].strip(" \"'") if "=" in block.text else None
        for link in block.links:
            role = _link_role(link)
            url = normalise_url(link.url)
            if url is None:
                if link.url and not link.url.startswith("#"):
                    issues.append(Issue(note.path, link.line,
                                        f"link '{clip(link.url, 60)}' is not a web IRI: left out"))
                continue
            if role in ("description", "replay", "slides") and role not in links:
                links[role] = url
            elif role == "code":
                others.append((link.text, url))
        folded = fold(block.text)
        if duration is None:
            duration = _duration(folded)
        if duration is None and any(_link_role(link) for link in block.links):
            bare = _BARE_DURATION.search(folded)  # "[slides](…), 45 min" on the talk's own line
            duration = _minutes(bare) if bare else None
        for lang, pattern in conv["languages"].items():
            if language is None and pattern.search(folded):
                language = lang
    inferred = False
    if duration is None and links.get("description"):
        duration, inferred = _duration_from_url(links["description"]), True
        inferred = duration is not None
    if not speakers:
        issues.append(Issue(note.path, section.line, f"talk '{clip(title, 50)}' has no speaker line"))
    return Talk(
        title=title,
        attended=True,
        line=section.line,
        end_line=section.end_line,
        url=links.get("description"),
        replay=links.get("replay"),
        slides=links.get("slides"),
        other_links=tuple(others),
        duration_minutes=duration,
        duration_inferred=inferred,
        language=language,
        speakers=tuple(speakers),
        subtitle=subtitle,
        alternate_names=written,
    )


_BARE_DURATION = re.compile(r"(?<![\w/#.-])(\d{1,3}(?:[.,]\d+)?)\s*(h|min|mins|minutes|mn)\b\s*(\d{1,2})?(?![\w/])")


def duration_minutes(text: str) -> int | None:
    """ "45 min", "1h30", "durée = 1h" -> minutes; None when the text gives no duration."""
    folded = fold(text)
    m = _DURATION.search(folded) or _BARE_DURATION.search(folded)
    if m is None:
        iso = re.fullmatch(r"\s*pt(?:(\d+)h)?(?:(\d+)m)?\s*", folded)
        minutes = int(iso.group(1) or 0) * 60 + int(iso.group(2) or 0) if iso else 0
        return minutes or None
    return _minutes(m)


def _duration(folded: str) -> int | None:
    m = _DURATION.search(folded)
    return _minutes(m) if m else None


def _minutes(m: re.Match[str]) -> int | None:
    amount = float(m.group(1).replace(",", "."))
    unit = m.group(2)
    minutes = amount * 60 if unit.startswith("h") else amount
    if unit.startswith("h") and m.group(3):
        minutes += int(m.group(3))
    return int(round(minutes)) or None


def _duration_from_url(url: str) -> int | None:
    path = urlsplit(url).path
    m = _URL_DURATION.search(path.rsplit("/", 1)[-1]) or _URL_DURATION.search(path)
    if not m:
        return None
    value = int(m.group(1))
    return value * 60 if m.group(2).lower() == "h" else value


def _listed_talks(note: Note, event: Event, covered: list[tuple[int, int]], conv: dict) -> list[Talk]:
    """Entries of bullet lists, outside talk sections, that link to a talk page."""
    event_host = urlsplit(event.url).netloc.lower().removeprefix("www.") if event.url else None
    metadata_lines = {m.line for m in note.metadata}
    talks: list[Talk] = []
    cue_seen = False
    for block in note.blocks:
        if any(start <= block.line <= end for start, end in covered):
            continue
        if block.kind == "paragraph" and conv["not_attended"].search(fold(block.text)):
            cue_seen = True
        if block.kind != "list_item" or block.line in metadata_lines or not block.links:
            continue
        first = block.links[0]
        url = normalise_url(first.url)
        if url is None or not block.raw.lstrip().startswith("["):
            continue
        roles = {_link_role(link) for link in block.links[1:]}
        host = urlsplit(url).netloc.lower().removeprefix("www.")
        same_host = bool(event_host) and (host == event_host or host.endswith("." + event_host))
        if not (cue_seen or roles & {"replay", "slides"} or same_host):
            continue
        links: dict[str, str] = {}
        for link in block.links[1:]:
            role = _link_role(link)
            target = normalise_url(link.url)
            if target and role in ("replay", "slides") and role not in links:
                links[role] = target
        duration = _duration_from_url(url)
        talks.append(
            Talk(
                title=collapse_space(first.text),
                attended=False,
                line=block.line,
                end_line=block.end_line,
                url=url,
                replay=links.get("replay"),
                slides=links.get("slides"),
                duration_minutes=duration,
                duration_inferred=duration is not None,
            )
        )
    return talks
