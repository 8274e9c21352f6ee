"""What extraction may know about a note beyond its own text: its folder's event and the user's settings.

One file per talk in a folder per conference names the conference only in the folder (its
``README.md`` or its name), so extracting such a note needs facts from outside the file.
They travel as a :class:`NoteContext`: plain frozen data computed by the pipeline from the
folder (``graph.pipeline.context``), passed to :func:`graph.extract.extract_note`, which
stays a pure function of (note, context).

A context is hashable and has a stable :meth:`NoteContext.digest`: the incremental cache
keys a note's record on its text *and* this digest, so editing a folder's README or
``talkgraph.toml`` re-extracts exactly the notes whose context changed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from .records import DateValue, Place


@dataclass(frozen=True, slots=True)
class FolderEvent:
    """The event a folder of notes is about, and where that was read.

    ``key`` is the folder path relative to the notes folder ("" for the notes folder itself):
    the event's IRI is minted from it, so every note of the folder points to one event.
    ``strength`` says how sure the evidence is: "readme" (a README/index naming the event),
    "config" (``talkgraph.toml``) or "folder" (only the folder's name, e.g. ``craft-2016``),
    which a file naming its own event (``# PyCon US 2019``, ``event: …``) overrides.
    """

    key: str
    name: str
    strength: str  # "readme" | "config" | "folder"
    alternate_names: tuple[str, ...] = ()
    url: str | None = None
    start_date: DateValue | None = None
    end_date: DateValue | None = None
    place: Place | None = None
    source: str | None = None  # the README the event was read from, relative to the notes folder
    line: int | None = None  # its line in that README
    rule: str = ""  # which rule found it, for `talkgraph explain`


@dataclass(frozen=True, slots=True)
class NoteContext:
    """Facts about a note's folder and settings that the note's text does not hold.

    - ``event``: the nearest enclosing folder event (see :class:`FolderEvent`), if any;
    - ``readme``: True when the note is that folder's README/index itself;
    - ``role``: what ``talkgraph.toml`` says the folder holds ("event", "talks", "topics",
      "resources") or "" when it says nothing;
    - ``keys``: the user's own field keys, ``(spelling, meaning)`` pairs layered over
      ``schema/conventions.toml``;
    - ``language``: the language the notes are written in ("en", "fr"), or "";
    - ``list_convention``: True when most notes of the folder have the author's
      ``- **key** = value`` list, so that a note without one is a deviation worth a warning
      (in other people's notes it is just their convention).
    """

    event: FolderEvent | None = None
    readme: bool = False
    role: str = ""
    keys: tuple[tuple[str, str], ...] = ()
    language: str = ""
    list_convention: bool = False

    def digest(self) -> str:
        """A stable hash of everything in the context (the cache key part of issue 15)."""
        payload = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    def as_dict(self) -> dict:
        return asdict(self)


EMPTY = NoteContext()


def declared_topic(context: NoteContext | None) -> bool | None:
    """What talkgraph.toml says of the note's kind: True in a folder of topic notes, False in one of
    resource notes, None (recognised from the note itself) when it says nothing."""
    role = context.role if context is not None else ""
    return {"topics": True, "resources": False}.get(role)


_LIST_LINE = re.compile(r"^\s*[-*+]\s+\*\*[^*\n]{1,60}\*\*\s*=", re.M)


def uses_list_convention(texts: Iterable[str]) -> bool:
    """True when half the notes or more have a ``- **key** = value`` line (the author's convention)."""
    flags = [bool(_LIST_LINE.search(text[:20_000])) for text in texts]
    return bool(flags) and sum(flags) * 2 >= len(flags)
