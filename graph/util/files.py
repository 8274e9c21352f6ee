"""Atomic output files: a temporary file beside the target, renamed over it when complete.

An interrupted build leaves the previous file intact, never half a file.
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
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.chmod(self.tmp, _FILE_MODE)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        self.handle.close()
        with suppress(FileNotFoundError):
            os.unlink(self.tmp)


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
