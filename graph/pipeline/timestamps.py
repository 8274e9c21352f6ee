"""``talkgraph timestamps``: turn the video timestamps of a note into links to those moments.

The author of the notes asked for it: lines that start with the position in a video
(``02:40 …``) become ``[02:40](https://www.youtube.com/watch?v=…&t=160s) …``, with the
video and the deep link the build itself finds (:mod:`graph.extract.clips`). Shown as a
diff by default; with ``write``, the note is rewritten atomically after a copy of the
original is kept beside it, in its own encoding and line endings.
"""

from __future__ import annotations

import difflib
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError
from ..extract import extract_note
from ..notes import parse_file
from ..notes.read import read_note_file
from ..notes.timestamps import link_lines
from ..util.files import rewrite_text

BACKUP_SUFFIX = ".orig"


@dataclass(frozen=True)
class TimestampLinks:
    """What :func:`link_timestamps` did (or would do) to one note."""

    path: Path
    linked: tuple[int, ...]  # lines whose time became a link
    already: tuple[int, ...]  # lines whose time was a link already
    without_video: tuple[int, ...]  # lines with a time but no video to link to
    diff: str  # unified diff of the rewrite ("" when nothing changes)
    backup: Path | None = None  # the copy of the original, when written

    @property
    def changed(self) -> bool:
        return bool(self.linked)


def _read(path: Path) -> str:
    """The note's text, read as a build reads it."""
    if not path.is_file():
        raise InputError(f"note not found: {path}")
    read = read_note_file(path, path.parent)
    if read.text is None:
        raise InputError(f"{path}: {read.warning}")
    return read.text


def link_timestamps(note: str | Path, *, write: bool = False) -> TimestampLinks:
    """The rewrite of ``note``'s timestamped lines into Markdown links; with ``write``, applied.

    Only ``.md`` notes are rewritten (an outline has no link syntax). Raises
    :class:`graph.errors.InputError` for a missing or unreadable note.
    """
    path = Path(note)
    text = _read(path)
    source = text.replace("\r\n", "\n").replace("\r", "\n")
    parsed = parse_file(path.name, source)
    record = extract_note(parsed)
    urls = {clip.line: clip.url for clip in record.clips if clip.url}
    stamps = parsed.timestamps if path.suffix.lower() == ".md" else ()
    linked = tuple(s.line for s in stamps if s.url is None and s.line in urls)
    result = link_lines(source, stamps, urls)
    diff = "".join(difflib.unified_diff(source.splitlines(True), result.splitlines(True), str(path), str(path)))
    out = TimestampLinks(
        path, linked, tuple(s.line for s in stamps if s.url), tuple(s.line for s in stamps if s.line not in urls), diff
    )
    if not write or not linked:
        return out
    backup = path.with_name(path.name + BACKUP_SUFFIX)
    shutil.copy2(path, backup)
    rewrite_text(path, result)
    return replace(out, backup=backup)
