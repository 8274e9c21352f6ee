"""Speaker lines of other people's notes -> :class:`Agent` records with role and employer.

What people write under a talk's title, or in a ``speaker:`` field:

- ``Rebecca Parsons (ThoughtWorks)``, ``Jos Boumans (Krux Digital), Bruce Wong (Twilio)``:
  the parenthesis is the employer;
- ``Jane Doe, Staff Engineer, Acme Corp``: name, role (``schema:jobTitle``), employer;
- ``Jane Doe @ Acme``, ``Jane Doe from Acme``;
- ``by Zeldman``, ``Swizec Teller, Estelle Weyl, and Guillermo Rauch``;
- only a speaker page: ``https://craft-conf.com/speaker/DamianConway`` -> Damian Conway.

The author's own grammar (``bosse chez``, ``aka``…) stays in :mod:`.people`; the words here
(prefixes, separators, cues, page segments) come from ``schema/conventions.toml``
(``[speakers]``).
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import unquote, urlsplit

from ..util.resources import conventions
from ..util.text import collapse_space, fold
from .people import has_organisation_word, has_role_word, looks_like_name
from .records import Agent

_MARKUP = re.compile(r"(?<!\w)[*_`~]+|[*_`~]+(?!\w)")
_CAMEL = re.compile(r"(?:Mc|Mac|O')?[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+")
_PAGE_SUFFIX = re.compile(r"\.(?:html?|php|aspx?|jsp)$", re.I)
_MAX_LINE = 160


@cache
def _words() -> dict:
    table = conventions()["speakers"]
    prefixes = sorted((fold(p) for p in table["prefixes"]), key=len, reverse=True)
    cues = sorted(table["affiliation_cues"], key=len, reverse=True)
    return {
        "prefix": re.compile(r"^(?:" + "|".join(re.escape(p) for p in prefixes) + r")(?![\w])\s*[:=-]?\s*", re.I),
        "separators": sorted(table["separators"], key=len, reverse=True),
        "cue": re.compile(
            r"\s+(?:" + "|".join(re.escape(c) for c in cues) + r")\s+(?=[A-Z0-9])|\s*@\s*(?=[A-Z0-9])", re.I
        ),
        "segments": {fold(s) for s in table["page_segments"]},
        "not_first": {fold(w) for w in table["not_first_words"]},
        "not_name": {fold(w) for w in table["not_name_words"]},
        "honorific": re.compile(r"^(?:" + "|".join(re.escape(h) for h in table["honorifics"]) + r")\.?\s+(?=\S)", re.I),
    }


def clean(text: str) -> str:
    """The speaker text without Markdown emphasis, prefixes ("by", "Speaker:") or a trailing ellipsis."""
    text = collapse_space(_MARKUP.sub("", text)).strip(" -–—:|")
    text = _words()["prefix"].sub("", text)
    return re.sub(r"(?:\.{2,}|…)$", "", text).strip(" .,;:")


def parse_speakers(text: str, line: int, *, strict: bool = True) -> list[Agent]:
    """The people of a speaker line, or [] when it does not read as one.

    ``strict`` (a line found by position, under a title) wants full names ("Jane Doe"); a
    line that says it names speakers ("by Zeldman", a ``speaker:`` field) may give one word.
    """
    text = clean(text)
    if not text or len(text) > _MAX_LINE or re.search(r"[.!?]\s+[a-z]", text):
        return []
    groups = _split(text, _words()["separators"])
    several = len(groups) > 1
    people: list[Agent] = []
    for group in groups:
        parts = _split(group, [", ", ","])
        if _all_people(parts, several):
            found = [_person(part, [], line, strict) for part in parts]
        else:
            found = [_person(parts[0], parts[1:], line, strict)]
        if any(agent is None for agent in found):
            return []
        people.extend(a for a in found if a is not None)
    return people


def _split(text: str, separators: list[str]) -> list[str]:
    """Cut at separators outside parentheses; empty pieces dropped."""
    pieces, depth, start, i = [], 0, 0, 0
    while i < len(text):
        if text[i] in "([":
            depth += 1
        elif text[i] in ")]" and depth:
            depth -= 1
        sep = next((s for s in separators if depth == 0 and text.startswith(s, i)), None)
        if sep is not None:
            pieces.append(text[start:i])
            i = start = i + len(sep)
            continue
        i += 1
    pieces.append(text[start:])
    return [p.strip(" ,;") for p in pieces if p.strip(" ,;")]


def _head(part: str) -> tuple[str, str | None]:
    """ "Jane Doe (Acme)" -> ("Jane Doe", "Acme")."""
    m = re.match(r"^(?P<name>[^()]+?)\s*\((?P<paren>[^()]*)\)\s*$", part)
    return (m["name"].strip(), m["paren"].strip()) if m else (part.strip(), None)


def _all_people(parts: list[str], several: bool) -> bool:
    """ "A, B and C" or "A (X), B (Y)": every comma part a person, not "Name, Role, Company"."""
    if len(parts) < 2:
        return False
    heads = [_head(p) for p in parts]
    if not all(_name_ok(name, True) and not has_organisation_word(name) for name, _ in heads):
        return False
    with_paren = sum(1 for _, paren in heads if paren)
    return several or with_paren >= 2 or len(parts) >= 3


_PREFIXED = re.compile(r"^(?:Mc|Mac|O'|O’|D'|D’|De|Di|Da|Du|La|Le|Van|Von)[A-Z][a-zß-öø-ÿ'’-]+$")


def _name_ok(name: str, strict: bool) -> bool:
    """A person's name; strict wants two words or more, and allows "McCann", "DeVito", "O'Brien"."""
    if re.search(r"\w['’]s\b", name):  # "Shopify's Experience": a possessive is not part of a name
        return False
    words = name.split()
    if not words or fold(words[0]).strip(",:") in _words()["not_first"]:
        return False
    if any(fold(w).strip(",:") in _words()["not_name"] for w in words):
        return False
    if looks_like_name(name, strict=strict):
        return True
    tokens = name.split()
    return (
        strict
        and len(tokens) >= 2
        and any(_PREFIXED.match(t) for t in tokens)
        and looks_like_name(
            " ".join(t if not _PREFIXED.match(t) else t[0] + t[1:].lower() for t in tokens), strict=True
        )
    )


def _person(part: str, descriptors: list[str], line: int, strict: bool) -> Agent | None:
    name, paren = _head(part)
    cue = _words()["cue"].search(name)
    if cue:  # "Jane Doe @ Acme", "Jane Doe from Acme"
        descriptors = [name[cue.end() :], *descriptors]
        name = name[: cue.start()]
    name = _words()["honorific"].sub("", name.strip(" -–—"))
    dash = re.split(r"\s[-–—]\s", name, maxsplit=1)  # "Jane Doe - Acme"
    if len(dash) == 2:
        name, descriptors = dash[0], [dash[1], *descriptors]
    if not _name_ok(name, strict) or has_organisation_word(name):
        return None
    extra = [p.strip() for p in (paren.split(",") if paren else [])] + descriptors
    role, orgs, aliases = _describe([e for e in extra if e], strict=paren is None)
    if role is None and len(orgs) >= 2 and not paren and not any(has_organisation_word(o) for o in orgs[:-1]):
        role, orgs = ", ".join(orgs[:-1]), orgs[-1:]  # "Name, Partner, Acme": name, role, employer by position
    return Agent(
        name=name,
        kind="person",
        job_title=role,
        affiliations=tuple(Agent(name=org, kind="organization", line=line) for org in orgs),
        aliases=tuple(aliases),
        description=", ".join(extra) or None,
        line=line,
        surface=name,
    )


_LEGAL_FORMS = {"llc", "inc", "ltd", "gmbh", "sa", "sas", "sarl", "corp", "co", "plc", "bv", "ag", "ab", "oy", "srl"}


def _describe(extra: list[str], *, strict: bool) -> tuple[str | None, list[str], list[str]]:
    """What follows a name: a role ("Staff Engineer"), employers ("Acme Corp"), a handle ("@jdoe")."""
    role: str | None = None
    orgs: list[str] = []
    aliases: list[str] = []
    items = [part for item in extra for part in re.split(r"\s+[-–—|]\s+", item)]
    for item in items:
        item = item.strip(" .")
        if not item:
            continue
        if item.startswith("@") and " " not in item:
            aliases.append(item)
            continue
        if orgs and fold(item).strip(".") in _LEGAL_FORMS:  # "(Meta42 Labs, LLC)": one employer
            orgs[-1] = f"{orgs[-1]}, {item}"
            continue
        at = re.split(r"\s+(?:at|@|chez|from|of|for)\s+", item, maxsplit=1, flags=re.I)
        if len(at) == 2 and has_role_word(at[0]):  # "Staff Engineer at Acme", "CTO of Acme"
            role = role or at[0].strip()
            orgs.append(at[1].strip())
        elif has_role_word(item) and not has_organisation_word(item) and role is None:
            role = item
        elif len(item.split()) <= 6 and item[:1].isalnum():
            orgs.append(item)
    return role, orgs, aliases


def name_from_page(url: str) -> str | None:
    """The person a speaker page is about: ``…/speaker/JaneDoe`` or ``…/speakers/jane-doe.html`` -> "Jane Doe"."""
    try:
        parts = [unquote(p) for p in urlsplit(url).path.split("/") if p]
    except ValueError:
        return None
    segments = _words()["segments"]
    for index, part in enumerate(parts[:-1]):
        if fold(part) in segments:
            return _name_of_slug(_PAGE_SUFFIX.sub("", parts[index + 1]))
    return None


def _name_of_slug(slug: str) -> str | None:
    separated = re.search(r"[-_+ .]", slug)
    words = [w for w in re.split(r"[-_+ .]+", slug) if w] if separated else _CAMEL.findall(slug)
    if (
        not 1 <= len(words) <= 4
        or not all(w.isalpha() for w in words)
        or "".join(words) != re.sub(r"[-_+ .]", "", slug)
    ):
        return None
    return " ".join(w if not w.islower() else w.capitalize() for w in words)
