"""What a build knows about a note beyond its text: corpus-level facts, as one frozen value per note.

A note's text alone does not say where the file stands in git. The shell
(:mod:`graph.pipeline`) finds these facts once per build and hands each note its
:class:`FileFacts`; the pure stages read them as data. ``revision`` changes the quads
(``graph.rdf.triples.note_graph``), not the record, so a cache of minted quads must key on it (the record
cache keys on the folder facts of :class:`graph.extract.context.NoteContext` instead).
Both are plain frozen values, hashable and picklable.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FileRevision:
    """A note file on a forge at the last commit that touched it: what its permalinks point to.

    ``blob`` is the forge's URL of the file at commit ``sha`` (path percent-encoded) and
    ``line_form`` the fragment of one line (``#L{line}``). The sha is that of the last commit
    that changed *this file*, so a commit elsewhere in the repository changes none of its
    permalinks. ``unchanged`` is ``None`` when the file is as committed; when it has
    uncommitted changes, it lists the runs of lines that are the same as in the commit, as
    ``(line in the file, line in the commit, length)``, and the other lines get no permalink.
    """

    sha: str
    blob: str
    line_form: str = "#L{line}"
    unchanged: tuple[tuple[int, int, int], ...] | None = None

    def committed_line(self, line: int) -> int | None:
        """The line of the commit that ``line`` of the file is, or None when it changed since."""
        if self.unchanged is None:
            return line
        at = bisect_right(self.unchanged, line, key=lambda run: run[0]) - 1
        if at < 0:
            return None
        start, committed, length = self.unchanged[at]
        return committed + (line - start) if line < start + length else None

    def permalink(self, line: int | None = None) -> str | None:
        """The permalink of ``line`` (of the whole file without one); None for a line not committed."""
        if line is None:
            return self.blob
        committed = self.committed_line(line)
        return None if committed is None else self.blob + self.line_form.format(line=committed)


@dataclass(frozen=True, slots=True)
class FileFacts:
    """The git facts of one note file (see the module docstring).

    ``revision``: where the file stands on its forge, ``None`` outside a git work tree with
    a known forge remote, or for a file git does not track.
    """

    revision: FileRevision | None = None
