"""Video timestamps at the start of note lines: ``00:30 …``, ``- 02:40 …``, ``**16:00** analyse``.

Notes about videos prefix lines with the position in the video. The grammar: at the start
of a line, after an optional list marker (``-``, ``*``, ``+``, ``1.``) and an optional ``**``
or ``(``, a time ``M:SS``, ``MM:SS`` or ``H:MM:SS`` (``HH:MM:SS`` too) not followed by a
letter or digit. A time already written as a link (``[02:40](https://…&t=160s)``, what
``talkgraph timestamps --write`` makes) counts too. A token that looks like a time but is
not one (``02:33:0``, ``12:75``) is warned about, never guessed; ``16:9`` is a ratio.
Code blocks are not note lines.

This module finds them (:func:`scan`) and rewrites them as links (:func:`link_lines`);
which video each one belongs to is decided by :mod:`graph.extract.clips`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .model import Issue, Timestamp

_LINE = re.compile(
    r"^(?P<lead>[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:\*\*|\()?)"
    r"(?P<open>\[)?(?P<token>\d+(?::\d+)+)"
    r"(?(open)\]\((?P<url>[^)\s]+)\))"
)
_VALID = re.compile(r"^(?:(?P<h>\d{1,2}):(?P<m2>[0-5]\d)|(?P<m>\d{1,2})):(?P<s>[0-5]\d)$")
_RATIO = re.compile(r"^\d{1,2}:\d$")
MALFORMED = "timestamp '{token}' is not M:SS, MM:SS or H:MM:SS: not linked to the video"


def seconds_of(token: str) -> int | None:
    """``01:11:00`` -> 4260, ``8:30`` -> 510; None for anything outside the grammar."""
    m = _VALID.match(token)
    if not m:
        return None
    hours = int(m["h"]) if m["h"] else 0
    minutes = int(m["m2"] if m["h"] else m["m"])
    return hours * 3600 + minutes * 60 + int(m["s"])


def scan(path: str, lines: list[str], skip: Iterable[int] = ()) -> tuple[list[Timestamp], list[Issue]]:
    """The timestamps of ``lines`` (file lines, 0-based list), lines in ``skip`` (1-based) left out.

    Malformed times are reported only in notes that have valid ones: elsewhere a line
    starting with ``1:2`` is not about a video.
    """
    skipped = set(skip)
    found: list[Timestamp] = []
    malformed: list[Issue] = []
    for index, text in enumerate(lines):
        number = index + 1
        if number in skipped or ":" not in text[:40]:
            continue
        m = _LINE.match(text)
        if not m:
            continue
        token, after = m["token"], text[m.end() :]
        if not m["url"] and (after[:1].isalnum() or after[:1] == "_"):
            continue  # "10:30am", "12:00h": a time of day, not a position
        seconds = seconds_of(token)
        if seconds is None:
            if not _RATIO.match(token):
                malformed.append(Issue(path, number, MALFORMED.format(token=token)))
            continue
        start = m.start("open") if m["url"] else m.start("token")
        found.append(Timestamp(number, seconds, token, start, m.end(), m["url"]))
    return found, (malformed if found else [])


def link_lines(source: str, stamps: Iterable[Timestamp], urls: Mapping[int, str]) -> str:
    """``source`` with each timestamp whose line has a URL in ``urls`` written as a Markdown link.

    Only the time itself changes (``**16:00** analyse`` -> ``**[16:00](…)** analyse``);
    times already linked are left as they are, so running it twice changes nothing.
    """
    lines = source.split("\n")
    for stamp in stamps:
        url = urls.get(stamp.line)
        if stamp.url is not None or url is None:
            continue
        text = lines[stamp.line - 1]
        target = f"<{url}>" if any(c in url for c in " ()<>") else url
        lines[stamp.line - 1] = text[: stamp.start] + f"[{stamp.label}]({target})" + text[stamp.end :]
    return "\n".join(lines)
