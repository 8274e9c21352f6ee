"""Which files of a notes folder are notes, in a stable order, and what every other file is.

A notes repository holds more than notes: images, PDFs, the repository's own README, a
``.git`` folder. A build reads the notes and *lists* the rest by kind (the summary and
report.json say so), so nothing is silently left out. What counts as a note is data
(``schema/layout.toml``): ``*.md`` and VimOutliner ``*.otl`` files, except the
repository's own README/USAGE/… at the root of the folder.
"""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..util.resources import schema_toml


@dataclass(frozen=True, slots=True)
class Survey:
    """The notes of a folder (absolute paths, sorted by relative path) and what was not read."""

    notes: tuple[Path, ...] = ()
    unread: tuple[tuple[str, str], ...] = field(default=())  # (relative path, kind), sorted by path


@cache
def _layout() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    layout = schema_toml("layout.toml")
    suffixes = frozenset(s.lower() for kind in layout["notes"].values() for s in kind)
    outlines = tuple(s.lower() for s in layout["notes"]["outline"])
    return suffixes, frozenset(n.lower() for n in layout["repository"]["files"]), outlines


def note_suffixes() -> frozenset[str]:
    """File suffixes read as notes (``.md``, ``.otl``)."""
    return _layout()[0]


def is_outline(path: str) -> bool:
    """Whether the note at ``path`` is a VimOutliner outline (read by :mod:`graph.notes.otl`)."""
    return path.lower().endswith(_layout()[2])


def is_repository_file(rel: str) -> bool:
    """README.md, USAGE.md… at the root of the notes folder: about the repository, not notes."""
    if "/" in rel:
        return False
    return rel.split(".", 1)[0].lower() in _layout()[1]


def file_kind(rel: str) -> str:
    """What a file that is not a note is, for the report: ``image``, ``PDF``, ``.txt``…"""
    if is_repository_file(rel):
        return "repository file"
    guessed, _ = mimetypes.guess_type(rel, strict=False)
    major = (guessed or "").split("/", 1)[0]
    if major in ("image", "audio", "video"):
        return major
    if guessed == "application/pdf":
        return "PDF"
    suffix = Path(rel).suffix.lower()
    return suffix if suffix else "no suffix"


def survey(notes_dir: Path, outside: Path | None = None) -> Survey:
    """Every note below the folder and every other entry, by kind.

    Hidden entries (``.git``, ``.github``…) and symlinked folders are not entered; they are
    listed once each, under their own name. ``outside`` (the build's own output folder, when
    it lies in the notes folder) is neither entered nor listed: it is not the user's files.
    """
    notes: list[Path] = []
    unread: list[tuple[str, str]] = []
    suffixes = note_suffixes()
    output = _resolved(outside)
    for root, dirs, files in os.walk(notes_dir, followlinks=False):
        here = Path(root)
        rel_root = here.relative_to(notes_dir).as_posix()
        prefix = "" if rel_root == "." else rel_root + "/"
        for name in sorted(dirs):
            if name.startswith("."):
                unread.append((prefix + name + "/", "hidden"))
            elif (here / name).is_symlink():
                unread.append((prefix + name + "/", "symlinked folder"))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here / d).is_symlink()
                         and (output is None or _resolved(here / d) != output))
        for name in files:
            rel = prefix + name
            if name.startswith("."):
                unread.append((rel, "hidden"))
            elif Path(name).suffix.lower() in suffixes and not is_repository_file(rel):
                notes.append(here / name)
            else:
                unread.append((rel, file_kind(rel)))
    notes.sort(key=lambda p: p.relative_to(notes_dir).as_posix())
    return Survey(tuple(notes), tuple(sorted(unread)))


def _resolved(path: Path | None) -> Path | None:
    try:
        return None if path is None else path.resolve()
    except OSError:
        return None


def discover(notes_dir: Path) -> list[Path]:
    """Every note below the folder, sorted by relative path; hidden and symlinked folders are not entered."""
    return list(survey(notes_dir).notes)
