"""Reading note files: the encodings editors save in, told apart from binary files."""

from __future__ import annotations

import pytest

from graph.extract import extract_note
from graph.notes import parse_note
from graph.notes.read import decode, head_of, read_note_file

NOTE = "# Profilage mémoire\n\n- **type** = vidéo\n- **speaker** = Ann LEE\n\nOn mesure avec memray.\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_note_is_read_as_text_with_a_warning(codec):
    """Notepad's "Unicode" is UTF-16 with a byte-order mark; some tools write it without one."""
    read = decode(NOTE.encode(codec))
    assert read.text == NOTE
    assert "UTF-16" in read.warning
    record = extract_note(parse_note("2024-01-01-memoire.md", read.text))
    assert [m.key for m in record.mentions if m.kind == "tool"] == ["memray"]


def test_a_binary_file_is_still_no_utf16_note():
    assert decode(bytes(range(256)) * 20).text is None
    assert decode(b"# Nul\x00 inside\n").text is None
    assert decode(b"\x89PNG\r\n\x1a\n" + bytes(400)).text is None  # NULs on both sides


def test_a_broken_utf16_note_is_skipped_with_its_line():
    data = "# T\n\nfine\n".encode("utf-16-le") + b"\x00\xdc" + "\nmore\n".encode("utf-16-le")  # a lone low surrogate
    read = decode(b"\xff\xfe" + data)
    assert read.text is None and "line 4" in read.warning


def test_the_head_of_a_utf16_note_tells_its_convention(tmp_path):
    path = tmp_path / "2024-01-01-memoire.md"
    path.write_bytes(NOTE.encode("utf-16"))
    assert head_of(path) == NOTE
    assert read_note_file(path, tmp_path).text == NOTE
