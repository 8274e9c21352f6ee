"""The talks an event's README lists, and the notes they link to.

``- [Testing Web Apps with Playwright](testing.md) by Sam Lee``, ``- "Title" by Name``, or a
section ``## "Title" by Name`` with ``[Abstract](…)``: each is a talk of the folder's event.
A link to a Markdown file of the notes folder names the talk's own note: the RDF stage
then gives the talk the IRI of that note's resource, so the README's talk and the note
are one node.
"""

from __future__ import annotations

import posixpath
import re
from functools import cache
from urllib.parse import unquote, urlsplit

from ..notes.model import Block, Link, Note
from ..util.resources import conventions
from ..util.text import collapse_space, fold
from .records import Talk
from .speakers import parse_speakers
from .talknotes import split_title
from .values import normalise_url


def local_note(url: str, folder: str) -> str | None:
    """``./talk.md`` in a README of ``folder`` -> ``folder/talk.md``; web links and escapes -> None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or not parts.path.lower().endswith(".md"):
        return None
    path = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    return None if path.startswith("../") or path == ".." or path.startswith("/") else path


def note_links(note: Note, talk: Talk, folder: str) -> str | None:
    """The local note a README section's heading or first paragraphs link to, if one does."""
    after = [b for b in note.blocks if talk.line <= b.line <= talk.end_line]
    for index, block in enumerate(after[:4]):
        if index and block.kind not in ("paragraph",):
            break
        for link in block.links:
            target = local_note(link.url, folder)
            if target:
                return target
    return None


def listed_talks(note: Note, folder: str, covered: list[tuple[int, int]], seen: set[str]) -> list[Talk]:
    """Top-level list items of a README that are talks: a link to a note, or ``"Title" by Name``."""
    talks: list[Talk] = []
    for block in note.blocks:
        if block.kind != "list_item" or block.depth != 0 or any(a <= block.line <= b for a, b in covered):
            continue
        talk = _listed(block, folder)
        if talk is not None and fold(talk.title) not in seen:
            seen.add(fold(talk.title))
            talks.append(talk)
    return talks


@cache
def _not_titles() -> frozenset[str]:
    return frozenset(fold(w) for w in conventions()["layout"]["readme_link_words"])


def _listed(block: Block, folder: str) -> Talk | None:
    """``- [Title](talk.md) by Name``, ``- [Title](https://…) - Name``, ``- "Title" by Name``."""
    first: Link | None = block.links[0] if block.links else None
    target = local_note(first.url, folder) if first is not None else None
    text = collapse_space(block.text)
    title, who, _rule = split_title(text)
    if who is None and first is not None and text.startswith(collapse_space(first.text)):
        title = collapse_space(first.text)
        rest = re.sub(r"^[\s\-–—,:|]+", "", text[len(title) :])
        rest = rest[3:] if fold(rest).startswith("by ") else rest
        who = rest if rest and parse_speakers(rest, block.line, strict=False) else None
        if target is None and (len(title.split()) < 2 or fold(title) in _not_titles() or normalise_url(title)):
            return None
    elif who is None:
        return None
    speakers = tuple(parse_speakers(who, block.line, strict=False)) if who else ()
    web = normalise_url(first.url) if first is not None and target is None else None
    return Talk(
        title=title.strip('"“”'),
        attended=True if target else None,
        line=block.line,
        end_line=block.end_line,
        url=web,
        speakers=speakers,
        note=target,
    )
