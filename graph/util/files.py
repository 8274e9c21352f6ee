"""Atomic output files: a temporary file beside the target, renamed over it when complete.

An interrupted build leaves the previous file intact, never half a file. Within
:func:`holding`, completed files wait, whole, under their temporary names, and are renamed
into place together (:meth:`Held.publish`) or removed (:meth:`Held.discard`): a build
cancelled among its writers then leaves every export as the last build left it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO


def _default_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _default_file_mode()


class AtomicFile:
    """A temporary file beside ``path``, renamed over it by :meth:`commit`, deleted by :meth:`abort`."""

    def __init__(self, path: Path, mode: str = "wb"):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self.handle = os.fdopen(fd, mode, **({"encoding": "utf-8"} if "b" not in mode else {}))

    def commit(self) -> Path:
        """Write the file whole and rename it over ``path`` (within :func:`holding`: once it is published)."""
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.chmod(self.tmp, _FILE_MODE)  # mkstemp makes 0600; outputs are ordinary files
        return place(self.tmp, self.path)

    def abort(self) -> None:
        self.handle.close()
        with suppress(FileNotFoundError):
            os.unlink(self.tmp)


class Held:
    """Files written whole, each waiting under its temporary name to be renamed over its path."""

    def __init__(self) -> None:
        self.files: list[tuple[str, Path]] = []  # (temporary file, its path)

    def publish(self) -> None:
        """Rename every file into place, in the order they were written."""
        while self.files:
            tmp, path = self.files.pop(0)
            os.replace(tmp, path)

    def discard(self) -> None:
        while self.files:
            with suppress(FileNotFoundError):
                os.unlink(self.files.pop()[0])


_HELD: Held | None = None  # this process's, within holding()


@contextmanager
def holding() -> Iterator[Held]:
    """Hold every :meth:`AtomicFile.commit` until the caller publishes them; what an exception leaves
    unpublished is discarded."""
    global _HELD
    previous, _HELD = _HELD, Held()
    held = _HELD
    try:
        yield held
    except BaseException:
        held.discard()
        raise
    finally:
        _HELD = previous


def place(tmp: str | Path, path: Path) -> Path:
    """Rename a complete file over ``path``: now, or within :func:`holding` once the files are published."""
    if _HELD is not None:
        _HELD.files.append((str(tmp), path))
    else:
        os.replace(tmp, path)
    return path


def held() -> Held | None:
    """The files held by :func:`holding` in this process (a forked writer inherits its parent's)."""
    return _HELD


@contextmanager
def atomic_write(path: Path, mode: str = "wb") -> Iterator[IO]:
    """Write to a temporary file beside ``path`` and rename it over ``path`` when done."""
    out = AtomicFile(path, mode)
    try:
        yield out.handle
    except BaseException:
        out.abort()
        raise
    out.commit()


def rewrite_text(path: Path, text: str) -> None:
    """Replace a text file's content atomically, keeping what its author chose: the encoding
    (UTF-8, with its BOM if it had one, or cp1252), and CRLF line endings. ``text`` uses ``\\n``."""
    data = path.read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "cp1252"
    if b"\r\n" in data:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    with atomic_write(path, "wb") as handle:
        handle.write((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
