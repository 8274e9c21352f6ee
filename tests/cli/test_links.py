"""``talkgraph timestamps`` and ``talkgraph permalinks check`` from the command line; the build's layout summary."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from graph.cli import app
from graph.extract import extract_note
from graph.notes import parse_file

from ..conftest import FIXTURES

PLAYLIST = FIXTURES / "layout" / "2022-01-22-MULTIPLE-playlist-packaging.md"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_timestamps_shows_then_writes_links_keeping_a_backup(tmp_path):
    note = tmp_path / PLAYLIST.name
    original = PLAYLIST.read_bytes().replace(b"\n", b"\r\n")  # CRLF line endings survive the rewrite
    note.write_bytes(original)
    shown = invoke("timestamps", str(note))
    assert shown.exit_code == 0, shown.output
    assert "+- [00:30](https://www.youtube.com/watch?v=video000001&t=30s) rappel sur `setup.py`" in shown.stdout
    assert "+**[03:20](https://vimeo.com/123456789#t=200s)** = le lock file" in shown.stdout
    assert "5 timestamps to link, 1 without a video to link to (lines 32)" in shown.stdout
    assert note.read_bytes() == original
    written = invoke("timestamps", str(note), "--write")
    assert written.exit_code == 0 and "(the original is in" in written.stdout
    assert (tmp_path / (PLAYLIST.name + ".orig")).read_bytes() == original
    text = note.read_bytes().decode("utf-8")
    assert text.count("\r\n") == original.count(b"\r\n")
    before = extract_note(parse_file(note.name, original.decode("utf-8"))).clips
    after = extract_note(parse_file(note.name, text)).clips
    assert [(c.line, c.seconds, c.url) for c in after] == [(c.line, c.seconds, c.url) for c in before]
    again = invoke("timestamps", str(note), "--write")
    assert again.exit_code == 0 and "0 timestamps linked, 5 already links" in again.stdout
    assert note.read_bytes().decode("utf-8") == text


def test_timestamps_keep_the_encoding_of_the_note(tmp_path):
    text = "# Vidéo\n\n- **url** = https://vimeo.com/123456789\n- **type** = vidéo\n\n- 01:00 café\n"
    linked = text.replace("- 01:00", "- [01:00](https://vimeo.com/123456789#t=60s)")
    for name, before, after in (
        ("2024-01-01-bom.md", b"\xef\xbb\xbf" + text.encode("utf-8"), b"\xef\xbb\xbf" + linked.encode("utf-8")),
        ("2024-01-02-cp1252.md", text.encode("cp1252"), linked.encode("cp1252")),
    ):
        note = tmp_path / name
        note.write_bytes(before)
        assert invoke("timestamps", str(note), "--write").exit_code == 0
        assert note.read_bytes() == after


def test_timestamps_and_permalinks_errors(tmp_path):
    missing = invoke("timestamps", str(tmp_path / "nope.md"))
    assert missing.exit_code == 2 and "note not found" in missing.output
    outside = invoke("permalinks", "check", str(tmp_path))
    assert outside.exit_code == 2 and "git work tree" in outside.output


def test_the_build_summary_lists_what_it_did_not_read(tmp_path):
    notes = tmp_path / "notes"
    shutil.copytree(FIXTURES / "layout", notes)
    (notes / "schema.png").write_bytes(b"\x89PNG")
    run = invoke("build", str(notes), "-o", str(tmp_path / "out"), "--only", "report")
    assert run.exit_code == 0, run.output
    assert "notes read include 3 topic notes, 1 outline" in run.stdout
    listed = "not read (2 files, listed in report.json): 1 image (schema.png); 1 repository file (README.md)"
    assert listed in run.stdout
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["not_read"] == {"image": ["schema.png"], "repository file": ["README.md"]}
