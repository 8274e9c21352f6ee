"""Reading note files safely: the only part of ``graph.notes`` that touches the disk.

A notes folder is user data: files may be binary, empty, in cp1252, huge, unreadable, or
symlinks pointing anywhere. Each case gives text or a clear reason to skip, never an
exception that stops the build.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadResult:
    text: str | None
    warning: str | None = None
    data: bytes | None = None


def read_note_file(path: Path, root: Path, max_bytes: int = MAX_BYTES) -> ReadResult:
    """Text of ``path`` or a warning saying why it was skipped or how it was read."""
    try:
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root.resolve()):
                return ReadResult(None, "symbolic link pointing outside the notes folder: not followed, skipped")
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return ReadResult(None, "not a regular file (a pipe, socket or device): skipped")
        size = info.st_size
        if size > max_bytes:
            return ReadResult(None, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit: skipped")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        return ReadResult(None, "unreadable (permission denied): skipped")
    except OSError as exc:
        return ReadResult(None, f"unreadable ({exc.strerror or exc}): skipped")
    return decode(data)


def head_of(path: Path, size: int = 4096) -> str:
    """The first ``size`` bytes of a note, decoded leniently: enough to tell which convention it follows."""
    try:
        with path.open("rb") as handle:
            data = handle.read(size)
    except OSError:
        return ""
    return data.decode(utf16_codec(data) or "utf-8", "replace").removeprefix("\ufeff")


def utf16_codec(data: bytes) -> str | None:
    """The codec of UTF-16 text (as Windows editors save it), else None.

    Its byte-order mark says so; without one, text that is mostly ASCII has a NUL in every
    other byte, at odd offsets for little-endian and even ones for big-endian, and a binary
    file does not keep to either side.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and not data.startswith(b"\xff\xfe\x00\x00"):  # not UTF-32
        return "utf-16"
    sample = data[:4096]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) * 20 < len(even):  # "Ā" (U+0100) is b"\x00\x01"
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) * 20 < len(odd):
        return "utf-16-be"
    return None


def decode(data: bytes) -> ReadResult:
    if not data.strip():
        return ReadResult(None, "empty file: skipped", data)
    codec = utf16_codec(data)
    if codec is not None:
        return _utf16(data, codec)
    if b"\x00" in data[:8192]:
        return ReadResult(None, "binary file (NUL bytes): skipped", data)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return ReadResult(data.decode("utf-8"), None, data)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return ReadResult(None, f"not UTF-8 (bad byte on line {line}) nor cp1252: skipped", data)
        return ReadResult(text, f"not UTF-8 (bad byte on line {line}): read as cp1252", data)


def _utf16(data: bytes, codec: str) -> ReadResult:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(codec, "replace").count("\n") + 1
        return ReadResult(None, f"UTF-16 but broken (bad bytes on line {line}): skipped", data)
    return ReadResult(text.removeprefix("\ufeff"), "UTF-16 text: read as such (UTF-8 suits git, grep and most editors "
                      "better)", data)
