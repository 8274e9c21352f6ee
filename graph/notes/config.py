"""``talkgraph.toml``: what a user says about their own notes folder, as a frozen value.

An optional file at the root of the notes folder. Everything in it is optional::

    language = "en"                          # the language the notes are written in
    exclude = ["README.md", "drafts/**"]     # files that are not notes (glob patterns)

    [keys]                                   # your own field keys -> what they mean
    speaker = ["presenter", "orateur"]
    event = ["conf"]

    [folders]                                # what the folders hold (glob -> role)
    "conferences/*" = "event"                # each matching folder is one event
    "talks/**" = "talks"                     # every note there is one talk
    "structured/**" = "topics"               # notes about a subject, not about a resource
    "inbox/**" = "resources"                 # notes about one resource each (no talk guessing)

    [events."craft-2016"]                    # facts about a folder's event
    name = "Craft Conference 2016"
    date = "2016-04-26"                      # or "2016-04-26/2016-04-29"
    place = "Budapest"
    url = "https://craft-conf.com"

A pattern without ``/`` matches a file or folder name at any depth (``README.md``); one
with ``/`` matches the path from the notes folder (``drafts/**``). A file that is not valid
TOML, an unknown key or a role that does not exist is a warning naming the line; the
build then goes on with what could be read.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..util.text import field_key
from .model import Issue

FILE_NAME = "talkgraph.toml"
ROLES = ("event", "talks", "topics", "resources")
MEANINGS = (
    "title",
    "speaker",
    "affiliation",
    "role",
    "event",
    "date",
    "place",
    "url",
    "slides",
    "video",
    "duration",
    "language",
    "tags",
    "type",
    "summary",
    "source",
)
_TOP_KEYS = {"language", "exclude", "keys", "folders", "events"}
_EVENT_KEYS = {"name", "date", "place", "url"}


@dataclass(frozen=True, slots=True)
class EventDeclaration:
    """``[events."folder"]``: a folder's event, as the user states it."""

    folder: str
    name: str | None = None
    date: str | None = None
    place: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class NotesConfig:
    """The settings of one notes folder (all empty when it has no ``talkgraph.toml``)."""

    source: str | None = None  # the file read, relative to the notes folder
    language: str = ""
    exclude: tuple[str, ...] = ()
    keys: tuple[tuple[str, str], ...] = ()  # (folded spelling, meaning)
    folders: tuple[tuple[str, str], ...] = ()  # (glob, role), in the file's order
    events: tuple[EventDeclaration, ...] = ()

    def excluded(self, rel: str) -> bool:
        """True when a note path matches an ``exclude`` pattern."""
        return any(matches(pattern, rel) for pattern in self.exclude)

    def role_of(self, rel: str) -> str:
        """The role given to a note path or folder path (or a folder above it); the last matching pattern wins."""
        role = ""
        for pattern, value in self.folders:
            if matches(pattern, rel):
                role = value
        return role

    def declares_event(self, folder: str) -> bool:
        """True for a folder that an ``"event"`` pattern names itself (not a folder below it)."""
        parent = folder.rsplit("/", 1)[0] if "/" in folder else ""
        return any(
            role == "event" and matches(p, folder) and not (parent and matches(p, parent)) for p, role in self.folders
        )

    @property
    def topic_folders(self) -> tuple[str, ...]:
        """The patterns declared ``"topics"``: where the notes are topic notes, not resource notes."""
        return tuple(pattern for pattern, role in self.folders if role == "topics")

    def is_topic_note(self, rel: str) -> bool:
        return self.role_of(rel) == "topics"

    def event_of(self, folder: str) -> EventDeclaration | None:
        return next((e for e in self.events if e.folder.strip("/") == folder), None)


def matches(pattern: str, rel: str) -> bool:
    """gitignore semantics (pathspec): a bare name matches at any depth, ``a/*`` a folder and all below it."""
    return bool(pattern.strip()) and bool(rel) and _spec(pattern.strip()).match_file(rel)


@cache
def _spec(pattern: str):
    import pathspec  # imported when a talkgraph.toml names patterns, not on every build

    return pathspec.GitIgnoreSpec.from_lines([pattern])


def load_config(notes_dir: Path) -> tuple[NotesConfig, list[Issue]]:
    """The folder's ``talkgraph.toml``; a missing file gives the empty config, a broken one a warning."""
    path = notes_dir / FILE_NAME
    if not path.is_file():
        return NotesConfig(), []
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return NotesConfig(), [Issue(FILE_NAME, None, f"unreadable ({exc}): ignored")]
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        return NotesConfig(), [Issue(FILE_NAME, int(m.group(1)) if m else None, f"not valid TOML ({exc}): ignored")]
    return config_from(data, text)


def config_from(data: dict, text: str = "") -> tuple[NotesConfig, list[Issue]]:
    """A parsed ``talkgraph.toml`` -> :class:`NotesConfig`, each problem a warning with its line."""
    issues: list[Issue] = []

    def warn(key: str, message: str) -> None:
        issues.append(Issue(FILE_NAME, _line_of(text, key), message))

    for key in sorted(set(data) - _TOP_KEYS):
        warn(key, f"unknown setting '{key}' (known: {', '.join(sorted(_TOP_KEYS))}): ignored")
    language = data.get("language", "")
    if not isinstance(language, str) or (language and not re.fullmatch(r"[a-z]{2}", language.strip().lower())):
        warn("language", f"language {language!r} is not a two-letter code such as 'en': ignored")
        language = ""
    exclude = _strings(data.get("exclude", []), "exclude", warn)
    return NotesConfig(
        source=FILE_NAME,
        language=language.strip().lower(),
        exclude=tuple(exclude),
        keys=_keys(data.get("keys", {}), warn),
        folders=_folders(data.get("folders", {}), warn),
        events=_events(data.get("events", {}), warn),
    ), issues


def _strings(value, key: str, warn) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        warn(key, f"'{key}' is not a list of strings: ignored")
        return []
    return value


def _keys(table, warn) -> tuple[tuple[str, str], ...]:
    if not isinstance(table, dict):
        warn("keys", "[keys] is not a table: ignored")
        return ()
    pairs = []
    for meaning, spellings in table.items():
        if meaning not in MEANINGS:
            warn(meaning, f"unknown meaning '{meaning}' in [keys] (known: {', '.join(MEANINGS)}): ignored")
            continue
        pairs.extend((field_key(s), meaning) for s in _strings(spellings, meaning, warn))
    return tuple(pairs)


def _folders(table, warn) -> tuple[tuple[str, str], ...]:
    if not isinstance(table, dict):
        warn("folders", "[folders] is not a table: ignored")
        return ()
    out = []
    for pattern, role in table.items():
        if role not in ROLES:
            warn(pattern, f"unknown role {role!r} for '{pattern}' (known: {', '.join(ROLES)}): ignored")
            continue
        out.append((pattern, role))
    return tuple(out)


def _events(table, warn) -> tuple[EventDeclaration, ...]:
    if not isinstance(table, dict):
        warn("events", "[events] is not a table: ignored")
        return ()
    out = []
    for folder, facts in table.items():
        if not isinstance(facts, dict):
            warn(folder, f'[events."{folder}"] is not a table: ignored')
            continue
        for key in sorted(set(facts) - _EVENT_KEYS):
            warn(key, f"unknown event fact '{key}' (known: {', '.join(sorted(_EVENT_KEYS))}): ignored")
        values = {k: str(facts[k]) for k in _EVENT_KEYS if k in facts}
        out.append(EventDeclaration(folder=folder.strip("/"), **values))
    return tuple(out)


def _line_of(text: str, key: str) -> int | None:
    """The first line of the file that names ``key`` (tomllib gives no positions)."""
    pattern = re.compile(r"^\s*(?:\[.*)?[\"']?" + re.escape(key) + r"[\"']?\s*[=\].]", re.M)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None
